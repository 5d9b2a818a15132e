import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as yazl from 'yazl';
import { ArchiveLimitError, ExportFormatError, readSlackExport } from '../../../src/import/slackExport';

const DAY = '2026-03-02';
const T0 = Date.parse(`${DAY}T09:00:00Z`) / 1000;
const IDS = ['UANA', 'UBEN', 'UCARA'];
const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Any JSON value that is not shaped like a message (no "ts"), so it can only be skipped. */
const junkValue = fc.jsonValue({ maxDepth: 3 }).filter((x) => !(isObject(x) && 'ts' in (x as object)));
/** Junk text: arbitrary JSON or not JSON at all. */
const junkText = fc.oneof(
  junkValue.map((x) => JSON.stringify(x)),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', '[', '[{', '{}', '[1,]', 'null'),
);
/** A message mentioning someone: the mention must be counted whatever surrounds it. */
const mention = fc
  .record({ from: fc.constantFrom(...IDS), to: fc.constantFrom(...IDS), s: fc.integer({ min: 0, max: 3000 }) })
  .filter((m) => m.from !== m.to)
  .map((m) => ({ type: 'message', user: m.from, text: `hi <@${m.to}>`, ts: `${T0 + m.s}.000100` }));
const dayFile = fc.array(
  fc.oneof(
    mention.map((m) => ({ good: true as const, m })),
    junkValue.map((m) => ({ good: false as const, m })),
  ),
  { maxLength: 12 },
);
const usersList = fc
  .array(fc.oneof(junkValue, fc.constant(null)), { maxLength: 4 })
  .map((junk) => [...IDS.map((id) => ({ id, name: id.toLowerCase() })), ...junk]);
const channelsList = fc
  .array(junkValue, { maxLength: 3 })
  .map((junk) => [{ id: 'C1', name: 'general', members: IDS }, ...junk]);

const mentionsOf = (elements: { good: boolean; m: unknown }[]) =>
  elements
    .filter((e) => e.good)
    .map((e) => e.m as { user: string; text: string })
    .map((m) => `${m.user}->${m.text.slice(5, -1)}`);
const summary = (exp: Awaited<ReturnType<typeof readSlackExport>>) =>
  exp.interactions.flatMap((i) => Array.from({ length: i.count }, () => `${i.actor}->${i.target}`)).sort();

describe('Slack export reader under fuzzing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-export-fuzz-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('any shape in users.json and channels.json: a list is read (junk elements skipped), anything else stops naming the file', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          usersList.map((u) => JSON.stringify(u)),
          junkText,
        ),
        fc.oneof(
          channelsList.map((c) => JSON.stringify(c)),
          junkText,
        ),
        dayFile,
        async (users, channels, day) => {
          const root = join(dir, `shape-${run++}`);
          await mkdir(join(root, 'general'), { recursive: true });
          await writeFile(join(root, 'users.json'), users);
          await writeFile(join(root, 'channels.json'), channels);
          await writeFile(join(root, 'general', `${DAY}.json`), JSON.stringify(day.map((e) => e.m)));
          const listOf = (text: string) => {
            try {
              return Array.isArray(JSON.parse(text));
            } catch {
              return false;
            }
          };
          try {
            const exp = await readSlackExport(root);
            expect(listOf(users) && listOf(channels)).toBe(true);
            // the day file is read when channels.json lists #general
            if (channels.includes('"general"')) expect(summary(exp)).toEqual(mentionsOf(day).sort());
          } catch (err) {
            expect(err).toBeInstanceOf(ExportFormatError);
            const file = listOf(users) ? 'channels.json' : 'users.json';
            expect((err as Error).message).toMatch(
              new RegExp(`^${file.replace('.', '\\.')}: (expected a list|broken JSON|the file (is empty|ends))`),
            );
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('junk elements and broken day files: every good message before the fault is counted, the fault is reported by file', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(dayFile, fc.option(junkText, { nil: undefined }), async (day, tail) => {
        const root = join(dir, `day-${run++}`);
        await mkdir(join(root, 'general'), { recursive: true });
        await writeFile(join(root, 'users.json'), JSON.stringify(IDS.map((id) => ({ id }))));
        await writeFile(join(root, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general', members: IDS }]));
        const body = JSON.stringify(day.map((e) => e.m));
        // a tail makes the file broken after the good elements: `[…, <junk text>`
        await writeFile(
          join(root, 'general', `${DAY}.json`),
          tail === undefined ? body : `${body.slice(0, -1)}${day.length ? ',' : ''}${tail}`,
        );
        const exp = await readSlackExport(root);
        const counted = summary(exp);
        const expected = mentionsOf(day).sort();
        if (tail === undefined) {
          expect(counted).toEqual(expected);
          expect(exp.problems).toEqual([]);
        } else {
          expect(counted).toEqual(expect.arrayContaining(expected));
          for (const p of exp.problems) expect(p).toMatch(new RegExp(`^general/${DAY}\\.json: `));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('zips with random entry names and sizes: unsafe names are skipped, limits hold, good rows are kept', async () => {
    const hostile = fc.constantFrom(
      '../users.json',
      '/etc/passwd.json',
      'C:/x.json',
      'a\\b.json',
      '..',
      'x/../../y.json',
      'general/../../z.json',
    );
    const name = fc
      .oneof(
        hostile,
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s}.json`),
      )
      .filter((n) => !/users\.json$|channels\.json$|general/.test(n) || n.startsWith('..') || n.startsWith('/'));
    const entry = fc.record({ name, size: fc.integer({ min: 0, max: 50_000 }) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { maxLength: 6 }),
        dayFile,
        fc.option(fc.integer({ min: 10, max: 4000 }), { nil: undefined }),
        async (entries, day, limit) => {
          const good: [string, string][] = [
            ['users.json', JSON.stringify(IDS.map((id) => ({ id })))],
            ['channels.json', JSON.stringify([{ id: 'C1', name: 'general', members: IDS }])],
            [`general/${DAY}.json`, JSON.stringify(day.map((e) => e.m))],
          ];
          const zip = new yazl.ZipFile();
          for (const [n, text] of good) zip.addBuffer(Buffer.from(text), n);
          // yazl refuses unsafe names: write a placeholder of the same length and patch the bytes
          const patches = entries.map((e, k) => {
            const bytes = Buffer.from(e.name, 'utf8');
            const placeholder = Buffer.from(`#${k}#`.padEnd(bytes.length, '~').slice(0, Math.max(bytes.length, 3)));
            zip.addBuffer(
              Buffer.alloc(e.size, k),
              placeholder.length === bytes.length ? placeholder.toString() : `#${k}#~`,
            );
            return { placeholder, bytes };
          });
          zip.end();
          const chunks: Buffer[] = [];
          for await (const c of zip.outputStream) chunks.push(c as Buffer);
          const data = Buffer.concat(chunks);
          for (const { placeholder, bytes } of patches) {
            if (placeholder.length !== bytes.length) continue;
            for (let at = data.indexOf(placeholder); at >= 0; at = data.indexOf(placeholder, at + 1))
              bytes.copy(data, at);
          }
          const file = join(dir, `fuzz-${run++}.zip`);
          await writeFile(file, data);
          const readBytes = good.reduce((s, [, text]) => s + Buffer.byteLength(text), 0);
          try {
            const exp = await readSlackExport(file, { maxTotalBytes: limit });
            expect(limit === undefined || readBytes <= limit).toBe(true);
            expect(summary(exp)).toEqual(mentionsOf(day).sort());
            // yauzl reads a backslash as "/"; absolute paths and ".." parts are unsafe
            const path = (n: string) => n.replace(/\\/g, '/');
            const unsafe = entries.some(
              (e) => e.name.endsWith('.json') && /^(\/|[A-Za-z]:)|(^|\/)\.\.(\/|$)/.test(path(e.name)),
            );
            expect(exp.warnings.some((w) => w.includes('unsafe names'))).toBe(unsafe);
          } catch (err) {
            expect(err).toBeInstanceOf(ArchiveLimitError);
            expect(limit !== undefined && readBytes > limit).toBe(true);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

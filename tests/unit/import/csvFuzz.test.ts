import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parsePeopleCsv, parseTiesCsv, readNumberedTies, readPeopleCsv } from '../../../src/import/csvFiles';
import { csvLine, csvLines, LineSplitter, tooLongError, type CsvLine } from '../../../src/import/csvLines';

/** The CSV lines of a stream given in chunks, split as files are (LineSplitter). */
function linesOfChunks(chunks: (Buffer | string)[], maxLineBytes?: number): CsvLine[] {
  const got: CsvLine[] = [];
  const splitter: LineSplitter = new LineSplitter(
    (bytes, start, end, line) => {
      const parsed = csvLine(splitter.text(bytes, start, end), line);
      if (parsed) got.push(parsed);
    },
    (line) => got.push({ line, error: tooLongError(maxLineBytes ?? 1024 * 1024) }),
    maxLineBytes,
  );
  for (const c of chunks) splitter.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  splitter.end();
  return got;
}

/** A line of junk: anything on one line (quotes, commas, control characters, unicode). */
const junkLine = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('"', '"U1,U2', 'U1,"U2', '"U1","U2"x', ',,,', 'U1,U1', 'U1,U2,-3', 'U1,U2,abc', '\u0000,\u0000'),
  )
  .map((s) => s.replace(/[\r\n]/g, ' '));
const personId = fc.stringMatching(/^U[A-Z0-9]{2,8}$/);
const tie = fc
  .record({
    source: personId,
    target: personId,
    weight: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    quoted: fc.boolean(),
  })
  .filter((t) => t.source !== t.target);
const eol = fc.constantFrom('\n', '\r\n');

type Line =
  | { valid: true; text: string; tie: { source: string; target: string; weight: number } }
  | { valid: false; text: string };

const fileOf = (lines: Line[], end: string) => ['source,target,weight', ...lines.map((l) => l.text)].join(end) + end;

describe('CSV inputs under fuzzing (weaver analyze --ties/--people)', () => {
  it('never crashes on arbitrary text: either rows and line-numbered errors, or one clear error naming the line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        for (const read of [parseTiesCsv, parsePeopleCsv]) {
          try {
            const { rows, bad } = read(text);
            expect(Array.isArray(rows)).toBe(true);
            for (const b of bad) expect(b.line).toBeGreaterThan(1);
          } catch (err) {
            expect(err).toBeInstanceOf(Error);
            expect((err as Error).message).toMatch(/is empty: expected a header|line \d+: header must name/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every valid row, in order, whatever junk lines surround it, and accounts for every other line by number', () => {
    const line: fc.Arbitrary<Line> = fc.oneof(
      tie.map((t) => {
        const cells = [t.source, t.target, ...(t.weight === undefined ? [] : [String(t.weight)])];
        const text = t.quoted ? cells.map((c) => `"${c}"`).join(',') : cells.join(',');
        return { valid: true as const, text, tie: { source: t.source, target: t.target, weight: t.weight ?? 1 } };
      }),
      junkLine.map((text) => ({ valid: false as const, text })),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), eol, (lines, end) => {
        const { rows, bad } = parseTiesCsv(fileOf(lines, end));
        // Each valid row is among the rows, in file order (junk may itself happen to be a valid tie).
        let at = 0;
        for (const l of lines.filter((x): x is Extract<Line, { valid: true }> => x.valid)) {
          while (
            at < rows.length &&
            !(rows[at].source === l.tie.source && rows[at].target === l.tie.target && rows[at].weight === l.tie.weight)
          )
            at += 1;
          expect(at).toBeLessThan(rows.length);
          at += 1;
        }
        // Every non-blank line is a row or a reported error with its own line number.
        const nonBlank = lines.map((l, i) => ({ l, lineNo: i + 2 })).filter(({ l }) => l.text.trim() !== '');
        expect(rows.length + bad.length).toBe(nonBlank.length);
        const validLines = new Set(nonBlank.filter(({ l }) => l.valid).map(({ lineNo }) => lineNo));
        for (const b of bad) {
          expect(validLines.has(b.line)).toBe(false);
          expect(b.line).toBeGreaterThan(1);
          expect(b.line).toBeLessThanOrEqual(lines.length + 1);
          expect(b.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads quoted fields with spaces around them', () => {
    expect(parsePeopleCsv('id,department\nU1, "Research, Dev"\nU2,"Ops" \n').rows).toEqual([
      { id: 'U1', department: 'Research, Dev' },
      { id: 'U2', department: 'Ops' },
    ]);
  });

  it('reports an unclosed quote on its own line and keeps the rows after it', () => {
    const { rows, bad } = parseTiesCsv('source,target\nU1,U2\n"U3,U4\nU5,U6\n');
    expect(rows).toEqual([
      { source: 'U1', target: 'U2', weight: 1 },
      { source: 'U5', target: 'U6', weight: 1 },
    ]);
    expect(bad).toEqual([{ line: 3, reason: 'not valid CSV: a quoted field is not closed' }]);
  });

  it('reads a stream in any chunking exactly as the whole text (\\r\\n and UTF-8 characters split across chunks)', async () => {
    const text = fc
      .array(fc.oneof(junkLine, fc.constantFrom('\r', '\n', '\r\n', 'é,ü', '"a\u{1F600}",b', '\uFEFF')), {
        maxLength: 30,
      })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 9 }), async (t, size) => {
        const bytes = Buffer.from(t, 'utf8');
        const chunks = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        expect(linesOfChunks(chunks)).toEqual(csvLines(t));
      }),
      { numRuns: 300 },
    );
  });

  it('reports a line longer than the limit by its number without holding it', async () => {
    const chunks = ['id,department\nU1,Ops\n', ...Array.from({ length: 10 }, () => 'x'.repeat(1000)), '\nU2,Ops\n'];
    expect(linesOfChunks(chunks, 4000)).toEqual([
      { line: 1, cells: ['id', 'department'] },
      { line: 2, cells: ['U1', 'Ops'] },
      { line: 3, error: 'line longer than 4 KiB' },
      { line: 4, cells: ['U2', 'Ops'] },
    ]);
  });

  it('reads a ties file into numbers exactly as the text parser reads it: the same ties, people and bad rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weaver-ties-'));
    try {
      // plain rows (the byte fast path) mixed with everything that must go the general way
      const cell = fc.oneof(
        personId,
        fc.constantFrom(
          ' U1 ',
          '\tU2',
          'U1',
          'Ü3',
          '"U4"',
          '',
          '  ',
          'x'.repeat(201),
          'U\u0007B',
          '3',
          '-1',
          '0x10',
          '1e2',
        ),
      );
      const row = fc.oneof(
        fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')),
        junkLine,
        fc.constant(''),
      );
      const header = fc.constantFrom(
        'source,target',
        'source,target,weight',
        'weight, Target ,source',
        'a,source,target',
      );
      const people = fc.uniqueArray(fc.constantFrom('U1', 'U2', 'Ü3', 'UAB', 'UB'), { maxLength: 4 });
      await fc.assert(
        fc.asyncProperty(header, fc.array(row, { maxLength: 30 }), eol, people, async (head, rows, end, listed) => {
          const text = [head, ...rows].join(end) + end;
          const file = join(dir, 'ties.csv');
          writeFileSync(file, text);
          const expected = parseTiesCsv(text, file);
          const got = await readNumberedTies(
            file,
            listed.map((id) => ({ id, department: 'D' })),
          );
          expect(got.bad).toEqual(expected.bad);
          expect(got.badCount).toBe(expected.badCount);
          const { ties } = got;
          expect(ties.ids.slice(0, ties.listed)).toEqual(listed);
          const named = Array.from({ length: ties.count }, (_, k) => ({
            source: ties.ids[ties.source[k]],
            target: ties.ids[ties.target[k]],
            weight: ties.weight[k],
          }));
          expect(named).toEqual(expected.rows);
          // people only in the ties, numbered in the order first seen
          const order = [...new Set([...listed, ...expected.rows.flatMap((r) => [r.source, r.target])])];
          expect(ties.ids).toEqual(order);
        }),
        { numRuns: 400 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a people file exactly as the text parser reads it, and numbers the ties after it in the same order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weaver-people-'));
    try {
      const cell = fc.oneof(
        personId,
        fc.constantFrom(' U1 ', '\tU2', 'U1', 'Ü3', '"U4"', '', '  ', 'x'.repeat(201), 'U\u0007B', 'Design', ' Sales '),
      );
      const row = fc.oneof(
        fc.array(cell, { minLength: 1, maxLength: 3 }).map((cells) => cells.join(',')),
        junkLine,
        fc.constant(''),
      );
      const header = fc.constantFrom('id,department', 'department,id', 'ID, Department ,x');
      await fc.assert(
        fc.asyncProperty(header, fc.array(row, { maxLength: 30 }), eol, async (head, rows, end) => {
          const text = [head, ...rows].join(end) + end;
          const file = join(dir, 'people.csv');
          writeFileSync(file, text);
          const expected = parsePeopleCsv(text, file);
          const got = await readPeopleCsv(file);
          expect(got.rows).toEqual(expected.rows);
          expect(got.bad).toEqual(expected.bad);
          expect(got.badCount).toBe(expected.badCount);
          writeFileSync(join(dir, 'ties.csv'), 'source,target\nU1,UZZ\n');
          const { ties } = await readNumberedTies(join(dir, 'ties.csv'), got);
          expect(ties.ids).toEqual([...new Set([...expected.rows.map((r) => r.id), 'U1', 'UZZ'])]);
          expect(ties.listed).toBe(expected.rows.length);
        }),
        { numRuns: 300 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

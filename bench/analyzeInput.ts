/**
 * `weaver analyze` on big and hostile inputs, each run in a child process that reports its time
 * and peak RSS (process.resourceUsage().maxRSS):
 *   node bin/run-ts.cjs bench/analyzeInput.ts [--export-mib 1024] [--bad-rows 1000000] [--bomb-gib 3] [--skip-export] [--keep]
 * Goals (issue #16): a 1 GiB export < 1 GiB peak RSS; 1 M bad CSV rows < 5 s and < 300 MiB; a
 * small zip holding a 3 GiB users.json stops with one line (no crash) in bounded memory.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import * as yazl from 'yazl';
import { main } from '../src/cli/main';

const MiB = 1024 * 1024;

/** Child mode: run the CLI in this process, then print time and peak RSS as one JSON line. */
async function child(argv: string[]): Promise<void> {
  const started = process.hrtime.bigint();
  const code = await main(argv);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(`\n@@${JSON.stringify({ code, seconds, cpuSeconds, maxRssMiB: usage.maxRSS / 1024 })}\n`);
  process.exit(0);
}

interface Figures {
  code: number;
  seconds: number;
  /** CPU time of the whole child (start-up included): the wall time suffers on a shared machine */
  cpuSeconds: number;
  maxRssMiB: number;
  stderr: string;
}

function measure(argv: string[]): Figures {
  const r = spawnSync(process.execPath, [join(__dirname, '../bin/run-ts.cjs'), __filename, '--child', ...argv], {
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@'));
  if (!line) throw new Error(`child failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return { ...JSON.parse(line.slice(2)), stderr: r.stderr };
}

async function writeExport(dir: string, targetMiB: number): Promise<number> {
  const people = 20_000;
  const id = (k: number) => `U${String(k).padStart(6, '0')}`;
  const users = Array.from({ length: people }, (_, k) => ({
    id: id(k),
    name: `person${k}`,
    profile: { title: `Dept ${k % 40}` },
  }));
  await writeFile(join(dir, 'users.json'), JSON.stringify(users));
  const channels = Array.from({ length: 100 }, (_, c) => ({
    id: `C${c}`,
    name: `chan-${c}`,
    created: 1_700_000_000,
    creator: id(c),
    members: Array.from({ length: 200 }, (_, i) => id((c * 197 + i) % people)),
  }));
  await writeFile(join(dir, 'channels.json'), JSON.stringify(channels));
  const filler = 'lorem ipsum dolor sit amet '.repeat(70); // ~1.9 KB of text per message
  let written = 0;
  let seed = 1;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  for (let day = 0; written < targetMiB * MiB; day++) {
    const date = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const t0 = Date.parse(`${date}T09:00:00Z`) / 1000;
    for (let c = 0; c < channels.length && written < targetMiB * MiB; c++) {
      await mkdir(join(dir, `chan-${c}`), { recursive: true });
      const members = channels[c].members;
      const messages = Array.from({ length: 500 }, (_, i) => ({
        type: 'message',
        user: members[rand(200)],
        text: `<@${members[rand(200)]}> ${filler}`,
        ts: `${t0 + i}.000100`,
      }));
      const text = JSON.stringify(messages);
      await writeFile(join(dir, `chan-${c}`, `${date}.json`), text);
      written += text.length;
    }
  }
  return written;
}

async function writeBadCsv(dir: string, rows: number): Promise<void> {
  await writeFile(
    join(dir, 'people.csv'),
    `id,department\n${Array.from({ length: 100 }, (_, k) => `U${k},Dept ${k % 5}`).join('\n')}\n`,
  );
  const out = createWriteStream(join(dir, 'ties.csv'));
  const bad = ['U1,U1', '"U2,U3', 'U4,U5,abc', ',U6', 'U7,U8,-2'];
  out.write('source,target,weight\nU1,U2\n');
  for (let i = 0; i < rows; i += 10_000) {
    const block: string[] = [];
    for (let k = i; k < Math.min(rows, i + 10_000); k++) block.push(bad[k % bad.length]);
    if (!out.write(`${block.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end(() => resolve()).on('error', reject));
}

/** A zip holding `gib` GiB of spaces as users.json: a few MB on disk. */
async function writeBomb(file: string, gib: number): Promise<void> {
  const chunk = Buffer.alloc(MiB, ' ');
  let left = gib * 1024;
  const spaces = new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
  const zip = new yazl.ZipFile();
  zip.addReadStream(spaces, 'users.json', { compressionLevel: 9 } as yazl.ReadStreamOptions);
  zip.addBuffer(Buffer.from('[]'), 'channels.json');
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject),
  );
}

const show = (what: string, f: Figures, extra = '') =>
  console.log(
    `${what.padEnd(44)} exit ${f.code}  ${f.seconds.toFixed(1).padStart(6)} s (CPU ${f.cpuSeconds.toFixed(1)} s)  ${f.maxRssMiB.toFixed(0).padStart(6)} MiB peak RSS${extra}`,
  );

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'export-mib': { type: 'string', default: '1024' },
      'bad-rows': { type: 'string', default: '1000000' },
      'bomb-gib': { type: 'string', default: '3' },
      keep: { type: 'boolean' },
      'skip-export': { type: 'boolean' },
    },
  });
  const dir = await mkdtemp(join(tmpdir(), 'weaver-bench-analyze-'));
  try {
    const rows = Number(values['bad-rows']);
    await writeBadCsv(dir, rows);
    const csv = measure([
      'analyze',
      '--edges',
      join(dir, 'ties.csv'),
      '--departments',
      join(dir, 'people.csv'),
      '--out',
      join(dir, 'csv-report.txt'),
    ]);
    show(
      `${rows.toLocaleString('en')} bad CSV rows (${((await stat(join(dir, 'ties.csv'))).size / MiB).toFixed(0)} MiB)`,
      csv,
      '   goal < 5 s, < 300 MiB',
    );

    const bomb = join(dir, 'bomb.zip');
    await writeBomb(bomb, Number(values['bomb-gib']));
    const b = measure(['analyze', bomb, '--out', join(dir, 'bomb-report.txt')]);
    const zipMiB = ((await stat(bomb)).size / MiB).toFixed(1);
    show(`zip of ${zipMiB} MiB with a ${values['bomb-gib']} GiB users.json`, b);
    console.log(
      `  ${b.stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('bomb.zip'))
        .join('\n  ')}`,
    );
    // the header passes, so the limit is met while inflating
    const counted = measure([
      'analyze',
      bomb,
      '--max-entry-size',
      '8GiB',
      '--max-unzipped',
      '1GiB',
      '--out',
      join(dir, 'bomb-report.txt'),
    ]);
    show('  same, --max-entry-size 8GiB --max-unzipped 1GiB', counted);
    console.log(
      `  ${counted.stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('bomb.zip'))
        .join('\n  ')}`,
    );
    if (values['skip-export']) return;

    const exportDir = join(dir, 'export');
    await mkdir(exportDir);
    const bytes = await writeExport(exportDir, Number(values['export-mib']));
    const e = measure(['analyze', exportDir, '--format', 'json', '--out', join(dir, 'export-report.json')]);
    show(`export folder of ${(bytes / MiB).toFixed(0)} MiB`, e, '   goal < 1024 MiB');
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') void child(process.argv.slice(3));
else
  void run().catch((err) => {
    console.error(err);
    process.exit(1);
  });

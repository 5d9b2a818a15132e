/**
 * The `weaver` bin run the way npm runs it: through a symbolic link (node_modules/.bin/weaver, a global
 * bin), executed directly so its #! line starts node. Runs dist/weaver.js when built, else the sources via tsx.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { seededRandom } from '../../src/domain/random';
import { readNumberedTies, readPeopleCsv } from '../../src/import/csvFiles';
import { reportFromTieList } from '../../src/services/offlineReport';

const run = promisify(execFile);
const BIN = resolve(__dirname, '../../bin/weaver.cjs');

type Result = { code: number; stdout: string; stderr: string };

async function weaver(link: string, args: string[], cwd: string): Promise<Result> {
  try {
    const env = { ...process.env, NODE_OPTIONS: '' };
    const { stdout, stderr } = await run(link, args, { cwd, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the weaver bin through a link, as npm installs it', () => {
  let dir: string;
  let link: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-bin-'));
    link = join(dir, 'weaver');
    await symlink(BIN, link);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the usage for --help and exits 0', async () => {
    const result = await weaver(link, ['--help'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: weaver <command> \[options\]/);
    expect(result.stdout).toMatch(/\n {2}analyze +silo report from a Slack export/);
  });

  it('names an unknown command on one line, says where the commands are listed and exits non-zero', async () => {
    const result = await weaver(link, ['frobnicate'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('weaver: unknown command "frobnicate"; weaver --help lists the commands\n');
    expect(result.stdout).toBe('');
  });

  it('says that a PNG comes from --png FILE when asked for --format png', async () => {
    const args = ['analyze', '--edges', 'ties.csv', '--departments', 'people.csv', '--format', 'png'];
    const result = await weaver(link, args, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format: a PNG \(the department heat map\) is written with --png FILE/);
  });

  it('writes the demo outside the working folder, so git status stays clean, and says where', async () => {
    const repo = join(dir, 'repo');
    await run('git', ['init', '-q', repo]);
    const result = await weaver(link, ['demo', '--people', '60'], repo);
    expect(result.code).toBe(0);
    const where = /Writing the demo to (.+)/.exec(result.stderr)?.[1];
    expect(where).toBeDefined();
    expect(await readdir(where!)).toEqual(expect.arrayContaining(['report.txt', 'heatmap.png', 'slack-export']));
    expect((await run('git', ['status', '--porcelain'], { cwd: repo })).stdout).toBe('');
    await rm(where!, { recursive: true, force: true });
  });

  it('analyses a tie list to the same report as the library gives from the sources', async () => {
    const rand = seededRandom(7);
    const people = Array.from({ length: 400 }, (_, i) => `U${i}`);
    const department = (i: number) => ['Design', 'Sales', 'Research', 'Legal'][i % 4];
    const ties = new Set<string>();
    while (ties.size < 1500) {
      const a = Math.floor(rand() * 400);
      // mostly inside one's department, some across
      const b = rand() < 0.7 ? (a + 4 * (1 + Math.floor(rand() * 99))) % 400 : Math.floor(rand() * 400);
      if (a !== b) ties.add(`U${a},U${b}`);
    }
    const tiesFile = join(dir, 'ties.csv');
    const peopleFile = join(dir, 'people.csv');
    await writeFile(tiesFile, `source,target\n${[...ties].join('\n')}\n`);
    await writeFile(peopleFile, `id,department\n${people.map((p, i) => `${p},${department(i)}`).join('\n')}\n`);

    const result = await weaver(
      link,
      ['analyze', '--edges', tiesFile, '--departments', peopleFile, '--format', 'json'],
      dir,
    );
    expect(result.code).toBe(0);
    const fromBin = JSON.parse(result.stdout);
    const rows = (await readPeopleCsv(peopleFile)).rows;
    const now = new Date(fromBin.generatedAt);
    const { ties: numbered } = await readNumberedTies(tiesFile, rows);
    const inProcess = JSON.parse(
      JSON.stringify(
        reportFromTieList(numbered, rows, { minGroupSize: 5, since: null, now, departmentsFile: basename(peopleFile) }),
      ),
    );
    expect(fromBin.org.louvain.count).toBeGreaterThan(1);
    expect(fromBin).toEqual(inProcess);
  });
});

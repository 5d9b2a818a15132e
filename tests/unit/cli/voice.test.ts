/**
 * One voice on the command line (#25): every mistake is one line in Weaver's words, naming the flag
 * or file and the fix — never Node's, zod's or a usage dump.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

describe('what the command line says when something is wrong', () => {
  let dir: string;
  let errors: string[];
  let output: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-voice-'));
    errors = [];
    output = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs weaver and returns its exit code and the one line it printed. */
  async function weaver(...argv: string[]): Promise<{ code: number; said: string }> {
    const code = await main(argv);
    const said = errors.join('\n');
    errors = [];
    return { code, said };
  }
  const oneLine = (s: string) => expect(s.split('\n')).toHaveLength(1);

  it('names a file that does not exist, plainly', async () => {
    const nope = join(dir, 'nope.zip');
    const r = await weaver('analyze', nope);
    expect(r).toEqual({ code: 2, said: `weaver analyze: cannot read ${nope}: no such file` });
    const csv = join(dir, 'people.csv');
    const s = await weaver('simulate', '--edges', join(dir, 'ties.csv'), '--departments', csv);
    expect(s.said).toBe(`weaver simulate: cannot read ${csv}: no such file`);
  });

  it('suggests the flag meant for a mistyped one', async () => {
    const r = await weaver('analyze', 'x.zip', '--fromat', 'json');
    expect(r).toEqual({ code: 2, said: 'weaver analyze: unknown flag --fromat (did you mean --format?)' });
    const far = await weaver('report', '--colour', 'red');
    expect(far.said).toBe('weaver report: unknown flag --colour (--help lists the flags)');
    expect((await weaver('round', '--dry-rnu')).said).toBe(
      'weaver round: unknown flag --dry-rnu (did you mean --dry-run?)',
    );
  });

  it('says a flag needs a value', async () => {
    expect((await weaver('analyze', '--out')).said).toBe('weaver analyze: --out needs a value');
  });

  it("translates zod's messages into plain limits and choices", async () => {
    const rounds = await weaver('simulate', '--rounds', '0', '--edges', 'a.csv', '--departments', 'b.csv');
    expect(rounds.said).toBe('weaver simulate: --rounds: must be at least 1');
    const format = await weaver('simulate', '--format', 'xml', '--edges', 'a.csv', '--departments', 'b.csv');
    expect(format.said).toBe('weaver simulate: --format: must be one of text, json, html');
    for (const said of [rounds.said, format.said]) {
      oneLine(said);
      expect(said).not.toMatch(/Too small|Invalid option|expected/);
    }
  });

  it("checks --out's folder before any work starts", async () => {
    await writeFile(join(dir, 'people.csv'), 'id,department\na,Apps\nb,Data\n');
    await writeFile(join(dir, 'ties.csv'), 'source,target\na,b\n');
    const out = join(dir, 'missing', 'report.html');
    const started = Date.now();
    const r = await weaver(
      'analyze',
      '--edges',
      join(dir, 'ties.csv'),
      '--departments',
      join(dir, 'people.csv'),
      '--out',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.said).toBe(
      `weaver analyze: --out ${out}: there is no folder ${join(dir, 'missing')}; create it or write somewhere else`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const folder = await weaver(
      'analyze',
      '--edges',
      join(dir, 'ties.csv'),
      '--departments',
      join(dir, 'people.csv'),
      '--out',
      dir,
    );
    expect(folder.said).toMatch(/that is a folder; give a file name/);
  });

  it('prints its version', async () => {
    expect(await main(['--version'])).toBe(0);
    expect(output).toEqual([expect.stringMatching(/^weaver \d+\.\d+\.\d+$/)]);
  });

  it('suggests the command meant for a mistyped one, on one line', async () => {
    const r = await weaver('analyse');
    expect(r).toEqual({
      code: 2,
      said: 'weaver: unknown command "analyse" (did you mean weaver analyze?); weaver --help lists the commands',
    });
  });

  it('names the departments file it cannot read', async () => {
    const nope = join(dir, 'nope.csv');
    expect((await weaver('departments', 'import', nope)).said).toBe(
      `weaver departments: cannot read ${nope}: no such file`,
    );
  });
});

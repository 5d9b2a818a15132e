import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

describe('weaver analyze --edges', () => {
  let dir: string;
  let errors: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-analyze-'));
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.join(' '));
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports bad rows with line numbers, skips them and analyses the rest', async () => {
    const people = ['id,department', ...Array.from({ length: 6 }, (_, i) => `a${i},Apps`), ...Array.from({ length: 6 }, (_, i) => `d${i},Data`)];
    const ties = ['source,target,weight', 'a0,a1', 'a1,a2', 'a2,a3,2', 'a3,a4', 'oops', 'd0,d1', 'd1,d2', 'd2,d3', 'a0,d0', 'd4,d4'];
    await writeFile(join(dir, 'people.csv'), people.join('\n'));
    await writeFile(join(dir, 'ties.csv'), ties.join('\n'));
    const out = join(dir, 'report.json');
    const code = await main(['analyze', '--edges', join(dir, 'ties.csv'), '--departments', join(dir, 'people.csv'), '--format', 'json', '--out', out]);
    expect(code).toBe(0);
    expect(errors.filter((e) => /line \d+/.test(e))).toEqual([
      expect.stringMatching(/ties\.csv line 6: .*\(skipped\)/),
      expect.stringMatching(/ties\.csv line 11: .*same person.*\(skipped\)/),
    ]);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report.org).toMatchObject({ members: 12, ties: 8, crossShare: 0.125 });
  });

  it('explains what is missing instead of failing with a stack trace', async () => {
    expect(await main(['analyze', '--edges', join(dir, 'ties.csv')])).toBe(2);
    expect(errors.join('\n')).toMatch(/--edges needs --departments people\.csv/);
    expect(await main(['analyze', join(dir, 'nothing-here')])).toBe(2);
    expect(errors.join('\n')).toMatch(/nothing-here/);
    expect(await main(['analyze', '--since', 'yesterday', '--edges', 'x', '--departments', 'y'])).toBe(2);
    expect(errors.join('\n')).toMatch(/--since: must be a date/);
  });
});

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
    const people = [
      'id,department',
      ...Array.from({ length: 6 }, (_, i) => `a${i},Apps`),
      ...Array.from({ length: 6 }, (_, i) => `d${i},Data`),
    ];
    const ties = [
      'source,target,weight',
      'a0,a1',
      'a1,a2',
      'a2,a3,2',
      'a3,a4',
      'oops',
      'd0,d1',
      'd1,d2',
      'd2,d3',
      'a0,d0',
      'd4,d4',
    ];
    await writeFile(join(dir, 'people.csv'), people.join('\n'));
    await writeFile(join(dir, 'ties.csv'), ties.join('\n'));
    const out = join(dir, 'report.json');
    const code = await main([
      'analyze',
      '--edges',
      join(dir, 'ties.csv'),
      '--departments',
      join(dir, 'people.csv'),
      '--format',
      'json',
      '--out',
      out,
    ]);
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
    expect(await main(['analyze', '--since', '2026-02-30', '--edges', 'x', '--departments', 'y'])).toBe(2);
    expect(errors.join('\n')).toMatch(/--since: is not a real date/);
    expect(await main(['analyze', '--min-group-size', '0', '--edges', 'x', '--departments', 'y'])).toBe(2);
    expect(errors.join('\n')).toMatch(/--min-group-size: must be a whole number from 1 to 1000/);
  });

  it('reports people in the ties who are missing from the departments file, and stops on them with --strict-people', async () => {
    await writeFile(join(dir, 'people.csv'), ['id,department', 'a0,Apps', 'a1,Apps'].join('\n'));
    const ties = ['source,target', 'a0,a1', ...Array.from({ length: 7 }, (_, i) => `a0,x${i}`)];
    await writeFile(join(dir, 'ties.csv'), ties.join('\n'));
    const args = [
      'analyze',
      '--edges',
      join(dir, 'ties.csv'),
      '--departments',
      join(dir, 'people.csv'),
      '--format',
      'json',
      '--out',
      join(dir, 'r.json'),
    ];
    expect(await main(args)).toBe(0);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^7 people in .*ties\.csv are not in .*people\.csv \(x0, x1, x2, x3, x4, …\): left out of the department metrics/,
      ),
    );
    expect(JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')).org.members).toBe(9);
    errors.length = 0;
    expect(await main([...args, '--strict-people'])).toBe(2);
    expect(errors.join('\n')).toMatch(
      /7 people in .*ties\.csv are not in .*people\.csv \(x0, .*\); add them or leave out --strict-people/,
    );
  });

  it('stops with one line, the counts and the first reasons, exit code 2, when no tie is valid', async () => {
    await writeFile(join(dir, 'people.csv'), 'id,department\na0,Apps\na1,Apps\n');
    const rows = ['source,target', ...Array.from({ length: 500 }, (_, i) => `a${i % 2},`)];
    await writeFile(join(dir, 'ties.csv'), rows.join('\n'));
    const code = await main(['analyze', '--edges', join(dir, 'ties.csv'), '--departments', join(dir, 'people.csv')]);
    expect(code).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^weaver analyze: no valid ties in .*ties\.csv: 500 rows, all bad; first reasons: line 2: .*; line 3: .*; line 4: /,
    );
  });

  it("stops with one line and exit code 2 when --since is after the export's last message day", async () => {
    const exp = join(dir, 'export');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(exp, 'general'), { recursive: true });
    await writeFile(join(exp, 'users.json'), JSON.stringify([{ id: 'U1' }, { id: 'U2' }]));
    await writeFile(join(exp, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general', members: ['U1', 'U2'] }]));
    await writeFile(
      join(exp, 'general', '2026-10-26.json'),
      JSON.stringify([
        { ts: '1793000000.000100', user: 'U1', text: 'hi <@U2>' },
        { ts: '1793000001.000100', user: 'U2', text: 'hello', thread_ts: '1793000000.000100' },
      ]),
    );
    expect(await main(['analyze', exp, '--since', '2027-01-01'])).toBe(2);
    expect(errors.at(-1)).toMatch(/--since 2027-01-01 is after the last message day of the export \(2026-10-26\)/);
  });

  it('counts every bad row while keeping only the first ones in memory', async () => {
    await writeFile(join(dir, 'people.csv'), 'id,department\na,Apps\nb,Apps\n');
    await writeFile(
      join(dir, 'ties.csv'),
      ['source,target', 'a,b', ...Array.from({ length: 1500 }, () => 'a,a')].join('\r\n'),
    );
    expect(
      await main([
        'analyze',
        '--edges',
        join(dir, 'ties.csv'),
        '--departments',
        join(dir, 'people.csv'),
        '--out',
        join(dir, 'r.txt'),
      ]),
    ).toBe(0);
    expect(errors.filter((e) => /line \d+: .*same person/.test(e))).toHaveLength(20);
    expect(errors).toContainEqual(expect.stringMatching(/ties\.csv: 1480 more bad rows skipped$/));
  });

  it('stops with one line and exit code 3 when a zip unpacks past --max-entry-size', async () => {
    const yazl = await import('yazl');
    const { createWriteStream } = await import('node:fs');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.alloc(3 * 1024 * 1024, ' '), 'users.json');
    zip.addBuffer(Buffer.from('[]'), 'channels.json');
    zip.end();
    const file = join(dir, 'bomb.zip');
    await new Promise<void>((resolve) => zip.outputStream.pipe(createWriteStream(file)).on('close', () => resolve()));
    expect(await main(['analyze', file, '--max-entry-size', '1MiB'])).toBe(3);
    expect(errors.filter((e) => e.includes('bomb.zip'))).toEqual([
      expect.stringMatching(
        /bomb\.zip: users\.json unpacks to 3 MiB, over the limit for one file of a zip \(1 MiB, --max-entry-size\)$/,
      ),
    ]);
    expect(await main(['analyze', file, '--max-unzipped', 'lots'])).toBe(2);
    expect(errors.join('\n')).toMatch(/--max-unzipped: "lots" is not a size/);
  });

  it('stops naming the file when users.json is not a list', async () => {
    await writeFile(join(dir, 'users.json'), '{"ok": true}');
    await writeFile(join(dir, 'channels.json'), '[]');
    expect(await main(['analyze', dir])).toBe(2);
    expect(errors.join('\n')).toMatch(/users\.json: expected a list \(\[…\]\) but the file holds an object/);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

describe('weaver simulate --edges', () => {
  let dir: string;
  let errors: string[];
  let stdout: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-simulate-'));
    errors = [];
    stdout = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.join(' '));
    });
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    // Two departments of five (the privacy threshold), each a ring, and one tie between them.
    const five = [0, 1, 2, 3, 4];
    const people = ['id,department', ...five.map((i) => `a${i},Apps`), ...five.map((i) => `b${i},Build`)];
    const ties = ['source,target', ...ringTies()];
    const interests = ['id,tag', 'a1,Chess', 'b2,chess', 'a2,go', 'b3,go', 'nobody,go', ',broken'];
    await writeFile(join(dir, 'people.csv'), people.join('\n'));
    await writeFile(join(dir, 'ties.csv'), ties.join('\n'));
    await writeFile(join(dir, 'interests.csv'), interests.join('\n'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  const ringTies = () => {
    const five = [0, 1, 2, 3, 4];
    return ['a', 'b'].flatMap((d) => five.map((i) => `${d}${i},${d}${(i + 1) % 5}`)).concat('a0,b0');
  };
  const files = () => ['--edges', join(dir, 'ties.csv'), '--departments', join(dir, 'people.csv')];

  it('writes per-round figures for every strategy as JSON, using the interests file, reporting bad rows', async () => {
    const out = join(dir, 'sim.json');
    const interests = join(dir, 'interests.csv');
    const code = await main([
      'simulate',
      ...files(),
      '--interests',
      interests,
      '--rounds',
      '3',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(errors).toContainEqual(expect.stringMatching(/interests\.csv line 7: .*empty id.*\(skipped\)/));
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.model).toMatchObject({ rounds: 3, accept: 0.6, meet: 0.7, participation: 0.8, seed: 1 });
    expect(result.model.interests).toMatchObject({ source: 'interests-file', tags: 2, peopleWithInterests: 4 });
    expect(result.baseline).toMatchObject({ people: 10, ties: 11, departments: 2 });
    expect(Object.keys(result.strategies)).toEqual(['weaver', 'random', 'random-cross']);
    type Strategy = { perRound: Array<Record<string, number>>; final: Record<string, number> };
    for (const s of Object.values(result.strategies) as Strategy[]) {
      expect(s.perRound.map((r) => r.round)).toEqual([1, 2, 3]);
      const fields = ['proposed', 'accepted', 'met', 'orgEI', 'modularity', 'crossShare'];
      fields.push('missingBridgesClosed', 'peopleReached', 'sharedInterestRate');
      expect(Object.keys(s.perRound[0])).toEqual(expect.arrayContaining(fields));
    }
    // Weaver only introduces the people who share a tag across departments: a1–b2 (chess), a2–b3 (go).
    const weaver = result.strategies.weaver.perRound[0];
    expect(weaver.proposed).toBeLessThanOrEqual(2);
    expect(weaver.sharedInterestRate).toBe(weaver.proposed ? 1 : 0);
  });

  it('prints the model, a table per strategy and the comparison; HTML has a chart per metric', async () => {
    expect(await main(['simulate', ...files(), '--rounds', '2', '--strategies', 'weaver,random-cross'])).toBe(0);
    const text = stdout.join('');
    expect(text).toMatch(/Interests: generated from the network/);
    expect(text).toMatch(/After 2 rounds, Weaver closed \d+ of \d+ missing bridges; random cross-department pairing/);
    expect(text).not.toMatch(/^random \(random pairing\)/m);
    const html = join(dir, 'sim.html');
    expect(await main(['simulate', ...files(), '--rounds', '2', '--format', 'html', '--out', html])).toBe(0);
    const page = await readFile(html, 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(6);
    expect(page).not.toMatch(/<script|src="http/);
    // "Model and per-round figures" keeps its lines (it was one line that scrolled sideways)
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(page)![1];
    expect(pre.split('\n').length).toBeGreaterThan(10);
  });

  it('simulates only the people with a department, and says how many were left out', async () => {
    // two people only in the ties: their department is unknown, so they are not a department
    await writeFile(join(dir, 'ties.csv'), ['source,target', ...ringTies(), 'x1,a1', 'x2,b2', 'x1,x2'].join('\n'));
    const out = join(dir, 'sim.json');
    expect(await main(['simulate', ...files(), '--rounds', '2', '--format', 'json', '--out', out])).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.baseline).toMatchObject({ people: 10, departments: 2 });
    expect(result.departments).toMatchObject({ known: 10, missing: 2, usable: true });
    expect(await main(['simulate', ...files(), '--rounds', '1'])).toBe(0);
    expect(stdout.join('')).toMatch(
      /Departments: known for 10 of 12 active people \(from people\.csv\); the 2 active people without one are left out/,
    );
    expect(stdout.join('')).not.toMatch(/Unassigned/);
  });

  it('refuses to simulate without usable departments, in one line with exit 2', async () => {
    // every person in one department: there is no "across departments" to simulate
    await writeFile(
      join(dir, 'people.csv'),
      ['id,department', ...[0, 1, 2, 3, 4].flatMap((i) => [`a${i},Apps`, `b${i},Apps`])].join('\n'),
    );
    expect(await main(['simulate', ...files(), '--rounds', '1'])).toBe(2);
    expect(errors.at(-1)).toMatch(
      /^weaver simulate: .*ties\.csv: cannot simulate introductions across departments: Only one department has 5 or more people; give Weaver departments/,
    );
    expect(stdout.join('')).toBe('');
  });

  it('rejects bad flags with a one-line message', async () => {
    expect(await main(['simulate', ...files(), '--accept', '1.5'])).toBe(2);
    expect(errors.at(-1)).toBe('weaver simulate: --accept: accept is a probability between 0 and 1');
    expect(await main(['simulate', ...files(), '--strategies', 'weaver,donut'])).toBe(2);
    const expected = 'weaver simulate: --strategies: unknown strategy donut; use weaver, random, random-cross';
    expect(errors.at(-1)).toBe(expected);
    expect(await main(['simulate', '--edges', join(dir, 'ties.csv')])).toBe(2);
    expect(errors.at(-1)).toMatch(/--edges needs --departments/);
  });
});

/**
 * `weaver analyze` on a hand-made export: how channels are classified (purpose inferred from talk
 * across departments, project channels kept other, an empty department channel not counted) and a
 * lead's corrections with `--channel-kinds kinds.csv`.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

const departments = ['Eng', 'Sales', 'Ops'];
/** 15 people, 5 in each department: E0..E4, S0..S4, O0..O4 */
const people = departments.flatMap((d) => Array.from({ length: 5 }, (_, i) => `U${d[0]}${i}`));
const everyone = people;
const mixed = ['UE0', 'UE1', 'US0', 'US1', 'UO0', 'UO1'];

/** One message a minute from 2026-10-01 09:00 UTC: `from` mentions `to`. */
const mentions = (pairs: [string, string][], start = 1_790_845_200) =>
  pairs.map(([from, to], k) => ({ ts: `${start + 60 * k}.000100`, user: from, text: `see <@${to}>` }));

async function writeExport(dir: string): Promise<string> {
  const exp = join(dir, 'export');
  const channels = [
    { id: 'C1', name: 'general', members: everyone },
    { id: 'C2', name: 'ml-reading', members: mixed, purpose: { value: 'Papers we read together, a reading club' } },
    { id: 'C3', name: 'proj-apollo', members: mixed },
    { id: 'C4', name: 'lunch-crew', members: mixed },
    { id: 'C5', name: 'team-d3', members: [] },
    { id: 'C6', name: 'eng-only', members: ['UE0', 'UE1', 'UE2', 'UE3', 'UE4'] },
  ];
  const days: Record<string, object[]> = {
    general: mentions([
      ['UE2', 'UE3'],
      ['US2', 'US3'],
      ['UO2', 'UO3'],
      ['UE4', 'US4'],
    ]),
    'ml-reading': mentions([
      ['UE0', 'US0'],
      ['US1', 'UO0'],
      ['UO1', 'UE1'],
      ['UE0', 'UE1'],
    ]),
    'proj-apollo': mentions([
      ['UE0', 'UO0'],
      ['US0', 'UO1'],
      ['UE1', 'US1'],
    ]),
    'eng-only': mentions([['UE2', 'UE4']]),
  };
  for (const [name, messages] of Object.entries(days)) {
    await mkdir(join(exp, name), { recursive: true });
    await writeFile(join(exp, name, '2026-10-01.json'), JSON.stringify(messages));
  }
  await writeFile(join(exp, 'users.json'), JSON.stringify(people.map((id) => ({ id, name: id.toLowerCase() }))));
  await writeFile(join(exp, 'channels.json'), JSON.stringify(channels));
  await writeFile(
    join(dir, 'people.csv'),
    ['id,department', ...people.map((id) => `${id},${departments.find((d) => d[0] === id[1])}`)].join('\n'),
  );
  return exp;
}

describe('weaver analyze: how channels are classified', () => {
  let dir: string;
  let exp: string;
  let errors: string[];
  let output: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-kinds-'));
    exp = await writeExport(dir);
    errors = [];
    output = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.join(' '));
    });
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  const analyze = async (...extra: string[]) => {
    const out = join(dir, 'report.json');
    const code = await main([
      'analyze',
      exp,
      '--departments',
      join(dir, 'people.csv'),
      '--format',
      'json',
      '--out',
      out,
      ...extra,
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8'));
    const kinds = Object.fromEntries(
      report.channels.map((c: { name: string; kind: string; kindReason: string }) => [c.name, [c.kind, c.kindReason]]),
    );
    return { report, kinds };
  };

  it('finds a purpose channel by the talk across departments in it, and says why for every channel', async () => {
    const { report, kinds } = await analyze();
    expect(report.data.departments.usable).toBe(true);
    expect(kinds).toEqual({
      general: ['broadcast', 'name matches broadcast pattern "general"'],
      'ml-reading': [
        'purpose',
        'members from 3 departments, 3 cross-department ties here; purpose: "Papers we read together, a reading club"',
      ],
      'proj-apollo': ['other', 'name matches project pattern "proj-*": never purpose'],
      'lunch-crew': [
        'other',
        'no rule matched: members from 3 departments, 0 cross-department ties here (a purpose channel needs 3, or 1 and a purpose word)',
      ],
      'team-d3': ['other', 'no members'],
      'eng-only': ['department', '100% of members are in Eng (≥ 80%)'],
    });
    expect(report.data.channels).toEqual({ purpose: 1, department: 1, broadcast: 1, other: 3, inferred: 2 });
  });

  it('shows the counts in the text report and every channel with its reason in the HTML report', async () => {
    expect(await main(['analyze', exp, '--departments', join(dir, 'people.csv')])).toBe(0);
    expect(output.join('')).toMatch(
      /Channels: 1 purpose, 1 department, 1 broadcast, 3 other; 2 of these kinds inferred/,
    );
    const html = join(dir, 'report.html');
    expect(
      await main(['analyze', exp, '--departments', join(dir, 'people.csv'), '--format', 'html', '--out', html]),
    ).toBe(0);
    const page = await readFile(html, 'utf8');
    for (const reason of [
      'no members',
      'name matches project pattern &quot;proj-*&quot;: never purpose',
      'members from 3 departments, 3 cross-department ties here',
    ])
      expect(page).toContain(reason);
    expect(page).not.toMatch(/UE0|UO1/);
  });

  it("applies a lead's kinds from --channel-kinds over every rule", async () => {
    await writeFile(join(dir, 'kinds.csv'), 'name,kind\n#lunch-crew,purpose\nml-reading,other\n');
    const { kinds, report } = await analyze('--channel-kinds', join(dir, 'kinds.csv'));
    expect(kinds['lunch-crew']).toEqual(['purpose', 'set by a lead']);
    expect(kinds['ml-reading']).toEqual(['other', 'set by a lead']);
    expect(report.data.channels.inferred).toBe(1);
  });

  it('refuses a kinds file with a bad line: one line with the line numbers, exit code 2, nothing applied', async () => {
    await writeFile(
      join(dir, 'kinds.csv'),
      'name,kind\nlunch-crew,guild\n#ml-reading,other\n,purpose\nml-reading,purpose\n',
    );
    const args = ['analyze', exp, '--departments', join(dir, 'people.csv'), '--channel-kinds', join(dir, 'kinds.csv')];
    expect(await main(args)).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /kinds\.csv: 3 bad lines, nothing applied: line 2: kind "guild" is not one of purpose, department, broadcast, other; line 4: empty channel name; line 5: #ml-reading already given on line 3$/,
    );
    expect(output.join('')).toBe('');

    errors.length = 0;
    await writeFile(join(dir, 'kinds.csv'), 'name,kind\nml-readin,purpose\n');
    expect(await main(args)).toBe(2);
    expect(errors.at(-1)).toMatch(/--channel-kinds: line 2: no channel #ml-readin in the export$/);

    await writeFile(join(dir, 'kinds.csv'), 'channel,kind\nml-reading,purpose\n');
    expect(await main(args)).toBe(2);
    expect(errors.at(-1)).toMatch(/kinds\.csv, line 1: header must name name,kind/);
  });
});

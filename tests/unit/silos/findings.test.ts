import { defaultSettings } from '../../../src/domain/settings';
import { assembleOrgData, type RawChannel } from '../../../src/domain/silos/assemble';
import { buildSiloReport } from '../../../src/domain/silos/buildReport';
import { findingsOf } from '../../../src/domain/silos/findings';
import type { SiloReport } from '../../../src/domain/silos/types';

/** The hand-made organisations below are small: findings may rest on 10 ties here (the default is 30). */
const rules = { ...defaultSettings().findings, minTies: 10 };
const kinds = defaultSettings().channelKinds;
const NOW = '2026-06-01T00:00:00.000Z';

/** People `${dept}${k}` for each department size given. */
function people(sizes: Record<string, number>) {
  return Object.entries(sizes).flatMap(([d, n]) =>
    Array.from({ length: n }, (_, k) => ({ id: `${d}${k}`, department: d })),
  );
}

/** Every pair inside each listed department. */
function cliques(sizes: Record<string, number>): [string, string][] {
  const out: [string, string][] = [];
  for (const [d, n] of Object.entries(sizes))
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([`${d}${i}`, `${d}${j}`]);
  return out;
}

/** `count` ties between departments a and b, spread over their members. */
function between(a: string, sizeA: number, b: string, sizeB: number, count: number): [string, string][] {
  return Array.from(
    { length: count },
    (_, k) => [`${a}${k % sizeA}`, `${b}${Math.floor(k / sizeA) % sizeB}`] as [string, string],
  );
}

function report(
  sizes: Record<string, number>,
  ties: [string, string][],
  options: { channels?: RawChannel[]; minGroupSize?: number; generatedAt?: string } = {},
): SiloReport {
  const data = assembleOrgData({
    people: people(sizes),
    ties: ties.map(([source, target]) => ({ source, target })),
    channels: options.channels ?? [],
    activity: [],
    rules: kinds,
  });
  return buildSiloReport(data, {
    generatedAt: options.generatedAt ?? NOW,
    since: '2026-03-01',
    minGroupSize: options.minGroupSize ?? 5,
    findingRules: rules,
  });
}

const of = (r: SiloReport, kind: string) => r.findings.filter((f) => f.kind === kind);

describe('findings', () => {
  // Sales, Product and Design talk a lot with each other; Finance only with itself.
  const sizes = { Finance: 6, Sales: 6, Product: 6, Design: 6 };
  const open = [
    ...between('Sales', 6, 'Product', 6, 14),
    ...between('Product', 6, 'Design', 6, 14),
    ...between('Sales', 6, 'Design', 6, 14),
  ];
  const closedOrg = report(sizes, [...cliques(sizes), ...open, ['Finance0', 'Sales0']]);

  it('calls a department that keeps its ties inside closed, with its E-I and rank, and who to introduce it to', () => {
    const [closed, ...others] = of(closedOrg, 'closed_department');
    expect(others).toEqual([]);
    expect(closed.evidence.department).toBe('Finance');
    expect(closed.severity).toBe('high');
    expect(closed.text).toBe(
      'Finance talks mostly to itself: 94 % of its 16 ties stay inside (E-I −0.88, the most closed of 4 departments).',
    );
    expect(closed.action).toMatch(
      /^Introduce Finance to (Sales|Product|Design) and (Sales|Product|Design) in the next introduction round\.$/,
    );
    expect(closedOrg.findings[0]).toBe(closed);
    expect(closed.ties).toBe(16);
  });

  it('makes no finding on fewer ties than the minimum (30 by default), and says so in each finding it makes', () => {
    const defaults = defaultSettings().findings;
    expect(defaults.minTies).toBe(30);
    // Finance's 16 ties are too few to call it closed at the default minimum
    expect(findingsOf(closedOrg, defaults).filter((f) => f.kind === 'closed_department')).toEqual([]);
    for (const f of closedOrg.findings) if (f.ties !== null) expect(f.ties).toBeGreaterThanOrEqual(rules.minTies);
  });

  it('says "and N more" when a kind is capped, and never names a closed department as the remedy for another', () => {
    // three closed departments (each talks only inside) and two open ones
    const three = { Finance: 6, Legal: 6, Ops: 6, Sales: 6, Product: 6 };
    const r = report(three, [...cliques(three), ...between('Sales', 6, 'Product', 6, 20), ['Finance0', 'Sales0']]);
    const closed = of(r, 'closed_department');
    expect(closed).toHaveLength(2);
    expect(closed[1].text).toMatch(/And 1 more department talks mostly to itself: (Finance|Legal|Ops)\.$/);
    for (const f of closed) expect(f.action).not.toMatch(/(to|and) (Finance|Legal|Ops)\b/);
  });

  it('quotes a department name that reads as a word', () => {
    const lower = { finance: 6, people: 6, sales: 6, product: 6 };
    const open2 = [...between('sales', 6, 'product', 6, 14), ...between('people', 6, 'product', 6, 14)];
    const r = report(lower, [...cliques(lower), ...open2, ['finance0', 'sales0']]);
    const [closed] = of(r, 'closed_department');
    expect(closed.text).toMatch(/^“finance” talks mostly to itself/);
    expect(closed.action).toMatch(/^Introduce “finance” to “/);
  });

  it('does not call departments closed when their ties mostly cross', () => {
    const all = { Sales: 6, Product: 6, Design: 6 };
    const r = report(all, [...cliques({ Sales: 3, Product: 3, Design: 3 }), ...open]);
    expect(of(r, 'closed_department')).toEqual([]);
  });

  it('names a missing bridge with its ties and the ties expected by chance', () => {
    // Finance and Legal each talk with Sales, never with each other.
    const s = { Finance: 8, Legal: 8, Sales: 8 };
    const r = report(s, [
      ...between('Finance', 8, 'Sales', 8, 30),
      ...between('Legal', 8, 'Sales', 8, 30),
      ...between('Finance', 8, 'Finance', 8, 4),
    ]);
    const bridges = of(r, 'missing_bridge');
    expect(bridges).toHaveLength(1);
    expect(bridges[0].text).toMatch(
      /^Finance and Legal never talk: no ties where \d+(\.\d)? were expected by chance \(of their 63 ties\)\.$/,
    );
    expect(bridges[0].action).toBe(
      'Pair people from Finance and Legal who share a passion in the next introduction round.',
    );
    expect(bridges[0].evidence).toMatchObject({ a: 'Finance', b: 'Legal', ties: 0, departmentTies: 63 });
    expect(bridges[0].ties).toBe(63);
  });

  it('does not report a missing bridge when fewer ties than the threshold were expected', () => {
    const s = { Finance: 8, Legal: 8, Sales: 8 };
    const r = report(s, [...between('Finance', 8, 'Sales', 8, 3), ...between('Legal', 8, 'Sales', 8, 3)]);
    expect(r.missingBridges.length).toBeGreaterThan(0);
    expect(of(r, 'missing_bridge')).toEqual([]);
    const strict = findingsOf(r, { ...rules, bridgeMinExpected: 1, minTies: 1 });
    expect(strict.some((f) => f.kind === 'missing_bridge')).toBe(true);
  });

  it('flags a purpose channel one department holds, and suggests who to invite', () => {
    const channels: RawChannel[] = [
      {
        id: 'C1',
        name: 'cop-data',
        createdAt: null,
        creator: null,
        members: ['Sales0', 'Sales1', 'Sales2', 'Sales3', 'Sales4', 'Product0'],
      },
      {
        id: 'C2',
        name: 'cop-mixed',
        createdAt: null,
        creator: null,
        members: ['Sales0', 'Sales1', 'Product0', 'Product1', 'Design0', 'Design1'],
      },
    ];
    const r = report(sizes, [...cliques(sizes), ...open], { channels });
    const captured = of(r, 'captured_channel');
    expect(captured.map((f) => f.evidence.channel)).toEqual(['cop-data']);
    expect(captured[0].text).toBe('#cop-data is captured: 83 % of its 6 members are in Sales.');
    expect(captured[0].action).toMatch(
      /^Invite people from (Product|Design) and (Product|Design), who already talk with Sales, to #cop-data\.$/,
    );
  });

  it('suggests a channel for a cross-department community that talks outside any channel', () => {
    // Three departments of 8; people 0–2 of each form one tight cross-department group.
    const s = { Sales: 8, Product: 8, Design: 8 };
    const group = ['Sales0', 'Sales1', 'Sales2', 'Product0', 'Product1', 'Product2', 'Design0', 'Design1', 'Design2'];
    const groupTies: [string, string][] = [];
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) groupTies.push([group[i], group[j]]);
    const rest: [string, string][] = [];
    for (const d of Object.keys(s))
      for (let i = 3; i < 8; i++) for (let j = i + 1; j < 8; j++) rest.push([`${d}${i}`, `${d}${j}`]);
    const r = report(s, [
      ...groupTies,
      ...rest,
      ['Sales3', 'Sales0'],
      ['Product3', 'Product0'],
      ['Design3', 'Design0'],
    ]);
    const found = of(r, 'uncovered_community');
    expect(found).toHaveLength(1);
    expect(found[0].text).toMatch(
      /^A community of 9 people across 3 departments talks often and has no channel of its own: 36 ties among them; its members share no channel where they talk\.$/,
    );
    expect(found[0].action).toBe(`Suggest a channel for them: #${r.communities[0].suggestedChannel}.`);
    expect(of(closedOrg, 'uncovered_community')).toEqual([]);
  });

  it('says the organisation is strongly divided when department modularity passes the threshold, not below it', () => {
    expect(closedOrg.org.modularity).toBeGreaterThanOrEqual(rules.dividedModularity);
    const divided = findingsOf(closedOrg, { ...rules, max: 5 }).find((f) => f.kind === 'divided_organisation');
    expect(divided?.text).toContain(`modularity ${closedOrg.org.modularity?.toFixed(2)}`);
    expect(
      findingsOf(closedOrg, { ...rules, dividedModularity: 0.9 }).some((f) => f.kind === 'divided_organisation'),
    ).toBe(false);
  });

  it('never names a department smaller than the privacy threshold', () => {
    // Audit (3 people) is closed and unreachable, but below the threshold of 5: it is merged into "Small teams".
    const s = { Audit: 3, Tax: 2, Sales: 6, Product: 6 };
    const r = report(s, [...cliques(s), ...between('Sales', 6, 'Product', 6, 20)]);
    const text = JSON.stringify(r.findings);
    expect(text).not.toMatch(/Audit|Tax|Small teams/);
  });

  it('shows at most five findings, at most two of one kind, the most severe first', () => {
    const many = { A: 6, B: 6, C: 6, D: 6, E: 6, F: 6 };
    const r = report(many, [...cliques(many), ['A0', 'B0'], ['C0', 'D0'], ['E0', 'F0']]);
    expect(r.findings.length).toBeLessThanOrEqual(5);
    expect(of(r, 'closed_department')).toHaveLength(2);
    const ranks = r.findings.map((f) => ({ high: 0, medium: 1, low: 2 })[f.severity]);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
  });

  it('says whether each finding got better or worse since the report a month before', () => {
    const before = report(sizes, [...cliques(sizes), ...open, ['Finance0', 'Sales0']], {
      generatedAt: '2026-05-01T00:00:00.000Z',
    });
    const after = report(sizes, [
      ...cliques(sizes),
      ...open,
      ['Finance0', 'Sales0'],
      ['Finance1', 'Product1'],
      ['Finance2', 'Design2'],
    ]);
    const closed = findingsOf(after, rules, before).find((f) => f.kind === 'closed_department')!;
    expect(closed.change).toMatchObject({ since: '2026-05-01', metric: 'eiIndex', direction: 'better' });
    const worse = findingsOf(before, rules, after).find((f) => f.kind === 'closed_department')!;
    expect(worse.change?.direction).toBe('worse');
    expect(findingsOf(after, rules, null)[0].change).toBeNull();
  });
});

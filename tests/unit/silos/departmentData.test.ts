/**
 * The department data is judged before any department metric uses it (docs/reading-reports.md,
 * "Incomplete department data"), on hand-made organisations: people without a department are left
 * out, and unusable data (free text, too few known, one department) withholds the department metrics.
 */
import { defaultSettings } from '../../../src/domain/settings';
import { assembleOrgData, type RawChannel } from '../../../src/domain/silos/assemble';
import { buildSiloReport } from '../../../src/domain/silos/buildReport';
import { louvainCommunities, splitDisconnected } from '../../../src/domain/silos/communities';
import { adjacencyOf, tiesFromPairs } from '../../../src/domain/silos/orgData';
import { modularity } from '../../../src/domain/silos/modularity';
import { historyPoint } from '../../../src/domain/silos/trend';
import type { SiloReport } from '../../../src/domain/silos/types';

const kinds = defaultSettings().channelKinds;
const NOW = '2026-06-01T00:00:00.000Z';
type Person = { id: string; department: string | null };

function report(
  people: Person[],
  ties: [string, string][],
  options: { channels?: RawChannel[]; source?: 'file' | 'none' } = {},
): SiloReport {
  const data = assembleOrgData({
    people,
    ties: ties.map(([source, target]) => ({ source, target })),
    channels: options.channels ?? [],
    activity: [],
    rules: kinds,
  });
  return buildSiloReport(data, {
    generatedAt: NOW,
    since: '2026-03-01',
    minGroupSize: 5,
    departmentSource:
      options.source === 'none' ? { source: 'none', label: 'none' } : { source: 'file', label: 'people.csv' },
    findingRules: { ...defaultSettings().findings, minTies: 10 },
  });
}

/**
 * Sales, Design and Legal (6 each) in rings with chords, 6 Sales–Design ties, one Design–Legal tie,
 * and 6 people without a department who talk with Sales, Legal and each other.
 */
function labelledOrg(): { people: Person[]; ties: [string, string][] } {
  const people: Person[] = [];
  const ties: [string, string][] = [];
  for (const d of ['Sales', 'Design', 'Legal']) {
    for (let k = 0; k < 6; k++) {
      people.push({ id: `${d}${k}`, department: d });
      ties.push([`${d}${k}`, `${d}${(k + 1) % 6}`], [`${d}${k}`, `${d}${(k + 2) % 6}`]);
    }
  }
  for (let k = 0; k < 6; k++) ties.push([`Sales${k}`, `Design${(k * 5) % 6}`]);
  ties.push(['Design0', 'Legal0']);
  for (let k = 0; k < 6; k++) {
    people.push({ id: `U${k}`, department: null });
    ties.push([`U${k}`, `Legal${k}`], [`U${k}`, `Sales${k}`], [`U${k}`, `U${(k + 1) % 6}`]);
  }
  return { people, ties };
}

describe('department data judged before use', () => {
  it('computes department metrics over the ties between people who have a department, as networkx does on that subgraph', () => {
    const { people, ties } = labelledOrg();
    const r = report(people, ties);
    // networkx 3.6.1 on the labelled subgraph (the 18 people with a department, their 43 ties):
    //   modularity(G, departments, weight=None, resolution=1) = 0.5010816657652786
    //   E-I = (7 − 36) / 43 = −0.6744186046511628, cross share 7 / 43
    expect(r.org.ties).toBe(61);
    expect(r.org.labelledTies).toBe(43);
    expect(r.org.modularity).toBeCloseTo(0.5010816657652786, 4);
    expect(r.org.eiIndex).toBeCloseTo(-0.6744186046511628, 4);
    expect(r.org.crossShare).toBeCloseTo(7 / 43, 4);
    expect(r.data.departments).toEqual({
      source: 'file',
      sourceLabel: 'people.csv',
      people: 24,
      known: 18,
      missing: 6,
      distinct: 3,
      usable: true,
      reason: null,
    });
    // nobody without a department forms one: no "Unassigned" row, pair or suggested channel
    expect(r.departments.map((d) => d.name).sort()).toEqual(['Design', 'Legal', 'Sales']);
    expect(r.departments.reduce((s, d) => s + d.size, 0)).toBe(18);
    expect(JSON.stringify(r)).not.toMatch(/Unassigned/i);
    // Legal's only tie out of its department, to Design (its ties to the six without one do not count)
    expect(r.departments.find((d) => d.name === 'Legal')).toMatchObject({ internalTies: 12, externalTies: 1 });
  });

  it('withholds department metrics when departments look like free text (profile titles)', () => {
    const titles = ['Designer', 'Newbie', '12 sub chair', 'Data scientist', 'PM', 'Student', 'Organiser', 'Mentor'];
    const people = titles.map((t, k) => ({ id: `P${k}`, department: t }));
    const ties: [string, string][] = people.map((p, k) => [p.id, people[(k + 1) % people.length].id]);
    const r = report(people, ties);
    expect(r.data.departments).toMatchObject({ known: 8, distinct: 8, usable: false });
    expect(r.data.departments.reason).toMatch(/look like free text \(8 different values for 8 people\)/);
    expect(r.data.departments.reason).toContain('--departments people.csv');
    expect(r.org).toMatchObject({ modularity: null, eiIndex: null, crossShare: null, siloDepartments: null });
    expect(r.departments).toEqual([]);
    expect(r.pairs).toEqual([]);
    expect(r.missingBridges).toEqual([]);
    expect(r.findings.filter((f) => f.kind !== 'uncovered_community')).toEqual([]);
  });

  it('withholds them when fewer than half of the active people have a department', () => {
    const people: Person[] = [
      ...Array.from({ length: 5 }, (_, k) => ({ id: `A${k}`, department: 'Alpha' })),
      ...Array.from({ length: 5 }, (_, k) => ({ id: `B${k}`, department: 'Beta' })),
      ...Array.from({ length: 12 }, (_, k) => ({ id: `U${k}`, department: null })),
    ];
    const ties: [string, string][] = people.map((p, k) => [p.id, people[(k + 1) % people.length].id]);
    const r = report(people, ties);
    expect(r.data.departments).toMatchObject({ people: 22, known: 10, missing: 12, usable: false });
    expect(r.data.departments.reason).toMatch(/known for only 10 of 22 active people/);
    expect(r.org.modularity).toBeNull();
  });

  it('withholds them when only one department reaches the privacy threshold', () => {
    const people: Person[] = [
      ...Array.from({ length: 8 }, (_, k) => ({ id: `A${k}`, department: 'Alpha' })),
      ...Array.from({ length: 3 }, (_, k) => ({ id: `B${k}`, department: 'Beta' })),
    ];
    const ties: [string, string][] = people.map((p, k) => [p.id, people[(k + 1) % people.length].id]);
    const r = report(people, ties);
    expect(r.data.departments).toMatchObject({ distinct: 2, usable: false });
    expect(r.data.departments.reason).toMatch(/^Only one department has 5 or more people/);
    expect(r.org.eiIndex).toBeNull();
  });

  it('says there is no department data when no source gave any, and still finds communities', () => {
    const { people, ties } = labelledOrg();
    const r = report(
      people.map((p) => ({ ...p, department: null })),
      ties,
      { source: 'none' },
    );
    expect(r.data.departments).toMatchObject({ source: 'none', known: 0, usable: false });
    expect(r.data.departments.reason).toMatch(/^No department data/);
    expect(r.org.louvain.count).toBeGreaterThan(1);
  });
});

describe('communities', () => {
  it('splits a community whose members do not talk to each other into its connected parts, raising modularity', () => {
    // two triangles with no tie between them, handed in as one community
    const people = ['a', 'b', 'c', 'x', 'y', 'z'];
    const indexOf = new Map(people.map((p, i) => [p, i]));
    const ties = tiesFromPairs(
      indexOf,
      [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
        ['x', 'y'],
        ['y', 'z'],
        ['x', 'z'],
      ].map(([source, target]) => ({ source, target })),
    );
    const together = new Int32Array(6);
    const { communityOf, count } = splitDisconnected(adjacencyOf(6, ties), together);
    expect(count).toBe(2);
    expect(communityOf[indexOf.get('a')!]).toBe(communityOf[indexOf.get('c')!]);
    expect(communityOf[indexOf.get('a')!]).not.toBe(communityOf[indexOf.get('x')!]);
    expect(modularity(ties, communityOf, count)).toBeGreaterThan(modularity(ties, together, 1));
  });

  it('returns only connected communities from Louvain', () => {
    const { people, ties } = labelledOrg();
    const indexOf = new Map(people.map((p, i) => [p.id, i]));
    const list = tiesFromPairs(
      indexOf,
      ties.map(([source, target]) => ({ source, target })),
    );
    const found = louvainCommunities(people.length, list);
    const again = splitDisconnected(adjacencyOf(people.length, list), found.communityOf);
    expect(again.count).toBe(found.count);
  });

  it('names where a community talks and suggests a channel from those words, never from departments', () => {
    // nine people of three departments talk a lot; they share #design-systems and #data-viz, neither holding most of them
    const group = ['Sales0', 'Sales1', 'Sales2', 'Design0', 'Design1', 'Design2', 'Legal0', 'Legal1', 'Legal2'];
    const people: Person[] = ['Sales', 'Design', 'Legal'].flatMap((d) =>
      Array.from({ length: 8 }, (_, k) => ({ id: `${d}${k}`, department: d })),
    );
    const ties: [string, string][] = [];
    for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) ties.push([group[i], group[j]]);
    for (const d of ['Sales', 'Design', 'Legal'])
      for (let i = 3; i < 8; i++) for (let j = i + 1; j < 8; j++) ties.push([`${d}${i}`, `${d}${j}`]);
    ties.push(['Sales3', 'Sales0'], ['Design3', 'Design0'], ['Legal3', 'Legal0']);
    const channel = (id: string, name: string, members: string[]): RawChannel => ({
      id,
      name,
      createdAt: null,
      creator: null,
      members,
    });
    const channels = [channel('C1', 'design-systems', group.slice(0, 4)), channel('C2', 'data-viz', group.slice(4, 8))];
    const r = report(people, ties, { channels });
    const [c] = r.communities;
    expect(c.size).toBe(9);
    expect(c.topChannels.map((t) => t.name).sort()).toEqual(['data-viz', 'design-systems']);
    // "design" is a department here: the name keeps the channels' other words
    expect(c.suggestedChannel).toMatch(/^cop-(systems-data-viz|data-viz-systems)$/);
    expect(c.suggestedChannel).not.toMatch(/sales|legal|design|unassigned/);
    const finding = r.findings.find((f) => f.kind === 'uncovered_community')!;
    expect(finding.text).toMatch(/has no channel of its own: 36 ties among them; its ties happen mostly in #/);
    expect(finding.ties).toBe(36);
    // once one channel holds most of them and most of their ties, it is their own: no finding
    const own = report(people, ties, { channels: [channel('C3', 'book-club', group)] });
    expect(own.communities).toEqual([]);
  });
});

describe('too few ties', () => {
  const { people, ties } = labelledOrg();

  it('withholds a trend point below the minimum or of a partial period, never shows it as 0', () => {
    const r = report(people, ties);
    expect(historyPoint(r, '2026-05-31', null, 30)).toMatchObject({ ties: 61, eiIndex: r.org.eiIndex, withheld: null });
    expect(historyPoint(r, '2026-05-31', null, 50)).toMatchObject({
      ties: 61,
      eiIndex: null,
      modularity: null,
      crossShare: null,
      withheld: 'too few ties',
    });
    expect(historyPoint(r, '2026-05-31', null, 30, true)).toMatchObject({ eiIndex: null, withheld: 'partial period' });
  });

  it('makes no finding and states no change when a report has fewer ties than the minimum', () => {
    const sparse = report(people.slice(0, 18), ties.slice(0, 6));
    expect(sparse.org.labelledTies).toBe(6);
    expect(sparse.findings).toEqual([]);
  });
});

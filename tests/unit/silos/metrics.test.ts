import { blau, blauNormalised, isCaptured } from '../../../src/domain/silos/diversity';
import { eiIndex, groupTieCounts } from '../../../src/domain/silos/eiIndex';
import { colemanHomophily, isSilo } from '../../../src/domain/silos/insularity';
import { modularity } from '../../../src/domain/silos/modularity';
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import { seededRandom } from '../../../src/domain/random';
import { louvainCommunities } from '../../../src/domain/silos/communities';
import { generateDemoOrg } from '../../../src/import/demoOrg';
import {
  adjacencyOf,
  tiesFromNumberedPairs,
  tiesFromPairs,
  tiesInCanonicalOrder,
  type ChannelData,
  type TieList,
} from '../../../src/domain/silos/orgData';
import fc from 'fast-check';
import { expectedTies, missingBridges } from '../../../src/domain/silos/pairs';
import { communityStage, participationLevels } from '../../../src/domain/silos/participation';
import { mergeSmallGroups } from '../../../src/domain/silos/privacy';
import { median, otherDepartmentsReached, purposeReach, reachAndBreadth } from '../../../src/domain/silos/reach';
import { KARATE_CLUB, KARATE_EDGES } from './karate';

function tieList(edges: [number, number][]): TieList {
  const ids = new Map<string, number>();
  for (const [a, b] of edges) for (const x of [a, b]) ids.set(String(x), x);
  return tiesFromPairs(
    ids,
    edges.map(([a, b]) => ({ source: String(a), target: String(b) })),
  );
}

// Two triangles {0,1,2} and {3,4,5} joined by the tie 2–3.
const BARBELL: [number, number][] = [
  [0, 1],
  [1, 2],
  [0, 2],
  [3, 4],
  [4, 5],
  [3, 5],
  [2, 3],
];
const BARBELL_GROUPS = Int32Array.from([0, 0, 0, 1, 1, 1]);

describe('modularity (Newman Q, γ = 1)', () => {
  it('is 2·(3/7 − (7/14)²) for two triangles joined by one tie', () => {
    expect(modularity(tieList(BARBELL), BARBELL_GROUPS, 2)).toBeCloseTo(2 * (3 / 7 - 0.25), 12);
  });

  it("matches networkx on Zachary's karate club: 0.3582 for the clubs joined, 0.3715 with member 9 among the officers", () => {
    const ties = tieList(KARATE_EDGES);
    expect(ties.count).toBe(78);
    expect(modularity(ties, Int32Array.from(KARATE_CLUB), 2)).toBeCloseTo(0.358235, 5);
    const split = Int32Array.from(KARATE_CLUB);
    split[8] = 1;
    expect(modularity(ties, split, 2)).toBeCloseTo(0.371466, 5);
  });

  it('is 0 when everyone is in one group and 0 without ties', () => {
    expect(modularity(tieList(BARBELL), new Int32Array(6), 1)).toBeCloseTo(0, 12);
    expect(
      modularity(
        { count: 0, a: new Int32Array(), b: new Int32Array(), weight: new Float64Array() },
        new Int32Array(3),
        1,
      ),
    ).toBe(0);
  });
});

describe('E-I index (Krackhardt–Stern)', () => {
  it('counts internal and external ties per group and for the organisation', () => {
    const counts = groupTieCounts(tieList(BARBELL), BARBELL_GROUPS, 2);
    expect(Array.from(counts.internal)).toEqual([3, 3]);
    expect(Array.from(counts.external)).toEqual([1, 1]);
    expect(counts.crossTotal).toBe(1);
    expect(eiIndex(1, 3)).toBe(-0.5);
    expect(eiIndex(counts.crossTotal, 6)).toBeCloseTo(-5 / 7, 12);
  });

  it('gives 67 internal and 11 external ties in the karate club, E-I = −56/78', () => {
    const counts = groupTieCounts(tieList(KARATE_EDGES), Int32Array.from(KARATE_CLUB), 2);
    expect(counts.crossTotal).toBe(11);
    expect(counts.internal[0] + counts.internal[1]).toBe(67);
    expect(eiIndex(11, 67)).toBeCloseTo(-56 / 78, 12);
  });

  it('is −1 for a closed group, +1 for one with only outside ties, 0 without ties', () => {
    expect(eiIndex(0, 5)).toBe(-1);
    expect(eiIndex(4, 0)).toBe(1);
    expect(eiIndex(0, 0)).toBe(0);
  });
});

describe('insularity (Coleman homophily) and the silo flag', () => {
  it('computes (p − w)/(1 − w) with p = 2I/(2I+E) and w = (n−1)/(N−1)', () => {
    // triangle of the barbell: p = 6/7, w = 2/5
    expect(colemanHomophily(3, 1, 3, 6)).toBeCloseTo((6 / 7 - 0.4) / 0.6, 12);
  });

  it('is 0 under random mixing, 1 when closed, negative when ties avoid the group', () => {
    // group of 11 in 101 people: w = 0.1; p = 0.1 ⇒ 0
    expect(colemanHomophily(1, 18, 11, 101)).toBeCloseTo(0, 12);
    expect(colemanHomophily(10, 0, 11, 101)).toBe(1);
    expect(colemanHomophily(0, 10, 11, 101)).toBe(-1);
  });

  it('does not call a big department a silo just because it is big', () => {
    // 60 of 100 people; 70 % of tie ends inside: E-I is strongly negative but insularity is low.
    const internal = 35;
    const external = 30;
    expect(eiIndex(external, internal)).toBeLessThan(0);
    expect(isSilo(colemanHomophily(internal, external, 60, 100), internal, external)).toBe(false);
    // a 10-person team keeping 95 % of its tie ends inside is one
    expect(isSilo(colemanHomophily(19, 2, 10, 100), 19, 2)).toBe(true);
  });

  it('needs enough ties before calling a department a silo', () => {
    expect(isSilo(colemanHomophily(2, 0, 5, 100), 2, 0)).toBe(false);
  });
});

describe('reach, breadth and purpose reach', () => {
  // 0,1 in A; 2,3 in B; 4 in C. Ties: 0–2, 0–4, 1–0, 3–2.
  const people = Int32Array.from([0, 0, 1, 1, 2]);
  const ties = tieList([
    [0, 2],
    [0, 4],
    [0, 1],
    [2, 3],
  ]);
  const reached = otherDepartmentsReached(adjacencyOf(5, ties), people, 3);

  it('counts the other departments each person has ties with', () => {
    expect(Array.from(reached)).toEqual([2, 0, 1, 0, 1]);
  });

  it('gives reach as the share with a cross tie and breadth as the median', () => {
    const { reach, breadth } = reachAndBreadth(reached, people, 3);
    expect(reach).toEqual([0.5, 0.5, 1]);
    expect(breadth).toEqual([1, 0.5, 1]);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBe(0);
  });

  it('counts members of purpose channels that mix departments', () => {
    const channel = (kind: ChannelData['kind'], members: number[]): ChannelData => ({
      id: kind,
      name: kind,
      kind,
      kindReason: 'set by a lead',
      kindInferred: false,
      createdAt: null,
      creator: -1,
      members: Int32Array.from(members),
      memberActivity30d: new Float64Array(members.length),
      activity30d: 0,
      activityPrevious30d: 0,
    });
    const channels = [channel('purpose', [0, 2]), channel('purpose', [1]), channel('department', [3, 4])];
    expect(purposeReach(channels, people, people, 3)).toEqual([0.5, 0.5, 0]);
  });
});

describe('Blau diversity and captured channels', () => {
  it('is 1 − Σp² and normalised by its maximum', () => {
    expect(blau([2, 2])).toBe(0.5);
    expect(blau([4, 0])).toBe(0);
    expect(blau([1, 1, 1, 1])).toBe(0.75);
    expect(blau([3, 1])).toBeCloseTo(1 - (0.75 ** 2 + 0.25 ** 2), 12);
    expect(blauNormalised(0.5, 2, 4)).toBe(1);
    expect(blauNormalised(0.5, 8, 2)).toBe(1); // two members can be at most two departments
    expect(blauNormalised(0, 1, 10)).toBe(0);
  });

  it('calls a purpose channel captured when one department has ≥ 75 % of it', () => {
    expect(isCaptured('purpose', 0.8, 10)).toBe(true);
    expect(isCaptured('purpose', 0.6, 10)).toBe(false);
    expect(isCaptured('department', 1, 10)).toBe(false);
    expect(isCaptured('purpose', 1, 2)).toBe(false);
  });
});

describe('participation levels and community stage', () => {
  it('splits members into coordinators, core, active and periphery', () => {
    // 20 members: creator (position 0) posts 5, one heavy poster 40, 6 others post, 12 silent
    const activity = [5, 40, 9, 8, 7, 3, 2, 1, ...new Array(12).fill(0)];
    expect(participationLevels(activity, 0)).toEqual({ coordinators: 2, core: 3, active: 3, periphery: 12 });
    expect(participationLevels([0, 0, 0], -1)).toEqual({ coordinators: 0, core: 0, active: 0, periphery: 3 });
  });

  it('counts the levels as the definition reads (members ranked by activity) for any channel', () => {
    // the definition written out: rank the active members, the creator and a dominant top member coordinate
    const byDefinition = (activity: number[], creator: number) => {
      const ranked = activity.map((_, i) => i).filter((i) => activity[i] > 0);
      ranked.sort((x, y) => activity[y] - activity[x] || x - y);
      const total = ranked.reduce((sum, i) => sum + activity[i], 0);
      const coordinators = new Set<number>();
      if (creator >= 0 && activity[creator] > 0) coordinators.add(creator);
      if (ranked.length && activity[ranked[0]] >= 0.25 * total) coordinators.add(ranked[0]);
      const rest = ranked.filter((i) => !coordinators.has(i)).length;
      const core = Math.min(rest, Math.ceil(0.12 * activity.length));
      return { coordinators: coordinators.size, core, active: rest - core, periphery: activity.length - ranked.length };
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })), { maxLength: 60 }),
        fc.integer({ min: -1, max: 59 }),
        (activity, creator) => {
          const position = creator < activity.length ? creator : -1;
          expect(participationLevels(activity, position)).toEqual(byDefinition(activity, position));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('applies the documented stage rule', () => {
    expect(communityStage(10, 30, 50, 0)).toBe('potential');
    expect(communityStage(200, 3, 50, 0)).toBe('potential');
    expect(communityStage(45, 30, 50, 0)).toBe('coalescing');
    expect(communityStage(120, 30, 50, 0)).toBe('maturing');
    expect(communityStage(400, 30, 80, 0.6)).toBe('maturing');
    expect(communityStage(400, 30, 50, 0)).toBe('stewardship');
    expect(communityStage(400, 30, 10, -0.8)).toBe('transformation');
    expect(communityStage(null, 30, 0, -1)).toBe('transformation');
  });
});

describe('department pairs and missing bridges', () => {
  it('expects T·na·nb / C(N,2) ties under random mixing', () => {
    expect(expectedTies(45, 2, 3, 10)).toBe(6);
  });

  it('lists pairs with no ties, and pairs far below the org’s cross-department rate', () => {
    const pair = (a: string, ties: number, expected: number) => ({
      a,
      b: 'Z',
      ties,
      expectedTies: expected,
      ratio: ties / expected,
      sharedPurposeChannels: 0,
    });
    const bridges = missingBridges([pair('A', 0, 4), pair('B', 1, 10), pair('C', 4, 10), pair('D', 0, 0.5)], 0.5);
    expect(bridges.map((b) => [b.a, b.reason])).toEqual([
      ['A', 'no ties'],
      ['B', 'far fewer than expected'],
    ]);
  });
});

describe('privacy merging', () => {
  it('merges departments smaller than the threshold into "Small teams"', () => {
    const departmentOf = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);
    const groups = mergeSmallGroups(['Big', 'Legal', 'Tiny'], departmentOf, 5);
    expect(groups.names).toEqual(['Big', 'Small teams']);
    expect(groups.size).toEqual([5, 5]);
    expect(groups.hidden).toEqual([false, false]);
    expect(Array.from(groups.groupOf)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('hides the merged group when even it is below the threshold', () => {
    const groups = mergeSmallGroups(['Big', 'Tiny'], Int32Array.from([0, 0, 0, 0, 0, 1]), 5);
    expect(groups.hidden).toEqual([false, true]);
  });
});

/** Mean modularity graphology-communities-louvain reaches over three seeds (Louvain depends on node order). */
function graphologyLouvain(n: number, ties: TieList): number {
  const graph = new Graph({ type: 'undirected' });
  for (let i = 0; i < n; i++) graph.addNode(String(i));
  for (let t = 0; t < ties.count; t++) graph.addUndirectedEdge(String(ties.a[t]), String(ties.b[t]));
  const runs = [1, 2, 3].map(
    (seed) => louvain.detailed(graph, { rng: seededRandom(seed), getEdgeWeight: null }).modularity,
  );
  return runs.reduce((a, b) => a + b, 0) / runs.length;
}

describe('Louvain communities', () => {
  it('reaches the modularity graphology-communities-louvain reaches, on a generated organisation', () => {
    const demo = generateDemoOrg({ people: 1500, endDay: '2026-05-31' });
    const ids = new Map(demo.users.map((u, i) => [u.id, i]));
    const ties = tiesFromPairs(
      ids,
      demo.interactions.map((i) => ({ source: i.actor, target: i.target })),
    );
    const ours = louvainCommunities(demo.users.length, ties);
    expect(Math.abs(ours.modularity - graphologyLouvain(demo.users.length, ties))).toBeLessThan(0.025);
    expect(modularity(ties, ours.communityOf, ours.count)).toBeCloseTo(ours.modularity, 12);
    // the report passes the adjacency it built already: the same communities
    expect(louvainCommunities(demo.users.length, ties, 42, adjacencyOf(demo.users.length, ties))).toEqual(ours);
  });

  it('agrees with graphology-communities-louvain on the karate club', () => {
    const ties = tieList(KARATE_EDGES);
    expect(Math.abs(louvainCommunities(34, ties).modularity - graphologyLouvain(34, ties))).toBeLessThan(0.025);
  });

  it('leaves people without ties alone and does not count them as communities', () => {
    const ids = new Map(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x, i) => [x, i]));
    const ties = tiesFromPairs(
      ids,
      [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
        ['d', 'e'],
        ['e', 'f'],
        ['d', 'f'],
      ].map(([source, target]) => ({ source, target })),
    );
    const result = louvainCommunities(7, ties);
    expect(result.groups).toBe(2);
    expect(result.communityOf[0]).toBe(result.communityOf[2]);
    expect(result.communityOf[3]).not.toBe(result.communityOf[0]);
    expect(new Set(result.communityOf).size).toBe(3);
  });

  it("finds the karate club's communities with modularity ≈ 0.42, equal to Newman's Q of its partition", () => {
    const ties = tieList(KARATE_EDGES);
    const result = louvainCommunities(34, ties);
    expect(result.modularity).toBeGreaterThan(0.41);
    expect(result.modularity).toBeLessThan(0.42);
    expect(modularity(ties, result.communityOf, result.count)).toBeCloseTo(result.modularity, 9);
    expect(louvainCommunities(34, ties).communityOf).toEqual(result.communityOf);
  });
});

describe('tie list from numbered rows', () => {
  it('merges repeats and both directions into one tie per pair, in first-seen order, weights summed, self-ties dropped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.integer({ min: 1, max: 9 })), { maxLength: 60 }),
        (rows) => {
          const got = tiesFromNumberedPairs(7, {
            count: rows.length,
            source: Int32Array.from(rows, (r) => r[0]),
            target: Int32Array.from(rows, (r) => r[1]),
            weight: Float64Array.from(rows, (r) => r[2]),
          });
          // by hand: a Map keyed by the ordered pair keeps insertion order
          const expected = new Map<string, [number, number, number]>();
          for (const [x, y, w] of rows) {
            if (x === y) continue;
            const key = `${Math.min(x, y)}-${Math.max(x, y)}`;
            const tie = expected.get(key);
            if (tie) tie[2] += w;
            else expected.set(key, [Math.min(x, y), Math.max(x, y), w]);
          }
          expect(Array.from({ length: got.count }, (_, t) => [got.a[t], got.b[t], got.weight[t]])).toEqual([
            ...expected.values(),
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('canonical tie order (live reports)', () => {
  const triplesOf = (rows: [number, number, number][]) => Int32Array.from(rows.flat());
  const asTriples = (t: TieList) => Array.from({ length: t.count }, (_, k) => [t.a[k], t.b[k], t.weight[k]]);

  it('gives the same ties in the same order however the interaction rows are ordered or directed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(9), fc.nat(9), fc.integer({ min: 1, max: 9 })), { maxLength: 80 }),
        fc.integer(),
        (rows, seed) => {
          const random = seededRandom(seed);
          const reordered = rows.map(([x, y, w]): [number, number, number] => (random() < 0.5 ? [y, x, w] : [x, y, w]));
          for (let i = reordered.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [reordered[i], reordered[j]] = [reordered[j], reordered[i]];
          }
          const once = tiesInCanonicalOrder(triplesOf(rows));
          expect(asTriples(tiesInCanonicalOrder(triplesOf(reordered)))).toEqual(asTriples(once));
          // the order is a property of the ties alone: reading them again keeps it
          const again = asTriples(once) as [number, number, number][];
          expect(asTriples(tiesInCanonicalOrder(triplesOf(again)))).toEqual(asTriples(once));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges both directions and repeats of a pair, counts summed, and drops self-ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.integer({ min: 1, max: 9 })), { maxLength: 60 }),
        (rows) => {
          const got = tiesInCanonicalOrder(triplesOf(rows));
          const expected = new Map<string, number>();
          for (const [x, y, w] of rows) {
            const key = `${Math.min(x, y)}-${Math.max(x, y)}`;
            if (x !== y) expected.set(key, (expected.get(key) ?? 0) + w);
          }
          expect(new Map(asTriples(got).map(([a, b, w]) => [`${a}-${b}`, w]))).toEqual(expected);
          expect(got.count).toBe(expected.size);
          for (let t = 0; t < got.count; t++) expect(got.a[t]).toBeLessThan(got.b[t]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives Louvain the same communities whatever order the rows came in (the same ties in another order do not)', () => {
    const demo = generateDemoOrg({ people: 1500, endDay: '2026-05-31' });
    const ids = new Map(demo.users.map((u, i) => [u.id, i]));
    const rows: [number, number, number][] = demo.interactions.map((i) => [
      ids.get(i.actor)!,
      ids.get(i.target)!,
      i.count,
    ]);
    const reversed = [...rows].reverse();
    const n = demo.users.length;
    const first = louvainCommunities(n, tiesInCanonicalOrder(triplesOf(rows)));
    expect(louvainCommunities(n, tiesInCanonicalOrder(triplesOf(reversed))).communityOf).toEqual(first.communityOf);
    // kept in the order first seen, the same ties read backwards give Louvain other communities
    const firstSeen = (r: [number, number, number][]) =>
      tiesFromNumberedPairs(n, {
        count: r.length,
        source: Int32Array.from(r, (x) => x[0]),
        target: Int32Array.from(r, (x) => x[1]),
        weight: Float64Array.from(r, (x) => x[2]),
      });
    expect(louvainCommunities(n, firstSeen(reversed)).communityOf).not.toEqual(
      louvainCommunities(n, firstSeen(rows)).communityOf,
    );
  });
});

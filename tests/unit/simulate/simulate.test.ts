import { proposeIntroductions } from '../../../src/domain/matching/proposeIntroductions';
import { departmentPairKey } from '../../../src/domain/matching/bridging';
import { defaultSettings } from '../../../src/domain/settings';
import { tiesFromPairs } from '../../../src/domain/silos/orgData';
import { generatedInterests } from '../../../src/domain/simulate/interests';
import { acceptProbability, type StrategyName } from '../../../src/domain/simulate/model';
import { metricsFromScratch, type SimNetwork } from '../../../src/domain/simulate/network';
import { runSimulation, simulateStrategy, type SimulationOptions } from '../../../src/domain/simulate/runSimulation';
import { seededRandom } from '../../../src/domain/random';

const rounds = defaultSettings().rounds;

function network(people: Array<[string, string, string[]]>, ties: Array<[string, string]>): SimNetwork {
  const ids = people.map((p) => p[0]);
  const departments = [...new Set(people.map((p) => p[1]))].sort();
  return {
    people: ids,
    departments,
    departmentOf: Int32Array.from(people, (p) => departments.indexOf(p[1])),
    ties: tiesFromPairs(
      new Map(ids.map((id, i) => [id, i])),
      ties.map(([source, target]) => ({ source, target })),
    ),
    interests: people.map((p) => p[2]),
  };
}

const options = (over: Partial<SimulationOptions> = {}): SimulationOptions => ({
  strategies: ['weaver', 'random', 'random-cross'],
  rounds: 4,
  participation: 1,
  accept: 1,
  meet: 1,
  seed: 1,
  interests: { source: 'interests-file', tags: 1, peopleWithInterests: 6 },
  roundSettings: rounds,
  ...over,
});

/** Two departments of three, each a triangle, no tie between them; everyone likes chess. */
const twoTriangles = () =>
  network(
    [
      ['a1', 'Apps', ['chess']],
      ['a2', 'Apps', ['chess']],
      ['a3', 'Apps', ['chess']],
      ['b1', 'Build', ['chess']],
      ['b2', 'Build', ['chess']],
      ['b3', 'Build', ['chess']],
    ],
    [
      ['a1', 'a2'],
      ['a2', 'a3'],
      ['a1', 'a3'],
      ['b1', 'b2'],
      ['b2', 'b3'],
      ['b1', 'b3'],
    ],
  );

describe('weaver simulate: metrics after each round (hand counts)', () => {
  it('Weaver introduces every Apps person to every Build person in three rounds, then has no one left', () => {
    const result = runSimulation(twoTriangles(), options({ strategies: ['weaver'] }));
    // Start: 6 ties, all inside; Apps–Build expects 6·3·3/C(6,2) = 3.6 ties and has none: one missing bridge.
    expect(result.baseline).toMatchObject({ ties: 6, orgEI: -1, crossShare: 0, missingBridges: 1 });
    expect(result.baseline.modularity).toBeCloseTo(0.5, 10); // 2 · (3/6 − (6/12)²)
    const rows = result.strategies.weaver!.perRound;
    const expected = [
      // round 1: 3 cross ties → 9 ties; E-I (3−6)/9; Q = 2·(3/9 − (9/18)²) = 1/6
      { round: 1, proposed: 3, met: 3, newTies: 3, orgEI: -1 / 3, modularity: 1 / 6, crossShare: 1 / 3 },
      // round 2: 3 more (no pair twice, no existing tie) → 12 ties; E-I 0; Q = 2·(3/12 − ¼) = 0
      { round: 2, proposed: 3, met: 3, newTies: 3, orgEI: 0, modularity: 0, crossShare: 0.5 },
      // round 3: the last 3 cross pairs → 15 ties; E-I 3/15; Q = 2·(3/15 − ¼) = −0.1
      { round: 3, proposed: 3, met: 3, newTies: 3, orgEI: 0.2, modularity: -0.1, crossShare: 0.6 },
      // round 4: everyone is tied to everyone in the other department: nothing to propose
      { round: 4, proposed: 0, met: 0, newTies: 0, orgEI: 0.2, modularity: -0.1, crossShare: 0.6 },
    ];
    expected.forEach((e, i) => {
      const row = rows[i];
      expect(row).toMatchObject({ round: e.round, proposed: e.proposed, accepted: e.proposed, met: e.met });
      expect(row.newTies).toBe(e.newTies);
      expect(row.orgEI).toBeCloseTo(e.orgEI, 10);
      expect(row.modularity).toBeCloseTo(e.modularity, 10);
      expect(row.crossShare).toBeCloseTo(e.crossShare, 10);
      expect(row.missingBridgesClosed).toBe(1);
      expect(row.peopleReached).toBe(6);
      expect(row.sharedInterestRate).toBe(e.proposed ? 1 : 0);
    });
    expect(result.strategies.weaver!.final).toMatchObject({ introductions: 9, newTiesTotal: 9, newCrossTies: 9 });
  });

  it('random cross-department pairing pairs all six across departments in round 1', () => {
    const result = runSimulation(twoTriangles(), options({ strategies: ['random-cross'], rounds: 1 }));
    const r = result.strategies['random-cross']!;
    expect(r.perRound[0]).toMatchObject({ proposed: 3, newTies: 3, missingBridgesClosed: 1, peopleReached: 6 });
    expect(r.perRound[0].orgEI).toBeCloseTo(-1 / 3, 10);
  });

  it('counts nothing when nobody accepts: accept 0 with no shared interest', () => {
    const net = twoTriangles();
    net.interests = net.interests.map((_, i) => [`own-${i}`]);
    const result = runSimulation(net, options({ strategies: ['random-cross'], rounds: 2, accept: 0 }));
    const r = result.strategies['random-cross']!;
    expect(r.perRound.map((x) => [x.proposed, x.accepted, x.met, x.missingBridgesClosed, x.peopleReached])).toEqual([
      [3, 0, 0, 0, 0],
      [3, 0, 0, 0, 0],
    ]);
    expect(r.perRound[1].sharedInterestRate).toBe(0);
    expect(r.perRound[1].orgEI).toBe(-1);
  });

  it('documents an acceptance curve that starts at the base and rises with each shared tag', () => {
    const curve = [0, 1, 2, 3].map((s) => acceptProbability(0.6, s));
    expect(curve).toEqual([0.6, 0.8, 0.9, 0.95].map((x) => expect.closeTo(x, 12)));
  });
});

/** A random organisation: `n` people in `k` departments, mostly internal ties, a few interests each. */
function randomOrg(n: number, k: number, seed: number): SimNetwork {
  const rnd = seededRandom(seed);
  const people: Array<[string, string, string[]]> = Array.from({ length: n }, (_, i) => [
    `U${i}`,
    `D${i % k}`,
    [`t${Math.floor(rnd() * 12)}`, `t${Math.floor(rnd() * 12)}`],
  ]);
  const ties: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) {
    for (let e = 0; e < 3; e++) {
      const sameDept = rnd() < 0.85;
      let j = Math.floor(rnd() * n);
      if (sameDept) j = (j - (j % k) + (i % k)) % n;
      if (j !== i) ties.push([`U${i}`, `U${j}`]);
    }
  }
  return network(people, ties);
}

describe('weaver simulate: the metrics are the silo report functions', () => {
  const all: StrategyName[] = ['weaver', 'random', 'random-cross'];
  it.each(all)('%s: running counts equal a full recomputation after every round', (strategy) => {
    const net = randomOrg(120, 5, 3);
    let checked = 0;
    simulateStrategy(net, strategy, {
      ...options({ rounds: 5, accept: 0.6, meet: 0.7, participation: 0.8 }),
      onRound: (_s, _r, _groups, state) => {
        const scratch = metricsFromScratch(state.tieList(), net.departmentOf, net.departments.length);
        const running = state.metrics();
        expect(running.ties).toBe(scratch.ties);
        expect(running.orgEI).toBeCloseTo(scratch.orgEI, 12);
        expect(running.modularity).toBeCloseTo(scratch.modularity, 12);
        expect(running.crossShare).toBeCloseTo(scratch.crossShare, 12);
        checked++;
      },
    });
    expect(checked).toBe(5);
  });
});

describe('weaver simulate: the weaver strategy is the live round code', () => {
  it('proposes in round 1 exactly what proposeIntroductions proposes for the same people, ties and seed', () => {
    const net = randomOrg(60, 4, 11);
    let simulated: string[][] = [];
    simulateStrategy(net, 'weaver', {
      ...options({ rounds: 1 }),
      onRound: (_s, _r, groups) => {
        simulated = groups.map((g) => g.map((i) => net.people[i]));
      },
    });
    // The live input, built here independently: everyone takes part (participation 1), their
    // interests are their passions, every existing tie forbids a pair, bridging from the real counts.
    const dept = (i: number) => net.departments[net.departmentOf[i]];
    const sizes = new Map<string, number>();
    for (let i = 0; i < net.people.length; i++) sizes.set(dept(i), (sizes.get(dept(i)) ?? 0) + 1);
    const pairTies = new Map<string, number>();
    const tied: Array<[string, string]> = [];
    for (let t = 0; t < net.ties.count; t++) {
      const [a, b] = [net.ties.a[t], net.ties.b[t]];
      tied.push([net.people[a], net.people[b]]);
      const key = departmentPairKey(dept(a), dept(b));
      if (dept(a) !== dept(b)) pairTies.set(key, (pairTies.get(key) ?? 0) + 1);
    }
    const live = proposeIntroductions({
      people: net.people.map((id, i) => ({
        userId: id,
        department: dept(i),
        tzOffset: null,
        passions: { userId: id, tags: net.interests[i], teach: [], learn: [] },
      })),
      constraints: { tiedPairs: tied, recentIntroPairs: [], blocks: [] },
      ties: { sizes, ties: pairTies, totalTies: net.ties.count },
      rounds,
      seed: '1:weaver:1',
    });
    expect(live.introductions.length).toBeGreaterThan(10);
    expect(simulated).toEqual(live.introductions.map((i) => i.members));
  });

  it('keeps the hard rules over rounds: other department, not yet tied, no pair twice within the cool-down', () => {
    const net = randomOrg(80, 4, 5);
    const seen = new Set<string>();
    simulateStrategy(net, 'weaver', {
      ...options({ rounds: 6, accept: 0.6, meet: 0.7, participation: 0.9 }),
      onRound: (_s, _r, groups) => {
        for (const g of groups) {
          for (let i = 0; i < g.length; i++) {
            for (let j = i + 1; j < g.length; j++) {
              expect(net.departmentOf[g[i]]).not.toBe(net.departmentOf[g[j]]);
              const key = [g[i], g[j]].sort((x, y) => x - y).join('-');
              expect(seen.has(key)).toBe(false);
              seen.add(key);
            }
          }
        }
      },
    });
    expect(seen.size).toBeGreaterThan(50);
  });
});

describe('weaver simulate: deterministic for a seed', () => {
  it('gives the same result twice for the same seed and a different one for another seed', () => {
    const net = randomOrg(100, 5, 7);
    const a = runSimulation(net, options({ rounds: 3, accept: 0.6, meet: 0.7, participation: 0.8 }));
    const b = runSimulation(net, options({ rounds: 3, accept: 0.6, meet: 0.7, participation: 0.8 }));
    const c = runSimulation(net, options({ rounds: 3, accept: 0.6, meet: 0.7, participation: 0.8, seed: 2 }));
    expect(b).toEqual(a);
    expect(c.strategies.random).not.toEqual(a.strategies.random);
  });

  it('generates the same interests for a bare tie list from the same seed, clustered along ties', () => {
    const net = randomOrg(200, 5, 9);
    const first = generatedInterests(net.people, net.ties, 4);
    expect(generatedInterests(net.people, net.ties, 4)).toEqual(first);
    expect(generatedInterests(net.people, net.ties, 5)).not.toEqual(first);
    let sharedAlongTies = 0;
    for (let t = 0; t < net.ties.count; t++) {
      if (first[net.ties.a[t]].some((x) => first[net.ties.b[t]].includes(x))) sharedAlongTies++;
    }
    expect(sharedAlongTies / net.ties.count).toBeGreaterThan(0.3);
  });
});

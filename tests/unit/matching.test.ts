import fc from 'fast-check';
import { defaultSettings } from '../../src/domain/settings';
import { bridging, departmentPairKey, type DepartmentTies } from '../../src/domain/matching/bridging';
import type { RoundPerson } from '../../src/domain/matching/candidates';
import { ineligibility } from '../../src/domain/matching/eligibility';
import { proposeIntroductions, type RoundInput } from '../../src/domain/matching/proposeIntroductions';
import {
  EXACT_MAX_PEOPLE,
  exactMatching,
  greedyMatching,
  maximumWeightMatching,
  type WeightedEdge,
} from '../../src/domain/matching/solve';
import { seededRandom } from '../../src/domain/random';
import { nextLocalSendTime, periodKey, workingHoursOverlap } from '../../src/domain/matching/timing';

const rounds = defaultSettings().rounds;
const noTies: DepartmentTies = { sizes: new Map(), ties: new Map(), totalTies: 0 };
const noConstraints = { tiedPairs: [], recentIntroPairs: [], blocks: [] };

function p(userId: string, department: string, tags: string[], o: Partial<RoundPerson> = {}): RoundPerson {
  return { userId, department, tzOffset: 0, passions: { userId, tags, teach: [], learn: [] }, ...o };
}

const input = (people: RoundPerson[], o: Partial<RoundInput> = {}): RoundInput => ({
  people,
  constraints: noConstraints,
  ties: noTies,
  rounds,
  seed: 'seed-1',
  ...o,
});

/** Best matching weight by trying every matching (tiny graphs only). */
function bruteForce(n: number, edges: WeightedEdge[]): number {
  const w = new Map<string, number>();
  for (const e of edges)
    w.set(
      `${Math.min(e.u, e.v)},${Math.max(e.u, e.v)}`,
      Math.max(e.w, w.get(`${Math.min(e.u, e.v)},${Math.max(e.u, e.v)}`) ?? 0),
    );
  const used = new Array(n).fill(false);
  const go = (i: number): number => {
    while (i < n && used[i]) i += 1;
    if (i >= n) return 0;
    used[i] = true;
    let best = go(i + 1); // i stays single
    for (let j = i + 1; j < n; j += 1) {
      const wij = w.get(`${i},${j}`);
      if (used[j] || wij === undefined) continue;
      used[j] = true;
      best = Math.max(best, wij + go(i + 1));
      used[j] = false;
    }
    used[i] = false;
    return best;
  };
  return go(0);
}

const randomGraph = fc.integer({ min: 2, max: 10 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(
      fc.record({
        u: fc.integer({ min: 0, max: n - 1 }),
        v: fc.integer({ min: 0, max: n - 1 }),
        w: fc.integer({ min: 1, max: 100 }),
      }),
      { maxLength: 25 },
    ),
  }),
);

describe('maximum-weight matching', () => {
  it('finds the exact optimum on small random graphs (checked by brute force)', () => {
    fc.assert(
      fc.property(randomGraph, ({ n, edges }) => {
        const clean = edges.filter((e) => e.u !== e.v);
        const m = exactMatching(n, clean);
        expect(m.total).toBeCloseTo(bruteForce(n, clean), 6);
        for (let i = 0; i < n; i += 1) if (m.mate[i] >= 0) expect(m.mate[m.mate[i]]).toBe(i);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('finds the exact optimum with fractional weights too', () => {
    fc.assert(
      fc.property(randomGraph, ({ n, edges }) => {
        const clean = edges.filter((e) => e.u !== e.v).map((e) => ({ ...e, w: e.w / 37 }));
        expect(exactMatching(n, clean).total).toBeCloseTo(bruteForce(n, clean), 3);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('the greedy fallback returns a valid matching no worse than half the optimum', () => {
    fc.assert(
      fc.property(randomGraph, ({ n, edges }) => {
        const clean = edges.filter((e) => e.u !== e.v);
        const g = greedyMatching(n, clean);
        for (let i = 0; i < n; i += 1) if (g.mate[i] >= 0) expect(g.mate[g.mate[i]]).toBe(i);
        expect(g.total).toBeGreaterThanOrEqual(bruteForce(n, clean) / 2 - 1e-9);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('a large round stopped near the maximum leaves nobody free next to someone free they could meet', () => {
    const rnd = seededRandom('near-exact');
    const n = 3000;
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < n * 8; i += 1) {
      const u = Math.floor(rnd() * n);
      const v = Math.floor(rnd() * n);
      if (u !== v) edges.push({ u, v, w: 0.2 + rnd() });
    }
    const exact = exactMatching(n, edges);
    const near = exactMatching(n, edges, 0.01);
    expect(near.method).toBe('near-exact');
    expect(near.total).toBeGreaterThanOrEqual(0.99 * exact.total);
    for (let i = 0; i < n; i += 1) if (near.mate[i] >= 0) expect(near.mate[near.mate[i]]).toBe(i);
    const freePairs = edges.filter((e) => near.mate[e.u] === -1 && near.mate[e.v] === -1);
    expect(freePairs).toEqual([]);
    // and below NEAR_EXACT_MIN_PEOPLE a round is solved exactly
    expect(maximumWeightMatching(n, edges).method).toBe('exact');
    expect(maximumWeightMatching(n, edges, EXACT_MAX_PEOPLE, 1000).method).toBe('near-exact');
  });
});

describe('proposing introductions', () => {
  const org = [
    p('U01', 'Eng', ['bouldering', 'chess']),
    p('U02', 'Eng', ['bouldering', 'chess']),
    p('U03', 'Finance', ['bouldering']),
    p('U04', 'Finance', ['chess']),
    p('U05', 'Sales', ['bouldering', 'chess']),
    p('U06', 'Sales', ['chess', 'go']),
  ];
  const deptOf = new Map(org.map((x) => [x.userId, x.department]));

  it('never introduces two people from the same department', () => {
    const r = proposeIntroductions(input(org));
    expect(r.introductions.length).toBeGreaterThan(0);
    for (const intro of r.introductions)
      expect(new Set(intro.members.map((m) => deptOf.get(m))).size).toBe(intro.members.length);
  });

  it('never introduces people already tied, blocked, or introduced within the cool-down', () => {
    const people = [p('U01', 'Eng', ['go']), p('U02', 'Finance', ['go']), p('U03', 'Sales', ['go'])];
    const cases = [
      { tiedPairs: [['U01', 'U02'] as const], recentIntroPairs: [], blocks: [] },
      { tiedPairs: [], recentIntroPairs: [['U02', 'U01'] as const], blocks: [] },
      { tiedPairs: [], recentIntroPairs: [], blocks: [['U02', 'U01'] as const] },
    ];
    for (const constraints of cases) {
      const r = proposeIntroductions(
        input(people, {
          constraints: { ...constraints, tiedPairs: [...constraints.tiedPairs, ['U03', 'U01'], ['U03', 'U02']] },
        }),
      );
      expect(r.introductions).toEqual([]);
      expect(r.unmatched).toEqual(['U01', 'U02', 'U03']);
    }
  });

  it('does not introduce people who already share several channels', () => {
    const people = [
      p('U01', 'Eng', ['go'], { channels: ['C1', 'C2', 'C3'] }),
      p('U02', 'Finance', ['go'], { channels: ['C1', 'C2', 'C3'] }),
    ];
    expect(proposeIntroductions(input(people)).introductions).toEqual([]);
    const fewer = [
      p('U01', 'Eng', ['go'], { channels: ['C1', 'C2'] }),
      p('U02', 'Finance', ['go'], { channels: ['C1', 'C2'] }),
    ];
    expect(proposeIntroductions(input(fewer)).introductions).toHaveLength(1);
  });

  it('does not introduce people whose working hours barely overlap', () => {
    const people = [p('U01', 'Eng', ['go'], { tzOffset: 0 }), p('U02', 'Finance', ['go'], { tzOffset: 8 * 3600 })];
    expect(proposeIntroductions(input(people)).introductions).toEqual([]);
    const close = [p('U01', 'Eng', ['go'], { tzOffset: 0 }), p('U02', 'Finance', ['go'], { tzOffset: 5 * 3600 })];
    expect(proposeIntroductions(input(close)).introductions).toHaveLength(1);
  });

  it('with no working-hours overlap required, introduces people however far apart their time zones are', () => {
    // 10 hours apart: their 09:00–17:00 days never meet
    const far = [p('U01', 'Eng', ['go'], { tzOffset: 0 }), p('U02', 'Finance', ['go'], { tzOffset: 10 * 3600 })];
    expect(proposeIntroductions(input(far, { rounds: { ...rounds, minOverlapHours: 0 } })).introductions).toHaveLength(
      1,
    );
    expect(proposeIntroductions(input(far, { rounds: { ...rounds, minOverlapHours: 1 } })).introductions).toEqual([]);
  });

  it('puts the odd person out into a trio instead of leaving them out', () => {
    const three = [p('U01', 'Eng', ['go']), p('U02', 'Finance', ['go']), p('U03', 'Sales', ['go'])];
    const r = proposeIntroductions(input(three));
    expect(r.introductions).toHaveLength(1);
    expect([...r.introductions[0].members].sort()).toEqual(['U01', 'U02', 'U03']);
    expect(r.unmatched).toEqual([]);
  });

  it('reports people with nothing in common as unmatched', () => {
    const r = proposeIntroductions(
      input([p('U01', 'Eng', ['go']), p('U02', 'Finance', ['go']), p('U03', 'Sales', ['knitting'])]),
    );
    expect(r.introductions.map((i) => [...i.members].sort())).toEqual([['U01', 'U02']]);
    expect(r.unmatched).toEqual(['U03']);
  });

  it('prefers pairs that share rare passions and bridge departments that never talk', () => {
    const people = [
      ...Array.from({ length: 8 }, (_, i) => p(`UC${i}`, i % 2 ? 'Ops' : 'Legal', ['coffee'])),
      p('UA', 'Eng', ['coffee', 'bouldering']),
      p('UB', 'Finance', ['coffee', 'bouldering']),
    ];
    const r = proposeIntroductions(input(people));
    expect(r.introductions.find((i) => i.members.includes('UA'))?.members).toContain('UB');
    const ties: DepartmentTies = {
      sizes: new Map([
        ['Eng', 10],
        ['Finance', 10],
        ['Sales', 10],
      ]),
      ties: new Map([[departmentPairKey('Eng', 'Sales'), 30]]),
      totalTies: 60,
    };
    expect(bridging(ties, 'Eng', 'Finance').bonus).toBe(1);
    expect(bridging(ties, 'Eng', 'Finance').missingBridge).toBe(true);
    expect(bridging(ties, 'Eng', 'Sales').bonus).toBeLessThan(0.5);
  });

  it('is deterministic for a seed', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      p(`U${String(i).padStart(2, '0')}`, `D${i % 4}`, [`t${i % 3}`, `r${i % 5}`]),
    );
    const a = proposeIntroductions(input(many, { seed: 'x' }));
    const b = proposeIntroductions(input([...many].reverse(), { seed: 'x' }));
    expect(b.introductions.map((i) => i.members)).toEqual(a.introductions.map((i) => i.members));
    expect(b.total).toBe(a.total);
  });

  it('gives the same total with the greedy fallback on an easy instance', () => {
    const many = Array.from({ length: 30 }, (_, i) => p(`U${String(i).padStart(2, '0')}`, `D${i % 3}`, [`t${i % 7}`]));
    const exact = proposeIntroductions(input(many));
    const greedy = proposeIntroductions(input(many, { exactMaxPeople: 0 }));
    expect(greedy.method).toBe('greedy+local');
    expect(greedy.total).toBeGreaterThanOrEqual(exact.total * 0.9);
  });
});

describe('eligibility and timing', () => {
  const base = {
    userId: 'U1',
    department: 'Eng',
    isBot: false,
    isDeleted: false,
    optedOut: false,
    pausedUntil: null,
    unansweredSuggestions: 0,
    hasPassions: true,
  };
  const now = new Date('2026-11-16T09:00:00Z');
  it('leaves out opted-out, paused, unresponsive people and people without passions', () => {
    expect(ineligibility(base, now)).toBeNull();
    expect(ineligibility({ ...base, optedOut: true }, now)).toBe('opted_out');
    expect(ineligibility({ ...base, pausedUntil: new Date('2026-12-01') }, now)).toBe('paused');
    expect(ineligibility({ ...base, pausedUntil: new Date('2026-11-01') }, now)).toBeNull();
    expect(ineligibility({ ...base, unansweredSuggestions: 3 }, now)).toBe('not_responding');
    expect(ineligibility({ ...base, hasPassions: false }, now)).toBe('no_passions');
    expect(ineligibility({ ...base, isDeleted: true }, now)).toBe('deactivated');
  });

  it('sends at the local hour on the next working day', () => {
    // Friday 2026-11-20 12:00 UTC; a person in UTC-5 at send hour 10 -> Monday 10:00 local = 15:00 UTC
    expect(nextLocalSendTime(new Date('2026-11-20T16:00:00Z'), -5 * 3600, 10).toISOString()).toBe(
      '2026-11-23T15:00:00.000Z',
    );
    // Monday 06:00 UTC, person in UTC+1 -> same day 10:00 local = 09:00 UTC
    expect(nextLocalSendTime(new Date('2026-11-16T06:00:00Z'), 3600, 10).toISOString()).toBe(
      '2026-11-16T09:00:00.000Z',
    );
  });

  it('measures working-hours overlap across the date line and names periods', () => {
    expect(workingHoursOverlap(0, 3 * 3600)).toBe(5);
    expect(workingHoursOverlap(-10 * 3600, 12 * 3600)).toBe(6);
    expect(periodKey(new Date('2026-11-16T09:00:00Z'), 'weekly')).toBe('2026-W47');
    expect(periodKey(new Date('2026-11-16T09:00:00Z'), 'biweekly')).toBe('2026-W47+48');
    expect(periodKey(new Date('2026-11-23T09:00:00Z'), 'biweekly')).toBe('2026-W47+48');
    expect(periodKey(new Date('2026-11-16T09:00:00Z'), 'monthly')).toBe('2026-11');
  });
});

import { introFunnel, type FunnelRoundInput } from '../../src/domain/introductions/funnel';

const now = new Date('2026-11-30T00:00:00Z');
const intro = (status: string, members: string[], o: { outcome?: string; bridges?: boolean } = {}) => ({
  status,
  outcome: o.outcome ?? null,
  bridgesMissing: o.bridges ?? false,
  members,
});

// Hand-counted fixture: a recent round with a trio, an older round in the quarter, one before it.
const rounds: FunnelRoundInput[] = [
  {
    period: '2026-W47+48',
    createdAt: new Date('2026-11-16T06:00:00Z'),
    intros: [
      intro('accepted', ['A', 'B', 'C'], { outcome: 'met', bridges: true }), // a trio: 3 people, 3 pairs
      intro('declined', ['D', 'E']),
      intro('expired', ['F', 'G'], { bridges: true }),
      intro('withdrawn', ['H', 'I']),
    ],
    introducedPairs: { total: 3, tied: 2 },
    comparisonPairs: { total: 10, tied: 1 },
  },
  {
    period: '2026-W45+46',
    createdAt: new Date('2026-11-02T06:00:00Z'),
    intros: [intro('accepted', ['A', 'D']), intro('proposed', ['J', 'K'])],
    introducedPairs: { total: 1, tied: 0 },
    comparisonPairs: { total: 10, tied: 0 },
  },
  {
    period: '2026-W31+32',
    createdAt: new Date('2026-07-27T06:00:00Z'),
    intros: [intro('accepted', ['X', 'Y'], { outcome: 'met' })],
    introducedPairs: { total: 1, tied: 1 },
    comparisonPairs: { total: 0, tied: 0 },
  },
];

describe('the introduction funnel', () => {
  it('counts each round and the last quarter by hand-counted rules', () => {
    const f = introFunnel({ rounds, now, threshold: 5 });
    expect(f.rounds.map((r) => r.period)).toEqual(['2026-W47+48', '2026-W45+46', '2026-W31+32']);
    expect(f.rounds[0]).toMatchObject({
      hidden: false,
      people: 9,
      proposed: 4,
      acceptedByAll: 1,
      met: 1,
      declined: 1,
      expired: 1,
      withdrawn: 1,
      bridgingShare: 0.5,
      newTieRate: 2 / 3,
      comparisonTieRate: 0.1,
    });
    // the quarter (since 2026-08-31) holds the first two rounds; A and D are counted once
    expect(f.quarter).toMatchObject({
      since: '2026-08-31',
      rounds: 2,
      hidden: false,
      people: 11,
      proposed: 6,
      acceptedByAll: 2,
      met: 1,
      bridgingShare: 2 / 6,
      newTieRate: 2 / 4,
      comparisonTieRate: 1 / 20,
    });
  });

  it('counts people, not pairs, against the privacy threshold (a trio is three people)', () => {
    const trio = [{ ...rounds[0], intros: [rounds[0].intros[0]] }];
    expect(introFunnel({ rounds: trio, now, threshold: 3 }).rounds[0].hidden).toBe(false);
    expect(introFunnel({ rounds: trio, now, threshold: 4 }).rounds[0]).toEqual({
      period: '2026-W47+48',
      createdAt: '2026-11-16T06:00:00.000Z',
      hidden: true,
    });
    // rounds 2 and 3 have 4 and 2 people: hidden at 5; the quarter (11 people) is shown
    const f = introFunnel({ rounds, now, threshold: 5 });
    expect(f.rounds.map((r) => r.hidden)).toEqual([false, true, true]);
    expect(f.quarter.hidden).toBe(false);
  });
});

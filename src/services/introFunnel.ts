/**
 * The introduction funnel for a workspace: loads rounds and tie checks from the store and hands
 * them to the one pure computation (src/domain/introductions/funnel.ts). Used by the lead's Home,
 * `weaver report` (JSON and HTML).
 */
import type { Knex } from 'knex';
import { introFunnel, QUARTER_DAYS, type FunnelRoundInput, type IntroFunnel } from '../domain/introductions/funnel';
import { askCounts } from '../domain/asks/askCounts';
import { asksSince } from '../store/asks';
import { pairsTiedBetween } from '../store/introData';
import { funnelRounds, introducedPairs } from '../store/intros';
import { DAY_MS } from '../domain/time';

/** The funnel counts a new tie when an introduced pair interacts within this many days. */
export const NEW_TIE_WINDOW_DAYS = 60;
/** Rounds shown per round on the Home tab, at least (the quarter may hold more). */
export const FUNNEL_ROUNDS = 8;

export async function loadIntroFunnel(db: Knex, teamId: string, now: Date, threshold: number): Promise<IntroFunnel> {
  const since = new Date(now.getTime() - QUARTER_DAYS * DAY_MS);
  const windowEnd = (d: Date) => new Date(d.getTime() + NEW_TIE_WINDOW_DAYS * DAY_MS);
  const rounds: FunnelRoundInput[] = [];
  for (const r of await funnelRounds(db, teamId, since, FUNNEL_ROUNDS)) {
    const introduced = await introducedPairs(db, r.roundId);
    const comparison = r.comparisonPairs.map(([a, b]) => ({ a, b, from: r.createdAt, to: windowEnd(r.createdAt) }));
    rounds.push({
      period: r.period,
      createdAt: r.createdAt,
      intros: r.intros,
      introducedPairs: {
        total: introduced.length,
        tied: await pairsTiedBetween(
          db,
          teamId,
          introduced.map((p) => ({ ...p, from: p.at, to: windowEnd(p.at) })),
        ),
      },
      comparisonPairs: { total: comparison.length, tied: await pairsTiedBetween(db, teamId, comparison) },
    });
  }
  const asks = askCounts(await asksSince(db, teamId, since), threshold);
  return { ...introFunnel({ rounds, now, threshold }), asks };
}

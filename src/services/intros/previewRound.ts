import { awayUntil } from '../../domain/away';
import { ineligibility } from '../../domain/matching/eligibility';
import type { RoundProposal } from '../../domain/matching/proposeIntroductions';
import { periodKey } from '../../domain/matching/timing';
import type { Settings } from '../../domain/settings';
import { DAY_MS } from '../../domain/time';
import {
  channelsByMember,
  departmentTies,
  introBlocks,
  recentIntroPairs,
  roundMembers,
  tiedPairs,
} from '../../store/introData';
import { unansweredTopics } from '../../store/asks';
import { settingsFor } from '../../store/settings';
import type { Services } from '../context';
import { proposeRound } from './roundThread';

/** "Not already connected": no interaction tie within this many days. */
export const TIE_WINDOW_DAYS = 90;

export interface RoundPreview {
  periodKey: string;
  eligible: number;
  proposal: RoundProposal;
  departments: Map<string, string | null>;
}

/** Loads everything and proposes the round for `now` (nothing is stored). */
export async function previewRound(services: Services, teamId: string, settings?: Settings): Promise<RoundPreview> {
  const now = services.now();
  const s = settings ?? (await settingsFor(services.db, teamId));
  const key = periodKey(now, s.rounds.cadence);
  const since = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const [members, tied, recent, blocks, channels, ties, asked] = await Promise.all([
    roundMembers(services.db, teamId),
    tiedPairs(services.db, teamId, since(TIE_WINDOW_DAYS)),
    recentIntroPairs(services.db, teamId, since(s.rounds.coolDownDays)),
    introBlocks(services.db, teamId),
    channelsByMember(services.db, teamId),
    departmentTies(services.db, teamId, since(s.historyDays)),
    unansweredTopics(services.db, teamId, key),
  ]);
  // an ask nobody could take weighs in the asker's next round, as something they want to learn
  for (const m of members) {
    const topics = asked.get(m.userId);
    if (topics) m.learn = [...new Set([...m.learn, ...topics])];
  }
  const eligible = members.filter(
    (m) =>
      ineligibility(
        {
          ...m,
          hasPassions: m.tags.length + m.teach.length + m.learn.length > 0,
          away: awayUntil(m.status, now, s.away, m.tzOffset) !== null,
        },
        now,
        s.rounds.cadence,
      ) === null,
  );
  // a large round runs in a worker thread: the app keeps answering Slack meanwhile
  const { proposal } = await proposeRound(
    {
      people: eligible.map((m) => ({
        userId: m.userId,
        department: m.department!,
        tzOffset: m.tzOffset,
        passions: { userId: m.userId, tags: m.tags, teach: m.teach, learn: m.learn },
        channels: channels.get(m.userId) ?? [],
      })),
      constraints: { tiedPairs: tied, recentIntroPairs: recent, blocks },
      ties,
      rounds: s.rounds,
      seed: `${teamId}:${key}`,
    },
    { onFallback: (why) => services.logger.warn({ teamId, why }, 'round computed on the main thread') },
  );
  return {
    periodKey: key,
    eligible: eligible.length,
    proposal,
    departments: new Map(members.map((m) => [m.userId, m.department])),
  };
}

/**
 * Who takes part in a round: people who shared passions, have a department, are not bots,
 * deactivated, opted out or paused (Weaver pauses people after UNANSWERED_LIMIT unanswered
 * suggestions in a row, so "not responding" is a pause too), and not resting because they asked
 * for fewer suggestions (src/domain/contactFrequency.ts).
 *
 * One open suggestion per person at a time: someone in an introduction that is still a suggestion
 * (nobody declined, it has not expired, not everyone accepted yet) is not proposed again, whatever
 * the round period and the expiry. They take part again in the first round after it closes.
 */
import { restingFromIntroductions, type ContactFrequency } from '../contactFrequency';
import type { Settings } from '../settings';

export const UNANSWERED_LIMIT = 3;

export interface MemberForRound {
  userId: string;
  department: string | null;
  isBot: boolean;
  isDeleted: boolean;
  optedOut: boolean;
  pausedUntil: Date | null;
  unansweredSuggestions: number;
  hasPassions: boolean;
  /** what the person chose on their Home tab; absent means normal */
  contactFrequency?: ContactFrequency;
  /** when they were last sent a suggestion */
  lastSuggestedAt?: Date | null;
  /** they are in an introduction still waiting for answers */
  hasOpenSuggestion?: boolean;
  /** their Slack status says they are away (src/domain/away.ts) */
  away?: boolean;
}

export type Ineligibility =
  | 'bot'
  | 'deactivated'
  | 'opted_out'
  | 'paused'
  | 'away'
  | 'not_responding'
  | 'no_department'
  | 'no_passions'
  | 'resting'
  | 'open_suggestion';

export function ineligibility(
  m: MemberForRound,
  now: Date,
  cadence: Settings['rounds']['cadence'] = 'biweekly',
): Ineligibility | null {
  if (m.isBot) return 'bot';
  if (m.isDeleted) return 'deactivated';
  if (m.optedOut) return 'opted_out';
  if (m.unansweredSuggestions >= UNANSWERED_LIMIT) return 'not_responding';
  if (m.pausedUntil && m.pausedUntil.getTime() > now.getTime()) return 'paused';
  if (m.away) return 'away';
  if (!m.department) return 'no_department';
  if (!m.hasPassions) return 'no_passions';
  if (m.hasOpenSuggestion) return 'open_suggestion';
  if (restingFromIntroductions(m.contactFrequency ?? 'normal', m.lastSuggestedAt ?? null, now, cadence))
    return 'resting';
  return null;
}

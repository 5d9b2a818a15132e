/**
 * Who takes part in a round: people who shared passions, have a department, are not bots,
 * deactivated, opted out or paused (Weaver pauses people after UNANSWERED_LIMIT unanswered
 * suggestions in a row, so "not responding" is a pause too).
 */
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
}

export type Ineligibility = 'bot' | 'deactivated' | 'opted_out' | 'paused' | 'not_responding' | 'no_department' | 'no_passions';

export function ineligibility(m: MemberForRound, now: Date): Ineligibility | null {
  if (m.isBot) return 'bot';
  if (m.isDeleted) return 'deactivated';
  if (m.optedOut) return 'opted_out';
  if (m.unansweredSuggestions >= UNANSWERED_LIMIT) return 'not_responding';
  if (m.pausedUntil && m.pausedUntil.getTime() > now.getTime()) return 'paused';
  if (!m.department) return 'no_department';
  if (!m.hasPassions) return 'no_passions';
  return null;
}

export const isEligible = (m: MemberForRound, now: Date): boolean => ineligibility(m, now) === null;

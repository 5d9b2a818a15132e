/**
 * "Away means away": whether a person's Slack status says they are away, and until when. Slack
 * sends the status with users.list and user_change (`profile.status_text`, `status_emoji`,
 * `status_expiration`, Unix seconds, 0 = none), so no extra API call is needed.
 *
 * A person is away at `at` when
 * - their status emoji is one of `rules.emojis` (":palm_tree:") or their status text contains one
 *   of `rules.words` as whole words, case and accents ignored ("OOO", "On vacation until Monday"),
 *   until the status expires (or indefinitely, while it is set without an expiry); or
 * - any status of theirs expires after the end of the day (their local day) that contains `at`:
 *   someone who set "At a conference" until Friday is not asked on Wednesday.
 * Pure: the time is an argument.
 */
import { DAY_MS } from './time';

export const AWAY_DEFAULTS = {
  emojis: [':palm_tree:', ':airplane:', ':face_with_thermometer:', ':thermometer:', ':beach_with_umbrella:'],
  words: ['ooo', 'out of office', 'vacation', 'holiday', 'holidays', 'on leave', 'parental leave', 'out sick', 'pto'],
} as const;

export interface SlackStatus {
  text: string | null;
  emoji: string | null;
  /** when the status ends; null when it does not expire */
  expiration: Date | null;
}

export interface AwayRules {
  emojis: readonly string[];
  words: readonly string[];
}

/** Until when a person is away: a date, 'indefinitely' (an away status without expiry), or null (not away). */
export type AwayUntil = Date | 'indefinitely' | null;

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const emojiName = (e: string): string => e.trim().toLowerCase().replace(/^:|:$/g, '');

/** True when the status emoji or text says "away" by the workspace's rules. */
export function statusSaysAway(status: SlackStatus, rules: AwayRules): boolean {
  if (status.emoji) {
    const name = emojiName(status.emoji);
    if (rules.emojis.some((e) => emojiName(e) === name)) return true;
  }
  if (status.text) {
    const text = ` ${fold(status.text)} `;
    if (rules.words.some((w) => fold(w) && text.includes(` ${fold(w)} `))) return true;
  }
  return false;
}

/** The end of the local day containing `at`, for someone `tzOffsetSeconds` east of UTC. */
function endOfLocalDay(at: Date, tzOffsetSeconds: number | null): number {
  const offset = (tzOffsetSeconds ?? 0) * 1000;
  const local = at.getTime() + offset;
  return Math.floor(local / DAY_MS) * DAY_MS + DAY_MS - offset;
}

export function awayUntil(
  status: SlackStatus,
  at: Date,
  rules: AwayRules,
  tzOffsetSeconds: number | null = 0,
): AwayUntil {
  const expires = status.expiration?.getTime() ?? null;
  if (expires !== null && expires <= at.getTime()) return null; // the status has ended
  const hasStatus = Boolean(status.text?.trim() || status.emoji?.trim());
  if (hasStatus && statusSaysAway(status, rules)) return expires === null ? 'indefinitely' : new Date(expires);
  if (hasStatus && expires !== null && expires >= endOfLocalDay(at, tzOffsetSeconds)) return new Date(expires);
  return null;
}

export const isAway = (status: SlackStatus, at: Date, rules: AwayRules, tzOffsetSeconds: number | null = 0): boolean =>
  awayUntil(status, at, rules, tzOffsetSeconds) !== null;

/** When to look again at someone away: when their status ends, or in a day when it has no end. */
export function whenBackOrRecheck(until: AwayUntil, at: Date): Date | null {
  if (until === null) return null;
  return until === 'indefinitely' ? new Date(at.getTime() + DAY_MS) : until;
}

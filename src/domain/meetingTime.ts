/**
 * "A time that suits both": the hours of the working day (09:00–17:00 local, Monday to Friday)
 * that everyone in an introduction shares, from their Slack time zones. Offsets are taken at the
 * given instant from the IANA zone when Slack gave one (so summer time counts), else from Slack's
 * tz_offset. Pure: the instant is an argument.
 *
 * Each person's working window is an arc of the 24-hour UTC circle; the windows are placed next to
 * the first person's (each within ±12 h of it) and intersected. Two 8-hour arcs that meet do so in
 * one piece, so the result is one interval or none.
 */
import { localParts, safeTimeZone } from './localTime';
import { WORK_END_HOUR, WORK_START_HOUR } from './matching/timing';

export interface PersonClock {
  userId: string;
  /** IANA zone name from Slack, when known */
  tz: string | null;
  /** seconds east of UTC (Slack's tz_offset), used when the zone is unknown */
  tzOffset: number | null;
}

export interface LocalHours {
  userId: string;
  /** minutes after local midnight */
  start: number;
  end: number;
}

export type SharedHours =
  | { overlap: true /** minutes after UTC midnight, 0..1439 */; startUtc: number; minutes: number; local: LocalHours[] }
  | { overlap: false; local: LocalHours[] };

/** Shorter than this is not "a time that suits both". */
export const MIN_SHARED_MINUTES = 60;
const DAY_MIN = 1440;
const WORK_START = WORK_START_HOUR * 60;
const WORK_LENGTH = (WORK_END_HOUR - WORK_START_HOUR) * 60;

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** Minutes east of UTC for a person at `at`. */
export function offsetMinutes(p: PersonClock, at: Date): number {
  if (p.tz && safeTimeZone(p.tz) === p.tz) {
    const l = localParts(at, p.tz);
    const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
    return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  }
  return Math.round((p.tzOffset ?? 0) / 60);
}

export function sharedWorkingHours(people: readonly PersonClock[], at: Date): SharedHours {
  const offsets = people.map((p) => offsetMinutes(p, at));
  // each window's start in UTC minutes, placed within ±12 h of the first person's
  const starts = offsets.map((o) => WORK_START - o);
  const ref = starts[0] ?? 0;
  const placed = starts.map((s) => ref + mod(s - ref + DAY_MIN / 2, DAY_MIN) - DAY_MIN / 2);
  const start = Math.max(...placed);
  const end = Math.min(...placed.map((s) => s + WORK_LENGTH));
  const minutes = end - start;
  if (!people.length || minutes < MIN_SHARED_MINUTES) {
    return {
      overlap: false,
      local: people.map((p) => ({ userId: p.userId, start: WORK_START, end: WORK_START + WORK_LENGTH })),
    };
  }
  return {
    overlap: true,
    startUtc: mod(start, DAY_MIN),
    minutes,
    local: people.map((p, i) => {
      const s = mod(start + offsets[i], DAY_MIN);
      return { userId: p.userId, start: s, end: s + minutes };
    }),
  };
}

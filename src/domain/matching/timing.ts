/**
 * Time arithmetic for rounds, all from UTC instants and Slack's tz offsets (seconds east of UTC):
 * the round's period key, a person's next local send hour on a working day, and how many working
 * hours two people share. Pure: "now" is always an argument.
 */
import type { Settings } from '../settings';
import { DAY_MS, HOUR_MS } from '../time';

/** Local working hours used for the overlap test: 09:00–17:00. */
export const WORK_START_HOUR = 9;
export const WORK_END_HOUR = 17;

/** ISO-8601 week (year and number) of a UTC day. */
function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart) / DAY_MS + 1) / 7) };
}

/**
 * The period a round belongs to: `2026-W47` (weekly), `2026-W46+47` (every two weeks: weeks paired
 * from an odd week), `2026-11` (monthly). One round per workspace per key (unique in intro_rounds).
 */
export function periodKey(now: Date, cadence: Settings['rounds']['cadence']): string {
  if (cadence === 'monthly') return now.toISOString().slice(0, 7);
  const { year, week } = isoWeek(now);
  const pad = (w: number) => String(w).padStart(2, '0');
  if (cadence === 'weekly') return `${year}-W${pad(week)}`;
  const first = week % 2 === 1 ? week : week - 1;
  return `${year}-W${pad(first)}+${pad(first + 1)}`;
}

/**
 * The first moment at or after `from` that is `hour`:00 local time on a working day (Mon–Fri) for
 * someone `tzOffsetSeconds` east of UTC (unknown tz: UTC).
 */
export function nextLocalSendTime(from: Date, tzOffsetSeconds: number | null, hour: number): Date {
  const offsetMs = (tzOffsetSeconds ?? 0) * 1000;
  const local = new Date(from.getTime() + offsetMs); // wall clock, read with getUTC*
  let candidate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour);
  if (candidate < local.getTime()) candidate += DAY_MS;
  for (;;) {
    const weekday = new Date(candidate).getUTCDay();
    if (weekday !== 0 && weekday !== 6) break;
    candidate += DAY_MS;
  }
  return new Date(candidate - offsetMs);
}

/** Adds whole days, then moves to the next local send hour on a working day. */
export function workingDaysLater(from: Date, days: number, tzOffsetSeconds: number | null, hour: number): Date {
  return nextLocalSendTime(new Date(from.getTime() + days * DAY_MS - HOUR_MS), tzOffsetSeconds, hour);
}

/**
 * Hours of 09:00–17:00 local working time two people share. Offsets are compared on a 24-hour
 * circle (UTC−10 and UTC+12 are 2 hours apart across the date line).
 */
export function workingHoursOverlap(aOffsetSeconds: number | null, bOffsetSeconds: number | null): number {
  const diff = Math.abs((aOffsetSeconds ?? 0) - (bOffsetSeconds ?? 0)) / 3600;
  const circular = Math.min(diff % 24, 24 - (diff % 24));
  return Math.max(0, WORK_END_HOUR - WORK_START_HOUR - circular);
}

/**
 * Local working hours in a person's own time zone (IANA name from their Slack profile), with
 * Intl only. Pure: the current time is an argument.
 */

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** A valid IANA zone name, or 'UTC' when Slack gave none or one Intl does not know. */
export function safeTimeZone(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    formatterFor(tz);
    return tz;
  } catch {
    return 'UTC';
  }
}

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function localParts(at: Date, tz: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(safeTimeZone(tz)).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday] ?? 0,
  };
}

/** Offset of `tz` from UTC at instant `at`, in milliseconds (positive east of Greenwich). */
function offsetMs(at: Date, tz: string): number {
  const p = localParts(at, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000;
}

/**
 * The instant when the wall clock in `tz` shows the given local date and hour. Two passes settle
 * the offset across a DST change; an hour that does not exist that day (spring forward) maps to
 * the first instant after the gap.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall - offsetMs(new Date(wall), tz);
  guess = wall - offsetMs(new Date(guess), tz);
  return new Date(guess);
}

const isWorkingDay = (weekday: number) => weekday >= 1 && weekday <= 5;

/**
 * The next moment at or after `now` when it is `hour`:00 on a working day (Monday to Friday) in
 * `tz`. If `now` is already inside that day's send window (`hour` up to `hour + windowHours`) it
 * returns `now`, so a job claimed a few minutes late still goes out the same morning.
 */
export function nextLocalSendTime(now: Date, tz: string, hour: number, windowHours = 3): Date {
  const zone = safeTimeZone(tz);
  if (isInSendWindow(now, zone, hour, windowHours)) return now;
  const today = localParts(now, zone);
  for (let k = 0; k < 10; k += 1) {
    // walk calendar days in the local zone (noon avoids DST edges when stepping)
    const probe = new Date(Date.UTC(today.year, today.month - 1, today.day + k, 12));
    const day = { year: probe.getUTCFullYear(), month: probe.getUTCMonth() + 1, day: probe.getUTCDate() };
    const candidate = zonedInstant(day.year, day.month, day.day, hour, zone);
    if (candidate.getTime() < now.getTime()) continue;
    if (!isWorkingDay(localParts(candidate, zone).weekday)) continue;
    return candidate;
  }
  throw new Error(`no working day found for ${zone}`); // unreachable: a week always has one
}

/** True when it is a working day in `tz` and the local time is within [hour, hour + windowHours). */
export function isInSendWindow(now: Date, tz: string, hour: number, windowHours = 3): boolean {
  const p = localParts(now, safeTimeZone(tz));
  return isWorkingDay(p.weekday) && p.hour >= hour && p.hour < hour + windowHours;
}

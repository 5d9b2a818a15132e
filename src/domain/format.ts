/**
 * How Weaver writes dates, percentages, signed numbers and counts — one definition each, used by
 * every report, view and CLI line, so the same number never reads two ways. Pure.
 */
import { DAY_MS } from './time';

export { DAY_MS };

/** The UTC calendar day (YYYY-MM-DD) of a time, a millisecond timestamp, or an ISO string. */
export function isoDay(t: Date | number | string): string {
  if (typeof t === 'string') return t.slice(0, 10);
  return (typeof t === 'number' ? new Date(t) : t).toISOString().slice(0, 10);
}

/** The day `days` days before `t`, as YYYY-MM-DD. */
export function isoDayBefore(t: Date | number, days: number): string {
  return isoDay((typeof t === 'number' ? t : t.getTime()) - days * DAY_MS);
}

/** A share in 0..1 as a whole percentage for tables, Slack and the CLI: "42%". */
export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** A share in 0..1 as a percentage in report prose and findings: "42 %", or "42.0 %" with `decimals`. */
export function percentProse(x: number, decimals = 0): string {
  return `${decimals ? (100 * x).toFixed(decimals) : Math.round(x * 100)} %`;
}

/** Like `percent`, or `missing` ("–") when there is no share to show (nothing to divide by). */
export function percentOr(x: number | null, missing: string): string {
  return x === null ? missing : percent(x);
}

/** A change of a share, in whole percentage points with its sign: "+12%", "-3%", "+0%". */
export function signedPercent(x: number): string {
  return `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`;
}

/** A change with its sign, ASCII, for aligned tables: "+0.12", "-0.12", "+0.00". */
export function signed(x: number, digits = 2): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
}

/** A change with its sign for prose: "+0.12", "−0.12" (a true minus), "0.00" (no sign on zero). */
export function signedProse(x: number, digits = 2): string {
  return `${x < 0 ? '−' : x > 0 ? '+' : ''}${Math.abs(x).toFixed(digits)}`;
}

/** A count with its unit: "1 tie", "3 ties", "2 people" (with the plural given). */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

/** A span of minutes in words for people: "3 d 11 h", "6 h 40 min", "12 min". */
export function minutesInWords(minutes: number): string {
  const total = Math.max(0, Math.ceil(minutes));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d) return `${d} d${h ? ` ${h} h` : ''}`;
  if (h) return `${h} h${m ? ` ${m} min` : ''}`;
  return `${m} min`;
}

/** An expected count as people read it: whole from 1 up ("99", not "99.45"), one decimal below ("0.4"). */
export function expectedCount(x: number): string {
  return x >= 1 || x === 0 ? String(Math.round(x)) : x.toFixed(1);
}

/** A measured value in a table: whole numbers as they are, others with two decimals. */
export function forPeople(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

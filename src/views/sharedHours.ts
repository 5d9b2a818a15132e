/**
 * The sentence of a group DM that says when everyone is in working hours at once (from
 * src/domain/meetingTime.ts), or says honestly that they are not and suggests an asynchronous
 * start. Pure.
 */
import type { LocalHours, SharedHours } from '../domain/meetingTime';

const pad = (n: number) => String(n).padStart(2, '0');
/** 14:00 */
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
/** 9 or 9:30 */
const shortClock = (minutes: number) => {
  const h = Math.floor(minutes / 60) % 24;
  return minutes % 60 ? `${h}:${pad(minutes % 60)}` : String(h);
};
const range = (l: LocalHours) => `${shortClock(l.start)}–${shortClock(l.end)}`;

export function sharedHoursSentence(h: SharedHours): string {
  if (!h.overlap) {
    return `:globe_with_meridians: Your working hours don't overlap (9–17 where each of you is), so an asynchronous start may suit you best: write a first message here, and reply in your own working hours.`;
  }
  const utc = `${clock(h.startUtc)}–${clock(h.startUtc + h.minutes)} UTC`;
  const ranges = h.local.map(range);
  if (ranges.every((r) => r === ranges[0]))
    return `:clock3: You overlap ${utc} on weekdays: that's ${ranges[0]} for each of you.`;
  const each = h.local.map((l, i) => `${ranges[i]} for <@${l.userId}>`);
  return `:clock3: You overlap ${utc} on weekdays: that's ${each.join(', ')}.`;
}

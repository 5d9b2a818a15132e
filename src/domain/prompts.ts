/**
 * When a passion prompt (or one of its reminders) may go out. Pure: the person's choices, the
 * clock and the settings come in; a decision comes out. Every prompt job asks this at send time,
 * so "Don't ask again", pause, "Not now" and opt-out made after the job was planned still count.
 */
import type { ContactFrequency } from './contactFrequency';
import { nextLocalSendTime, isInSendWindow } from './localTime';

export type PromptKind = 'welcome' | 'first' | 'refresh';

export interface PromptPerson {
  isBot: boolean;
  isDeleted: boolean;
  optedOut: boolean;
  promptsStopped: boolean;
  pausedUntil: Date | null;
  snoozedUntil: Date | null;
  tz: string | null;
  /** what the person chose on their Home tab; absent means normal */
  contactFrequency?: ContactFrequency;
}

export type PromptDecision = { kind: 'send' } | { kind: 'skip'; reason: string } | { kind: 'defer'; until: Date };

export function decidePrompt(
  person: PromptPerson | null,
  o: { now: Date; sendHour: number; enabled: boolean; answered: boolean },
): PromptDecision {
  if (!person) return { kind: 'skip', reason: 'not a member Weaver knows' };
  if (person.isBot || person.isDeleted) return { kind: 'skip', reason: 'bot or deactivated' };
  if (person.optedOut) return { kind: 'skip', reason: 'opted out' };
  if (person.promptsStopped) return { kind: 'skip', reason: 'asked not to be asked again' };
  if (!o.enabled) return { kind: 'skip', reason: 'prompts are turned off for this workspace' };
  if (o.answered) return { kind: 'skip', reason: 'already shared their passions' };
  const tz = person.tz ?? 'UTC';
  const waitUntil = [person.pausedUntil, person.snoozedUntil]
    .filter((d): d is Date => d !== null && d.getTime() > o.now.getTime())
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (waitUntil) return { kind: 'defer', until: nextLocalSendTime(waitUntil, tz, o.sendHour) };
  if (!isInSendWindow(o.now, tz, o.sendHour)) return { kind: 'defer', until: nextLocalSendTime(o.now, tz, o.sendHour) };
  return { kind: 'send' };
}

/**
 * Spreads the first prompt after install over `spreadDays` so a workspace is not flooded in one
 * morning: a stable day offset per person (FNV-1a hash of the user id).
 */
export function firstPromptOffsetDays(userId: string, spreadDays: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i += 1) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return spreadDays <= 1 ? 0 : h % spreadDays;
}

export const MAX_PAUSE_DAYS = 365;

/**
 * A pause length as people type it after `/weaver pause`: "3d", "2w", "1m", "2 weeks", "10 days".
 * A month counts as 30 days. Returns days, or null when the text is not a duration Weaver accepts
 * (1 day to a year).
 */
export function parsePauseDuration(text: string): number | null {
  const m = /^(\d{1,3})\s*(d|days?|w|wks?|weeks?|m|mos?|months?)$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase()[0];
  const days = unit === 'd' ? n : unit === 'w' ? n * 7 : n * 30;
  return days >= 1 && days <= MAX_PAUSE_DAYS ? days : null;
}

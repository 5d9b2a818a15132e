/**
 * How often a person wants to hear from Weaver, chosen on their Home tab. Pure.
 *
 * - normal: every round may bring a suggestion; prompts have the workspace's reminders;
 * - less ("half as often"): at most one suggestion every two round periods; one prompt reminder;
 * - rarely ("about once a quarter"): at most one suggestion per ~quarter (12 weeks, or two
 *   periods when rounds are monthly); prompts without reminders.
 */
import { DAY_MS } from './time';
export const CONTACT_FREQUENCIES = ['normal', 'less', 'rarely'] as const;
export type ContactFrequency = (typeof CONTACT_FREQUENCIES)[number];

const PERIOD_DAYS = { weekly: 7, biweekly: 14, monthly: 30 } as const;

/** Days that must pass after a person's last suggestion before they take part in a round again. */
export function introGapDays(frequency: ContactFrequency, cadence: keyof typeof PERIOD_DAYS): number {
  const period = PERIOD_DAYS[cadence];
  if (frequency === 'less') return 2 * period - 1;
  if (frequency === 'rarely') return Math.max(84, 2 * period) - 1;
  return 0;
}

/** True while a person who asked for fewer suggestions is still resting from their last one. */
export function restingFromIntroductions(
  frequency: ContactFrequency,
  lastSuggestedAt: Date | null,
  now: Date,
  cadence: keyof typeof PERIOD_DAYS,
): boolean {
  if (!lastSuggestedAt) return false;
  return now.getTime() - lastSuggestedAt.getTime() < introGapDays(frequency, cadence) * DAY_MS;
}

/** How many reminders a passion prompt may have for this person. */
export function promptRemindersFor(frequency: ContactFrequency, workspaceMax: number): number {
  if (frequency === 'rarely') return 0;
  if (frequency === 'less') return Math.min(1, workspaceMax);
  return workspaceMax;
}

export function asContactFrequency(v: unknown): ContactFrequency {
  return (CONTACT_FREQUENCIES as readonly unknown[]).includes(v) ? (v as ContactFrequency) : 'normal';
}

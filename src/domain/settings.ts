/**
 * Per-workspace settings: one zod schema, with the defaults a new workspace starts with.
 * Stored as JSON in the `settings` table; every job reads them fresh, so a change applies
 * to the next job without a restart. Pure: no I/O here.
 */
import { z } from 'zod';
import { CHANNEL_KIND_DEFAULTS } from './channelKinds';
import { FINDING_DEFAULTS } from './silos/findings';
import { AWAY_DEFAULTS } from './away';
import { DEFAULT_MIN_GROUP_SIZE } from './silos/privacy';

const pattern = z.string().trim().min(1).max(80);
/** A channel kind's name patterns (at most 30), defaulting to a fresh copy of `defaults`. */
const channelPatterns = (defaults: readonly string[]) =>
  z
    .array(pattern)
    .max(30)
    .default(() => [...defaults]);

export const settingsSchema = z.object({
  departmentSource: z
    .object({
      kind: z.enum(['profile_field', 'csv', 'channels', 'scim']).default('profile_field'),
      profileFieldLabel: z.string().trim().min(1).max(80).default('Department'),
      channelPattern: pattern.default('team-*'),
    })
    .prefault({}),
  channelKinds: z
    .object({
      purpose: channelPatterns(CHANNEL_KIND_DEFAULTS.purpose),
      department: channelPatterns(CHANNEL_KIND_DEFAULTS.department),
      broadcast: channelPatterns(CHANNEL_KIND_DEFAULTS.broadcast),
      project: channelPatterns(CHANNEL_KIND_DEFAULTS.project),
      incident: channelPatterns(CHANNEL_KIND_DEFAULTS.incident),
      alert: channelPatterns(CHANNEL_KIND_DEFAULTS.alert),
      social: channelPatterns(CHANNEL_KIND_DEFAULTS.social),
      departmentShare: z.number().min(0.5).max(1).default(CHANNEL_KIND_DEFAULTS.departmentShare),
      broadcastShare: z.number().min(0.5).max(1).default(CHANNEL_KIND_DEFAULTS.broadcastShare),
    })
    .prefault({}),
  historyDays: z.number().int().min(1).max(365).default(90),
  /**
   * The app is distributed to other workspaces outside the Slack Marketplace: Slack's 2025 limit of
   * 1 conversations.history / conversations.replies request a minute (15 messages a page) applies.
   */
  distributedOutsideMarketplace: z.boolean().default(false),
  retentionDays: z.number().int().min(7).max(3650).default(180),
  privacyThreshold: z.number().int().min(3).max(100).default(DEFAULT_MIN_GROUP_SIZE),
  leads: z
    .array(z.string().regex(/^[UW][A-Z0-9]{2,}$/))
    .max(100)
    .default([]),
  readPrivateChannels: z.boolean().default(false),
  snapshotHourUtc: z.number().int().min(0).max(23).default(5),
  prompts: z
    .object({
      enabled: z.boolean().default(true),
      sendHour: z.number().int().min(6).max(20).default(10),
      welcomeDelayDays: z.number().int().min(0).max(30).default(3),
      firstPromptSpreadDays: z.number().int().min(1).max(30).default(5),
      refreshAfterDays: z.number().int().min(30).max(730).default(182),
      maxReminders: z.number().int().min(0).max(5).default(2),
      reminderIntervalDays: z.number().int().min(1).max(30).default(7),
    })
    .prefault({}),
  rounds: z
    .object({
      enabled: z.boolean().default(false),
      cadence: z.enum(['weekly', 'biweekly', 'monthly']).default('biweekly'),
      coolDownDays: z.number().int().min(0).max(730).default(182),
      minOverlapHours: z.number().min(0).max(12).default(2),
      reminderAfterDays: z.number().int().min(1).max(10).default(2),
      expireAfterDays: z.number().int().min(1).max(30).default(5),
      followUpAfterDays: z.number().int().min(1).max(60).default(7),
      candidatesPerPerson: z.number().int().min(1).max(100).default(15),
      weights: z
        .object({
          passion: z.number().min(0).max(10).default(1),
          complement: z.number().min(0).max(10).default(1),
          bridging: z.number().min(0).max(10).default(0.5),
        })
        .prefault({}),
    })
    .prefault({}),
  /** thresholds of the report's findings (meaning and defaults: FINDING_DEFAULTS in src/domain/silos/findings.ts) */
  findings: z
    .object({
      max: z.number().int().min(1).max(5).default(FINDING_DEFAULTS.max),
      closedDepartmentEi: z.number().min(-1).max(0).default(FINDING_DEFAULTS.closedDepartmentEi),
      dividedModularity: z.number().min(0).max(1).default(FINDING_DEFAULTS.dividedModularity),
      bridgeMinExpected: z.number().min(1).max(1000).default(FINDING_DEFAULTS.bridgeMinExpected),
      communityMinDepartments: z.number().int().min(2).max(20).default(FINDING_DEFAULTS.communityMinDepartments),
      communityMinUncovered: z.number().min(0).max(1).default(FINDING_DEFAULTS.communityMinUncovered),
      unchangedWithin: z.number().min(0).max(1).default(FINDING_DEFAULTS.unchangedWithin),
      minTies: z.number().int().min(1).max(100000).default(FINDING_DEFAULTS.minTies),
    })
    .prefault({}),
  nudges: z
    .object({
      enabled: z.boolean().default(false),
      quietWeeks: z.number().int().min(1).max(52).default(3),
    })
    .prefault({}),
  /** "who could help me with X?" (docs/introductions.md#asking-for-an-introduction) */
  asks: z
    .object({
      enabled: z.boolean().default(true),
      perHelperPerMonth: z.number().int().min(1).max(20).default(2),
      answerWithinHours: z.number().int().min(1).max(168).default(24),
      newcomerIntroductions: z.boolean().default(true),
    })
    .prefault({}),
  /** a Slack status that means "away": no suggestion, ask or nudge until it ends (src/domain/away.ts) */
  away: z
    .object({
      emojis: z
        .array(pattern)
        .max(30)
        .default(() => [...AWAY_DEFAULTS.emojis]),
      words: z
        .array(pattern)
        .max(30)
        .default(() => [...AWAY_DEFAULTS.words]),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings = (): Settings => settingsSchema.parse({});

/** Reads stored settings leniently: unknown keys are dropped, invalid ones fall back to defaults. */
export function settingsFromStored(stored: unknown): Settings {
  const parsed = settingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const base = defaultSettings() as Record<string, unknown>;
  const raw = (stored ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(base)) {
    const one = settingsSchema.shape[key as keyof Settings].safeParse(raw[key]);
    if (one.success) base[key] = one.data;
  }
  return base as Settings;
}

/**
 * The allowed range of a numeric setting, read from the schema (so the settings modal and its
 * error text never repeat a bound): `{ min, max }`, or `{}` for a path that is not a bounded number.
 */
export function settingBounds(path: string): { min?: number; max?: number } {
  let node: z.ZodType | undefined = settingsSchema;
  for (const key of path.split('.')) {
    node = node && unwrapped(node);
    node = node instanceof z.ZodObject ? (node.shape as Record<string, z.ZodType>)[key] : undefined;
  }
  node = node && unwrapped(node);
  if (!(node instanceof z.ZodNumber)) return {};
  const bounds: { min?: number; max?: number } = {};
  if (Number.isFinite(node.minValue)) bounds.min = node.minValue as number;
  if (Number.isFinite(node.maxValue)) bounds.max = node.maxValue as number;
  return bounds;
}

/** The schema under `.default()` and `.prefault()`. */
function unwrapped(node: z.ZodType): z.ZodType {
  let n = node;
  while (n instanceof z.ZodDefault || n instanceof z.ZodPrefault) n = n.unwrap() as z.ZodType;
  return n;
}

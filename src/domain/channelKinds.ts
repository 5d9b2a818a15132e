/**
 * What kind of channel is this? department, purpose (communities of practice, guilds, interests),
 * broadcast (announcements, #general) or other — and why, in one line a lead can read. Rules, in
 * order (docs/reading-reports.md, "How channels are classified"):
 *  0. a channel with no members is other ("no members"): it enters no metric;
 *  1. a lead's explicit choice;
 *  2. name patterns from settings (purpose, then department, then broadcast);
 *  3. data: a channel holding nearly everyone is broadcast (share ≥ broadcastShare); a channel
 *     whose members with a known department are nearly all one department (share ≥
 *     departmentShare, at least 3 such members) is departmental;
 *  4. project, incident, alert and social name patterns: other, never an inferred purpose channel;
 *  5. purpose from data (inferPurpose below): a channel people chose to join, with at least the
 *     privacy threshold of members, where people of different departments talk; its name, purpose
 *     and topic words help; without usable departments the words and the chosen membership decide;
 *  6. otherwise other, with what was missing.
 */
import { count, percent } from './format';

export type ChannelKind = 'department' | 'purpose' | 'broadcast' | 'other';

export interface ChannelKindRules {
  purpose: string[];
  department: string[];
  broadcast: string[];
  /** channels of a project, incidents, alerts or social chat: never inferred purpose (they stay other) */
  project: string[];
  incident: string[];
  alert: string[];
  social: string[];
  departmentShare: number;
  broadcastShare: number;
}

/** The rules a new workspace starts with (settings.channelKinds' defaults; the CLI's without settings). */
export const CHANNEL_KIND_DEFAULTS: Readonly<ChannelKindRules> = Object.freeze({
  purpose: ['cop-*', 'guild-*', 'interest-*', 'learn-*'],
  department: ['team-*', 'dept-*'],
  broadcast: ['announce*', 'general'],
  project: ['proj-*', 'project-*'],
  incident: ['inc-*', 'incident*'],
  alert: ['alert*', '*-alerts'],
  social: ['random', 'social-*', 'fun-*', 'off-topic', 'watercooler'],
  /** a channel whose members are at least this share one department is departmental */
  departmentShare: 0.8,
  /** a channel holding at least this share of all active people is a broadcast channel */
  broadcastShare: 0.9,
});

/** The name-pattern groups that keep a channel other (checked in this order). */
const NEVER_PURPOSE = ['project', 'incident', 'alert', 'social'] as const;

/**
 * A channel people chose to join holds at most this share of the broadcast share of everyone
 * (60 % of active people with the default 0.9): well below a channel everyone is put in.
 */
export const CHOSEN_SHARE_OF_BROADCAST = 2 / 3;
/** A purpose channel inferred from talk has at least this many cross-department ties in it. */
export const MIN_CROSS_TIES = 3;

/**
 * Words of a channel's name, purpose or topic that say people gather there to learn, ask or share
 * an interest, and a few topics of practice. Whole words, lower case; kept small on purpose (see
 * docs/reading-reports.md): a word alone never makes a purpose channel, it joins chosen membership
 * and (when departments are usable) talk across departments.
 */
export const PURPOSE_WORDS: ReadonlySet<string> = new Set([
  // gathering to learn, ask and share
  'learn',
  'learning',
  'study',
  'studies',
  'guild',
  'club',
  'interest',
  'interests',
  'community',
  'practice',
  'book',
  'books',
  'reading',
  'readings',
  'help',
  'ask',
  'questions',
  'feedback',
  'discussion',
  'discussions',
  'tutorials',
  'mentoring',
  // topics of practice
  'ml',
  'ai',
  'python',
  'sql',
  'javascript',
  'rust',
  'dataviz',
  'datavis',
  'statistics',
]);

export interface ChannelFacts {
  name: string;
  override?: ChannelKind | null;
  /** members per department (people without one are not counted here) */
  departmentCounts?: Record<string, number>;
  memberCount?: number;
  /** active (non-bot, non-deleted) people in the workspace */
  activePeople?: number;
  /** the channel's own purpose and topic (Slack metadata, not messages) */
  purpose?: string | null;
  topic?: string | null;
  /**
   * distinct pairs of people who interacted in this channel in the window, and how many of them
   * join two different known departments; undefined when the ties do not say where they happened
   */
  ties?: number;
  crossTies?: number;
}

/** What the whole workspace says about every channel's decision. */
export interface ClassifyContext {
  /** the privacy threshold: a smaller channel is never inferred purpose (default 5) */
  minMembers?: number;
  /** data.departments.usable; false: purpose is not inferred from talk across departments (default true) */
  departmentsUsable?: boolean;
}

export interface KindDecision {
  kind: ChannelKind;
  reason: string;
  /** decided from data (members, departments, talk), not by a lead or a name rule */
  inferred: boolean;
}

/** Shell-style pattern: `*` any run of characters, `?` one character; case-insensitive, whole name. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .trim()
    .replace(/^#/, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export function matchesAny(name: string, patterns: string[]): string | undefined {
  return patterns.find((p) => globToRegExp(p).test(name));
}

/** The reason stored with a kind a lead chose by hand. */
export const LEAD_CHOICE = 'set by a lead';
/** The reason of a channel nobody is in. */
export const NO_MEMBERS = 'no members';

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/);

/** Longest purpose or topic text a reason quotes. */
const QUOTED = 60;
const quote = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > QUOTED ? `${t.slice(0, QUOTED - 1).trimEnd()}…` : t}"`;
};

/**
 * Where a channel's purpose words are, as a reason says it: its purpose (quoted: it tells a lead
 * most), else its topic, else the word of its name; null when none has one.
 */
export function purposeWordsOf(facts: Pick<ChannelFacts, 'name' | 'purpose' | 'topic'>): string | null {
  for (const field of ['purpose', 'topic'] as const) {
    const text = facts[field];
    if (text && words(text).some((w) => PURPOSE_WORDS.has(w))) return `${field}: ${quote(text)}`;
  }
  const nameWord = words(facts.name).find((w) => PURPOSE_WORDS.has(w));
  return nameWord ? `name word "${nameWord}"` : null;
}

export function classifyChannel(
  facts: ChannelFacts,
  rules: ChannelKindRules,
  context: ClassifyContext = {},
): KindDecision {
  if (facts.memberCount === 0) {
    const would = facts.override ? ` (the lead's choice ${facts.override} applies once people join)` : '';
    return { kind: 'other', reason: `${NO_MEMBERS}${would}`, inferred: false };
  }
  if (facts.override) return { kind: facts.override, reason: LEAD_CHOICE, inferred: false };
  for (const kind of ['purpose', 'department', 'broadcast'] as const) {
    const hit = matchesAny(facts.name, rules[kind]);
    if (hit) return { kind, reason: `name matches ${kind} pattern "${hit}"`, inferred: false };
  }
  const members = facts.memberCount ?? 0;
  const active = facts.activePeople ?? 0;
  if (active >= 10 && members / active >= rules.broadcastShare) {
    return {
      kind: 'broadcast',
      reason: `has ${percent(members / active)} of active people (≥ ${percent(rules.broadcastShare)})`,
      inferred: true,
    };
  }
  const usable = context.departmentsUsable !== false;
  const counts = Object.entries(facts.departmentCounts ?? {}).filter(([, n]) => n > 0);
  const known = counts.reduce((s, [, n]) => s + n, 0);
  if (known >= 3) {
    const [dept, n] = counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (n / known >= rules.departmentShare) {
      return {
        kind: 'department',
        reason: `${percent(n / known)} of members are in ${dept} (≥ ${percent(rules.departmentShare)})`,
        inferred: true,
      };
    }
  }
  for (const group of NEVER_PURPOSE) {
    const hit = matchesAny(facts.name, rules[group]);
    if (hit) return { kind: 'other', reason: `name matches ${group} pattern "${hit}": never purpose`, inferred: false };
  }
  return inferPurpose(facts, rules, { usable, departments: counts.length, minMembers: context.minMembers ?? 5 });
}

/**
 * Rule 5: a purpose channel from data. Chosen membership (at least `minMembers`, at most
 * CHOSEN_SHARE_OF_BROADCAST of the broadcast share of active people), then either talk across
 * departments (members of ≥ 2 departments and MIN_CROSS_TIES cross-department ties here, or one
 * such tie and a purpose word) or, when departments are not usable or ties do not carry a channel,
 * a purpose word in the name, purpose or topic. Otherwise other, saying what was missing.
 */
function inferPurpose(
  facts: ChannelFacts,
  rules: ChannelKindRules,
  ctx: { usable: boolean; departments: number; minMembers: number },
): KindDecision {
  const other = (why: string): KindDecision => ({ kind: 'other', reason: `no rule matched: ${why}`, inferred: false });
  const members = facts.memberCount ?? 0;
  const active = facts.activePeople ?? 0;
  if (facts.memberCount === undefined) return { kind: 'other', reason: 'no rule matched', inferred: false };
  if (members < ctx.minMembers) return other(`${count(members, 'member')} (a purpose channel needs ${ctx.minMembers})`);
  const chosenMax = rules.broadcastShare * CHOSEN_SHARE_OF_BROADCAST;
  if (active > 0 && members / active > chosenMax)
    return other(
      `holds ${percent(members / active)} of active people (chosen channels hold at most ${percent(chosenMax)})`,
    );
  const wordsFound = purposeWordsOf(facts);
  const withWords = wordsFound ? `; ${wordsFound}` : '';
  if (ctx.usable && facts.crossTies !== undefined) {
    const cross = facts.crossTies;
    const talk = `members from ${count(ctx.departments, 'department')}, ${count(cross, 'cross-department tie')} here`;
    if (ctx.departments >= 2 && (cross >= MIN_CROSS_TIES || (cross >= 1 && wordsFound)))
      return { kind: 'purpose', reason: `${talk}${withWords}`, inferred: true };
    return other(`${talk} (a purpose channel needs ${MIN_CROSS_TIES}, or 1 and a purpose word)`);
  }
  const chosen =
    active > 0
      ? `chosen by ${members} of ${active} people (${percent(members / active)})`
      : `chosen by ${count(members, 'person', 'people')}`;
  const talk = facts.ties !== undefined ? `, ${count(facts.ties, 'tie')} here` : '';
  const without = ctx.usable
    ? 'ties carry no channel, so decided without talk across departments'
    : 'departments not usable, so decided without them';
  if (wordsFound) return { kind: 'purpose', reason: `${chosen}${talk}${withWords}; ${without}`, inferred: true };
  return other(
    `no purpose word in its name, purpose or topic (${ctx.usable ? 'ties carry no channel' : 'departments not usable'})`,
  );
}

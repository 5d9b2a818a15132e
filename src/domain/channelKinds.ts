/**
 * What kind of channel is this? department, purpose (communities of practice, guilds, interests),
 * broadcast (announcements, #general) or other — and why. Rules, in order:
 *  1. a lead's explicit choice;
 *  2. name patterns from settings (purpose, then department, then broadcast);
 *  3. data: a channel holding nearly everyone is broadcast (share ≥ broadcastShare); a channel
 *     whose members with a known department are nearly all one department (share ≥
 *     departmentShare, at least 3 such members) is departmental;
 *  4. otherwise other.
 */
import { percent } from './format';

export type ChannelKind = 'department' | 'purpose' | 'broadcast' | 'other';

export interface ChannelKindRules {
  purpose: string[];
  department: string[];
  broadcast: string[];
  departmentShare: number;
  broadcastShare: number;
}

/** The rules a new workspace starts with (settings.channelKinds' defaults; the CLI's without settings). */
export const CHANNEL_KIND_DEFAULTS: Readonly<ChannelKindRules> = Object.freeze({
  purpose: ['cop-*', 'guild-*', 'interest-*', 'learn-*'],
  department: ['team-*', 'dept-*'],
  broadcast: ['announce*', 'general'],
  /** a channel whose members are at least this share one department is departmental */
  departmentShare: 0.8,
  /** a channel holding at least this share of all active people is a broadcast channel */
  broadcastShare: 0.9,
});

export interface ChannelFacts {
  name: string;
  override?: ChannelKind | null;
  /** members per department (people without one are not counted here) */
  departmentCounts?: Record<string, number>;
  memberCount?: number;
  /** active (non-bot, non-deleted) people in the workspace */
  activePeople?: number;
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

export function classifyChannel(facts: ChannelFacts, rules: ChannelKindRules): KindDecision {
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
  const counts = Object.entries(facts.departmentCounts ?? {});
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
  return { kind: 'other', reason: 'no rule matched', inferred: false };
}

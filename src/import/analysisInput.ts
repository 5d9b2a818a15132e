/**
 * From imported files to the RawOrg the silo report is built from: a Slack export (with departments
 * from a people CSV, else from department channels; never from free-text profile titles) or a plain
 * tie list.
 */
import { globToRegExp, type ChannelKind, type ChannelKindRules } from '../domain/channelKinds';
import type { ChannelActivity, RawOrg } from '../domain/silos/assemble';
import type { DepartmentSource } from '../domain/silos/departmentData';
import { tiesFromNumberedPairs } from '../domain/silos/orgData';
import type { NumberedTies, PersonRow } from './csvFiles';
import type { SlackExport } from './slackExport';
import { DAY_MS } from '../domain/time';
import { isoDay, isoDayBefore } from '../domain/format';

export interface ExportAnalysisOptions {
  rules: ChannelKindRules;
  /** people CSV rows; when absent, departments come from department channels (profile titles are free text, never used) */
  departments?: PersonRow[];
  /** first day (YYYY-MM-DD) of interactions counted as ties; null for all */
  since: string | null;
  /** end of the window (exclusive), ISO time */
  until: string;
  /** the privacy threshold (a smaller channel is never inferred purpose) */
  minGroupSize?: number;
  /** a lead's kinds by channel name (lower case), winning over every rule */
  kindOverrides?: Map<string, ChannelKind>;
}

/**
 * A person's department from the department channels (settings' departmentSource "channels"):
 * the first department channel (by name) they belong to, its name without the pattern's fixed
 * prefix (`team-*` and #team-design → "design").
 */
export function departmentsFromChannels(
  channels: { name: string; members: string[] }[],
  patterns: string[],
): Map<string, string> {
  const out = new Map<string, string>();
  const sorted = [...channels].sort((x, y) => x.name.localeCompare(y.name));
  for (const pattern of patterns) {
    const re = globToRegExp(pattern);
    const prefix = pattern.replace(/^#/, '').split(/[*?]/)[0];
    for (const c of sorted) {
      if (!re.test(c.name)) continue;
      const name = c.name.toLowerCase().startsWith(prefix.toLowerCase()) ? c.name.slice(prefix.length) : c.name;
      for (const m of c.members) if (!out.has(m)) out.set(m, name || c.name);
    }
  }
  return out;
}

export function rawOrgFromExport(exp: SlackExport, options: ExportAnalysisOptions): RawOrg {
  const people = exp.users.filter((u) => !u.isBot && !u.deleted);
  const fromCsv = options.departments ? new Map(options.departments.map((r) => [r.id, r.department])) : null;
  const fromChannels = fromCsv ? null : departmentsFromChannels(exp.channels, options.rules.department);
  const departmentOf = (u: (typeof people)[number]) => (fromCsv ? fromCsv.get(u.id) : fromChannels!.get(u.id)) ?? null;

  const untilMs = Date.parse(options.until);
  const untilDay = isoDay(untilMs);
  const last30 = isoDayBefore(untilMs, 30);
  const previous30 = isoDayBefore(untilMs, 60);
  const ties: { source: string; target: string; weight: number }[] = [];
  const activity = new Map<string, ChannelActivity>();
  for (const i of exp.interactions) {
    if (i.day >= untilDay) continue;
    if (!options.since || i.day >= options.since) ties.push({ source: i.actor, target: i.target, weight: i.count });
    if (i.day < previous30) continue;
    const key = `${i.channelId}\u0000${i.actor}`;
    let a = activity.get(key);
    if (!a) {
      a = { channelId: i.channelId, actor: i.actor, last30: 0, previous30: 0 };
      activity.set(key, a);
    }
    if (i.day >= last30) a.last30 += i.count;
    else a.previous30 += i.count;
  }
  return {
    people: people.map((u) => ({ id: u.id, department: departmentOf(u) })),
    ties,
    channels: exp.channels.map((c) => ({
      id: c.id,
      name: c.name,
      createdAt: c.created,
      creator: c.creator,
      members: c.members,
      purpose: c.purpose,
      topic: c.topic,
      kindOverride: options.kindOverrides?.get(c.name.toLowerCase()) ?? null,
    })),
    activity: [...activity.values()],
    rules: options.rules,
    channelTies: inWindow(exp.interactions, options.since, untilDay),
    minGroupSize: options.minGroupSize,
  };
}

/** The daily interactions of days in [since, untilDay), as they are (no copy of the list). */
function* inWindow<T extends { day: string }>(list: T[], since: string | null, untilDay: string): Generator<T> {
  for (const i of list) if (i.day < untilDay && (!since || i.day >= since)) yield i;
}

/**
 * Where an export's departments come from: the people file when given, else the department
 * channels when anyone is in one, else nowhere (profile titles are free text: never a source).
 */
export function exportDepartmentSource(
  exp: SlackExport,
  rules: ChannelKindRules,
  departmentsFile: string | undefined,
): DepartmentSource {
  if (departmentsFile) return { source: 'file', label: departmentsFile };
  if (departmentsFromChannels(exp.channels, rules.department).size)
    return { source: 'channels', label: `department channels ${rules.department.join(',')}` };
  return { source: 'none', label: 'none' };
}

/** The end of an export's data: midnight after its last message day (or `fallback`). */
export function exportEnd(exp: SlackExport, fallback: string): string {
  return exp.lastDay ? new Date(Date.parse(`${exp.lastDay}T00:00:00Z`) + DAY_MS).toISOString() : fallback;
}

/**
 * The ids among `ids` that the departments file does not list, each once, in first-seen order.
 * `weaver analyze` reports them (count and first few) and, with --strict-people, stops.
 */
export function peopleWithoutDepartment(ids: Iterable<string>, departments: PersonRow[]): string[] {
  const listed = new Set(departments.map((p) => p.id));
  const missing = new Set<string>();
  for (const id of ids) if (!listed.has(id)) missing.add(id);
  return [...missing];
}

/** The people of a numbered tie list the departments file does not list, in first-seen order. */
export const peopleOnlyInTies = (ties: NumberedTies): string[] => ties.ids.slice(ties.listed);

/** The people of an export the report counts as members (not bots, not deactivated). */
export const exportPeopleIds = (exp: SlackExport) => exp.users.filter((u) => !u.isBot && !u.deleted).map((u) => u.id);

/**
 * A plain tie list: everyone in the people CSV, plus anyone who appears only in the ties (their
 * department is unknown: "Unassigned"; see peopleOnlyInTies). No channels.
 */
export function rawOrgFromTieList(ties: NumberedTies, people: readonly PersonRow[], rules: ChannelKindRules): RawOrg {
  return {
    people: ties.ids.map((id, i) => ({ id, department: i < ties.listed ? people[i].department || null : null })),
    ties: tiesFromNumberedPairs(ties.ids.length, ties),
    channels: [],
    activity: [],
    rules,
  };
}

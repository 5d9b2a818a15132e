/**
 * Turns id-keyed facts (from the database or an import) into the compact OrgData the metrics read,
 * classifying each channel with src/domain/channelKinds.ts once departments are known and judged
 * (a kind is inferred from departments only when they are usable, as the report says).
 */
import { classifyChannel, type ChannelKind, type ChannelKindRules, type KindDecision } from '../channelKinds';
import { judgeDepartments } from './departmentData';
import { numberDepartments, tiesFromPairs, type ChannelData, type OrgData, type TieList } from './orgData';
import { DEFAULT_MIN_GROUP_SIZE } from './privacy';

export interface RawChannel {
  id: string;
  name: string;
  createdAt: string | null;
  creator: string | null;
  members: string[];
  kindOverride?: ChannelKind | null;
  /** a decision already made and stored (the live workspace's channels table): used as it is */
  decided?: KindDecision | null;
  /** the channel's own purpose and topic (Slack metadata, not messages) */
  purpose?: string | null;
  topic?: string | null;
}

/** One interaction's pair and the channel it happened in (an export's daily interactions as they are). */
export interface ChannelTie {
  channelId: string;
  actor: string;
  target: string;
}

export interface ChannelActivity {
  channelId: string;
  actor: string;
  last30: number;
  previous30: number;
}

export interface RawOrg {
  people: { id: string; department: string | null }[];
  /**
   * tie pairs by id (repeated and reversed pairs are merged), or ties already numbered by position
   * in `people` and distinct (from SQL)
   */
  ties: Iterable<{ source: string; target: string; weight?: number }> | TieList;
  channels: RawChannel[];
  activity: ChannelActivity[];
  rules: ChannelKindRules;
  /**
   * where each tie happened, for the purpose inference (cross-department ties inside a channel;
   * iterated once, so a generator will do);
   * absent when the ties carry no channel
   */
  channelTies?: Iterable<ChannelTie>;
  /** the privacy threshold: a smaller channel is never inferred purpose (default 5) */
  minGroupSize?: number;
}

const isTieList = (t: RawOrg['ties']): t is TieList =>
  t instanceof Object && 'count' in t && (t as TieList).a instanceof Int32Array;

export function assembleOrgData(raw: RawOrg): OrgData {
  const { indexOf, ...org } = assembleWithoutTies(raw, !isTieList(raw.ties));
  return withTies(org, isTieList(raw.ties) ? raw.ties : tiesFromPairs(indexOf, raw.ties));
}

/** A channel with its members and activity numbered, its kind not yet decided (that may need the ties). */
interface ChannelDraft {
  raw: RawChannel;
  members: Int32Array;
  departmentCounts: Record<string, number>;
  here: { ties: number; cross: number } | undefined;
  creator: number;
  memberActivity30d: Float64Array;
  activity30d: number;
  activityPrevious30d: number;
}

/**
 * People, departments and channels numbered, without the ties: what can be assembled while a
 * numbered tie list is still being read (`withTies` completes it).
 */
export interface OrgWithoutTies {
  people: string[];
  departments: string[];
  departmentOf: Int32Array;
  unknownDepartment: number;
  channels: ChannelDraft[];
  /** per channel, when the ties carry channels */
  channelTies: Map<string, { ties: number; cross: number }> | null;
  rules: ChannelKindRules;
  minGroupSize: number;
}

/**
 * The first half of assembleOrgData: people, departments, channel members and activity by number.
 * `indexForTies`: the returned `indexOf` also serves ties given by id.
 */
export function assembleWithoutTies(
  raw: Omit<RawOrg, 'ties'>,
  indexForTies = false,
): OrgWithoutTies & { indexOf: Map<string, number> } {
  const people = raw.people.map((p) => p.id);
  const { departments, departmentOf, unknownDepartment } = numberDepartments(raw.people.map((p) => p.department));
  // person number by id: for ties given by id, channels and activity (a numbered tie list alone needs none)
  const needsIndex = indexForTies || raw.channels.length > 0 || raw.activity.length > 0;
  const indexOf = needsIndex ? new Map(people.map((id, i) => [id, i])) : new Map<string, number>();

  const activityByChannel = new Map<string, ChannelActivity[]>();
  for (const a of raw.activity) {
    const list = activityByChannel.get(a.channelId);
    if (list) list.push(a);
    else activityByChannel.set(a.channelId, [a]);
  }
  const channelTies = raw.channelTies
    ? tiesPerChannel(raw.channelTies, indexOf, departmentOf, unknownDepartment)
    : null;
  // per-person marks reused by every channel (a Set and a Map per channel cost more than the rest)
  const n = people.length;
  const seenIn = new Int32Array(n).fill(-1);
  const positionIn = new Int32Array(n);
  const departmentSeen = new Int32Array(departments.length).fill(-1);
  const departmentCount = new Int32Array(departments.length);
  const channels: ChannelDraft[] = raw.channels.map((c, ch) => {
    // distinct known members in the order first listed
    const list: number[] = [];
    for (const id of c.members) {
      const m = indexOf.get(id);
      if (m === undefined || seenIn[m] === ch) continue;
      seenIn[m] = ch;
      positionIn[m] = list.length;
      list.push(m);
    }
    const members = Int32Array.from(list);
    // members per department, keyed by name in the order the departments first appear
    const order: number[] = [];
    for (const m of members) {
      // people without a department are not counted: they never make a channel departmental
      const d = departmentOf[m];
      if (d === unknownDepartment) continue;
      if (departmentSeen[d] !== ch) {
        departmentSeen[d] = ch;
        departmentCount[d] = 0;
        order.push(d);
      }
      departmentCount[d]++;
    }
    const departmentCounts: Record<string, number> = {};
    for (const d of order) departmentCounts[departments[d]] = departmentCount[d];
    const memberActivity30d = new Float64Array(members.length);
    let activity30d = 0;
    let activityPrevious30d = 0;
    for (const a of activityByChannel.get(c.id) ?? []) {
      activity30d += a.last30;
      activityPrevious30d += a.previous30;
      const m = indexOf.get(a.actor);
      if (m !== undefined && seenIn[m] === ch) memberActivity30d[positionIn[m]] += a.last30;
    }
    return {
      raw: c,
      members,
      departmentCounts,
      here: channelTies?.get(c.id),
      creator: c.creator ? (indexOf.get(c.creator) ?? -1) : -1,
      memberActivity30d,
      activity30d,
      activityPrevious30d,
    };
  });
  return {
    people,
    departments,
    departmentOf,
    unknownDepartment,
    channels,
    channelTies,
    rules: raw.rules,
    minGroupSize: raw.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE,
    indexOf,
  };
}

/** The second half of assembleOrgData: the ties, and each channel's kind (inferred ones need the ties). */
export function withTies(org: OrgWithoutTies, ties: TieList): OrgData {
  const { people, departments, departmentOf, unknownDepartment, channelTies, minGroupSize } = org;
  const departmentsUsable = departmentsUsableFor(
    people.length,
    ties,
    departmentOf,
    departments,
    unknownDepartment,
    minGroupSize,
  );
  const channels: ChannelData[] = org.channels.map((draft) => {
    const c = draft.raw;
    const decision =
      c.decided ??
      classifyChannel(
        {
          name: c.name,
          override: c.kindOverride ?? null,
          departmentCounts: draft.departmentCounts,
          memberCount: draft.members.length,
          activePeople: people.length,
          purpose: c.purpose,
          topic: c.topic,
          ties: channelTies ? (draft.here?.ties ?? 0) : undefined,
          crossTies: channelTies ? (draft.here?.cross ?? 0) : undefined,
        },
        org.rules,
        { minMembers: minGroupSize, departmentsUsable },
      );
    return {
      id: c.id,
      name: c.name,
      kind: decision.kind,
      kindReason: decision.reason,
      kindInferred: decision.inferred,
      createdAt: c.createdAt,
      creator: draft.creator,
      members: draft.members,
      memberActivity30d: draft.memberActivity30d,
      activity30d: draft.activity30d,
      activityPrevious30d: draft.activityPrevious30d,
    };
  });
  return { people, departments, departmentOf, unknownDepartment, ties, channels };
}

/** data.departments.usable as the report will judge it (people with a tie are the active ones). */
function departmentsUsableFor(
  n: number,
  ties: TieList,
  departmentOf: Int32Array,
  departments: string[],
  unknownDepartment: number,
  minGroupSize: number,
): boolean {
  // before anyone talks, the departments are judged on everyone
  const active = new Uint8Array(n).fill(ties.count ? 0 : 1);
  for (let t = 0; t < ties.count; t++) {
    active[ties.a[t]] = 1;
    active[ties.b[t]] = 1;
  }
  const anyKnown = unknownDepartment < 0 ? n > 0 : departments.length > 1;
  if (!anyKnown) return false;
  return judgeDepartments({ departments, departmentOf, unknownDepartment }, active, minGroupSize, {
    source: 'file',
    label: '',
  }).usable;
}

/**
 * Per channel: distinct pairs of people who interacted there, and how many of them join two
 * different known departments (a person without a department crosses nothing).
 */
function tiesPerChannel(
  channelTies: Iterable<ChannelTie>,
  indexOf: Map<string, number>,
  departmentOf: Int32Array,
  unknown: number,
): Map<string, { ties: number; cross: number }> {
  const seen = new Map<string, Set<number>>();
  const n = departmentOf.length;
  const out = new Map<string, { ties: number; cross: number }>();
  for (const t of channelTies) {
    const a = indexOf.get(t.actor);
    const b = indexOf.get(t.target);
    if (a === undefined || b === undefined || a === b) continue;
    let pairs = seen.get(t.channelId);
    if (!pairs) {
      pairs = new Set();
      seen.set(t.channelId, pairs);
      out.set(t.channelId, { ties: 0, cross: 0 });
    }
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (pairs.has(key)) continue;
    pairs.add(key);
    const counts = out.get(t.channelId)!;
    counts.ties++;
    const da = departmentOf[a];
    const db = departmentOf[b];
    if (da !== db && da !== unknown && db !== unknown) counts.cross++;
  }
  return out;
}

/**
 * Turns id-keyed facts (from the database or an import) into the compact OrgData the metrics read,
 * classifying each channel with src/domain/channelKinds.ts once departments are known.
 */
import { classifyChannel, type ChannelKind, type ChannelKindRules } from '../channelKinds';
import { numberDepartments, tiesFromPairs, type ChannelData, type OrgData, type TieList } from './orgData';

export interface RawChannel {
  id: string;
  name: string;
  createdAt: string | null;
  creator: string | null;
  members: string[];
  kindOverride?: ChannelKind | null;
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
}

const isTieList = (t: RawOrg['ties']): t is TieList =>
  t instanceof Object && 'count' in t && (t as TieList).a instanceof Int32Array;

export function assembleOrgData(raw: RawOrg): OrgData {
  const { indexOf, ...org } = assembleWithoutTies(raw, !isTieList(raw.ties));
  return withTies(org, isTieList(raw.ties) ? raw.ties : tiesFromPairs(indexOf, raw.ties));
}

/** OrgData but its ties: people, departments and channels, which need no tie. */
export type OrgWithoutTies = Omit<OrgData, 'ties'>;

export function withTies(org: OrgWithoutTies, ties: TieList): OrgData {
  const { people, departments, departmentOf, unknownDepartment, channels } = org;
  return { people, departments, departmentOf, unknownDepartment, ties, channels };
}

/**
 * People, departments and channels (classified, with their activity) without the ties, so a caller
 * can assemble them while a numbered tie list is still being read. `indexForTies`: also return the
 * person number of each id (for ties given by id).
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
  const channels: ChannelData[] = raw.channels.map((c) => {
    const members = Int32Array.from(
      [...new Set(c.members)].map((m) => indexOf.get(m)).filter((i): i is number => i !== undefined),
    );
    const departmentCounts: Record<string, number> = {};
    for (const m of members) {
      // people without a department are not counted: they never make a channel departmental
      if (departmentOf[m] === unknownDepartment) continue;
      const d = departments[departmentOf[m]];
      departmentCounts[d] = (departmentCounts[d] ?? 0) + 1;
    }
    const decision = classifyChannel(
      {
        name: c.name,
        override: c.kindOverride ?? null,
        departmentCounts,
        memberCount: members.length,
        activePeople: people.length,
      },
      raw.rules,
    );
    const position = new Map(Array.from(members, (m, k) => [m, k]));
    const memberActivity30d = new Float64Array(members.length);
    let activity30d = 0;
    let activityPrevious30d = 0;
    for (const a of activityByChannel.get(c.id) ?? []) {
      activity30d += a.last30;
      activityPrevious30d += a.previous30;
      const k = position.get(indexOf.get(a.actor) ?? -1);
      if (k !== undefined) memberActivity30d[k] += a.last30;
    }
    return {
      id: c.id,
      name: c.name,
      kind: decision.kind,
      kindReason: decision.reason,
      kindInferred: decision.inferred,
      createdAt: c.createdAt,
      creator: c.creator ? (indexOf.get(c.creator) ?? -1) : -1,
      members,
      memberActivity30d,
      activity30d,
      activityPrevious30d,
    };
  });
  return { people, departments, departmentOf, unknownDepartment, channels, indexOf };
}

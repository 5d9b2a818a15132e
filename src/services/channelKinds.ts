/**
 * Keeps every channel's kind (department, purpose, broadcast, other), the reason and whether it was
 * inferred current, using the rules of src/domain/channelKinds.ts. Called after sync, after
 * membership and department changes, after a rename, when a lead changes the rules or a channel's
 * kind, and before each daily report snapshot (talk across departments changes day by day).
 */
import { classifyChannel } from '../domain/channelKinds';
import { isoDayBefore } from '../domain/format';
import { judgeDepartmentCounts } from '../domain/silos/departmentData';
import {
  channelKindFacts,
  channelTieCounts,
  departmentActivity,
  saveChannelWindowTies,
  setChannelKinds,
} from '../store/channels';
import { activeMemberCount } from '../store/members';
import { settingsFor } from '../store/settings';
import { lastReportDepartmentsUsable } from '../store/snapshots';
import type { Services } from './context';

/**
 * Recomputes kinds of all channels of a workspace (or only the given ones); returns how many changed.
 * With `countTalk` (the daily snapshot job, an export import) each channel's talk over the window is
 * counted (one SQL aggregation: seconds at a million ties) and stored, and the departments are
 * judged from the members and their interactions. Otherwise (sync, events, department and settings
 * changes) the stored talk counts and the newest report's judgement are used: a few small queries.
 */
export async function recomputeChannelKinds(
  services: Services,
  teamId: string,
  channelIds?: string[],
  options: { countTalk?: boolean } = {},
): Promise<number> {
  if (channelIds && !channelIds.length) return 0;
  const { db } = services;
  const settings = await settingsFor(db, teamId);
  const rules = settings.channelKinds;
  const since = isoDayBefore(services.now(), settings.historyDays);
  const countTalk = Boolean(options.countTalk && !channelIds);
  const [activePeople, facts, counted, departmentsUsable] = await Promise.all([
    activeMemberCount(db, teamId),
    channelKindFacts(db, teamId, channelIds),
    countTalk ? channelTieCounts(db, teamId, since) : null,
    departmentsUsableNow(services, teamId, countTalk ? since : null, settings.privacyThreshold),
  ]);
  const talk = (f: (typeof facts)[number]) =>
    counted
      ? (counted.get(f.channelId) ?? { ties: 0, cross: 0 })
      : { ties: f.windowTies ?? 0, cross: f.windowCrossTies ?? 0 };
  if (counted)
    await saveChannelWindowTies(
      db,
      teamId,
      facts.map((f) => ({ channelId: f.channelId, ...talk(f) })),
    );
  const context = { minMembers: settings.privacyThreshold, departmentsUsable };
  const decisions = facts.flatMap((f) => {
    const here = talk(f);
    const decision = classifyChannel({ ...f, activePeople, ties: here.ties, crossTies: here.cross }, rules, context);
    // Only channels whose decision changes are written (one statement for all of them).
    return decision.kind === f.kind && decision.reason === f.reason && decision.inferred === f.inferred
      ? []
      : [{ channelId: f.channelId, ...decision }];
  });
  return setChannelKinds(db, teamId, decisions, services.now());
}

/**
 * Whether the department data is usable, as the report judges it: from the members and their
 * interactions since `since` (counting talk), or (`since` null) the newest report's judgement,
 * else the members alone.
 */
async function departmentsUsableNow(
  services: Services,
  teamId: string,
  since: string | null,
  minGroupSize: number,
): Promise<boolean> {
  const last = since === null ? await lastReportDepartmentsUsable(services.db, teamId) : null;
  if (last !== null) return last;
  const counts = await departmentActivity(services.db, teamId, since);
  // before anyone talks (a new install), the departments are judged on everyone
  const talked = counts.some((c) => c.active > 0);
  const judged = talked ? counts : counts.map((c) => ({ ...c, active: c.people }));
  return judgeDepartmentCounts(judged, minGroupSize, { source: 'file', label: '' }).usable;
}

/**
 * Keeps every channel's kind (department, purpose, broadcast, other), the reason and whether it was
 * inferred current, using the rules of src/domain/channelKinds.ts. Called after sync, after
 * membership and department changes, after a rename, when a lead changes the rules or a channel's
 * kind, and before each daily report snapshot (talk across departments changes day by day).
 */
import { classifyChannel } from '../domain/channelKinds';
import { isoDayBefore } from '../domain/format';
import { judgeDepartmentCounts } from '../domain/silos/departmentData';
import { channelKindFacts, channelTieCounts, departmentActivity, setChannelKinds } from '../store/channels';
import { activeMemberCount } from '../store/members';
import { settingsFor } from '../store/settings';
import { lastReportDepartmentsUsable } from '../store/snapshots';
import type { Services } from './context';

/** Recomputes kinds of all channels of a workspace (or only the given ones); returns how many changed. */
export async function recomputeChannelKinds(
  services: Services,
  teamId: string,
  channelIds?: string[],
): Promise<number> {
  if (channelIds && !channelIds.length) return 0;
  const { db } = services;
  const settings = await settingsFor(db, teamId);
  const rules = settings.channelKinds;
  const since = isoDayBefore(services.now(), settings.historyDays);
  const [activePeople, facts, ties, departmentsUsable] = await Promise.all([
    activeMemberCount(db, teamId),
    channelKindFacts(db, teamId, channelIds),
    channelTieCounts(db, teamId, since, channelIds),
    departmentsUsableNow(services, teamId, since, settings.privacyThreshold, Boolean(channelIds)),
  ]);
  const context = { minMembers: settings.privacyThreshold, departmentsUsable };
  const decisions = facts.flatMap((f) => {
    const here = ties.get(f.channelId);
    const decision = classifyChannel(
      { ...f, activePeople, ties: here?.ties ?? 0, crossTies: here?.cross ?? 0 },
      rules,
      context,
    );
    // Only channels whose decision changes are written (one statement for all of them).
    return decision.kind === f.kind && decision.reason === f.reason && decision.inferred === f.inferred
      ? []
      : [{ channelId: f.channelId, ...decision }];
  });
  return setChannelKinds(db, teamId, decisions, services.now());
}

/**
 * Whether the department data is usable, as the report judges it. A recompute of a few channels
 * (a membership event) takes the newest report's judgement, which costs one row; a whole
 * workspace's recompute (sync, a department change, the daily snapshot) judges the data now.
 */
async function departmentsUsableNow(
  services: Services,
  teamId: string,
  since: string,
  minGroupSize: number,
  fewChannels: boolean,
): Promise<boolean> {
  const last = fewChannels ? await lastReportDepartmentsUsable(services.db, teamId) : null;
  if (last !== null) return last;
  const counts = await departmentActivity(services.db, teamId, since);
  // before anyone talks (a new install), the departments are judged on everyone
  const talked = counts.some((c) => c.active > 0);
  const judged = talked ? counts : counts.map((c) => ({ ...c, active: c.people }));
  return judgeDepartmentCounts(judged, minGroupSize, { source: 'file', label: '' }).usable;
}

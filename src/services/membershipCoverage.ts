/** How much of the workspace's channel membership is known now (the report's `data.memberships`). */
import { coverageOf } from '../domain/silos/membershipCoverage';
import type { MembershipCoverage } from '../domain/silos/types';
import { memberListStates } from '../store/channels';
import { settingsFor } from '../store/settings';
import { syncUnderWay } from '../store/syncRuns';
import type { Services } from './context';

export async function membershipCoverageNow(
  services: Pick<Services, 'db' | 'now'>,
  teamId: string,
): Promise<MembershipCoverage> {
  const { db } = services;
  const settings = await settingsFor(db, teamId);
  const [lists, running] = await Promise.all([
    memberListStates(db, teamId, { includePrivate: settings.readPrivateChannels }),
    syncUnderWay(db, teamId),
  ]);
  return coverageOf(lists, { nowMs: services.now().getTime(), syncRunning: running });
}

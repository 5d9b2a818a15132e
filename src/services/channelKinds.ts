/**
 * Keeps every channel's kind (department, purpose, broadcast, other) and the reason current, using
 * the rules of src/domain/channelKinds.ts. Called after sync, after membership and department
 * changes, after a rename, and when a lead changes the rules or a channel's kind.
 */
import { classifyChannel } from '../domain/channelKinds';
import { channelKindFacts, setChannelKind } from '../store/channels';
import { activeMemberCount } from '../store/members';
import { settingsFor } from '../store/settings';
import type { Services } from './context';

/** Recomputes kinds of all channels of a workspace (or only the given ones); returns how many changed. */
export async function recomputeChannelKinds(services: Services, teamId: string, channelIds?: string[]): Promise<number> {
  if (channelIds && !channelIds.length) return 0;
  const { db } = services;
  const rules = (await settingsFor(db, teamId)).channelKinds;
  const activePeople = await activeMemberCount(db, teamId);
  let changed = 0;
  for (const facts of await channelKindFacts(db, teamId, channelIds)) {
    const decision = classifyChannel({ ...facts, activePeople }, rules);
    if (await setChannelKind(db, teamId, facts.channelId, decision.kind, decision.reason, services.now())) changed += 1;
  }
  return changed;
}

/**
 * Keeps every channel's kind (department, purpose, broadcast, other) and the reason current, using
 * the rules of src/domain/channelKinds.ts. Called after sync, after membership and department
 * changes, after a rename, and when a lead changes the rules or a channel's kind.
 */
import { classifyChannel } from '../domain/channelKinds';
import { channelKindFacts, setChannelKinds } from '../store/channels';
import { activeMemberCount } from '../store/members';
import { settingsFor } from '../store/settings';
import type { Services } from './context';

/** Recomputes kinds of all channels of a workspace (or only the given ones); returns how many changed. */
export async function recomputeChannelKinds(
  services: Services,
  teamId: string,
  channelIds?: string[],
): Promise<number> {
  if (channelIds && !channelIds.length) return 0;
  const { db } = services;
  const rules = (await settingsFor(db, teamId)).channelKinds;
  const activePeople = await activeMemberCount(db, teamId);
  const decisions = (await channelKindFacts(db, teamId, channelIds)).flatMap((facts) => {
    const decision = classifyChannel({ ...facts, activePeople }, rules);
    // Only channels whose kind or reason changes are written (one statement for all of them).
    return decision.kind === facts.kind && decision.reason === facts.reason
      ? []
      : [{ channelId: facts.channelId, ...decision }];
  });
  return setChannelKinds(db, teamId, decisions, services.now());
}

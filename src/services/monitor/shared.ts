/**
 * What the monitor's event handlers share: event times, the channels Weaver may read (looked up
 * and stored on first sight), and the per-workspace application of a group-commit batch.
 */
import type { Settings } from '../../domain/settings';
import { channelsByIds, upsertChannels, type Channel, type ChannelInfo } from '../../store/channels';
import { settingsFor } from '../../store/settings';
import type { Services } from '../context';
import { channelFromSlack } from '../sync/slackRows';

/** Slack's event_ts ("1700000000.000100") as a Date; falls back to now. */
export function eventTime(services: Services, eventTs: string | undefined): Date {
  const seconds = eventTs ? Number.parseFloat(eventTs) : Number.NaN;
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)) : services.now();
}

/**
 * The stored channels Weaver may read among `channelIds` (public, or private with
 * readPrivateChannels). A channel not seen yet is looked up (conversations.info) and stored,
 * unless `lookUp` is off (inside a group-commit batch: lookups happen before it).
 */
export async function readableChannels(
  services: Services,
  teamId: string,
  channelIds: string[],
  settings: Settings,
  opts: { lookUp: boolean } = { lookUp: true },
): Promise<Map<string, Channel>> {
  const { db } = services;
  const ids = [...new Set(channelIds)];
  const stored = new Map((await channelsByIds(db, teamId, ids)).map((c) => [c.channel_id, c]));
  const unknown = opts.lookUp ? ids.filter((id) => !stored.has(id) && !id.startsWith('D')) : [];
  if (unknown.length) {
    const client = await services.slackFor(teamId);
    const found: ChannelInfo[] = [];
    for (const channelId of client ? unknown : []) {
      try {
        const info = await client!.conversations.info({ channel: channelId });
        const c = info.channel as { id?: string; is_im?: boolean; is_mpim?: boolean; is_private?: boolean } | undefined;
        if (!c?.id || c.is_im || c.is_mpim) continue;
        if (c.is_private && !settings.readPrivateChannels) continue;
        found.push(channelFromSlack(c));
      } catch (err) {
        services.logger.warn({ teamId, channelId, err: (err as Error).message }, 'monitor: channel lookup failed');
      }
    }
    if (found.length) {
      await upsertChannels(db, teamId, found, services.now());
      for (const c of await channelsByIds(
        db,
        teamId,
        found.map((f) => f.channelId),
      ))
        stored.set(c.channel_id, c);
    }
  }
  for (const [id, c] of stored) {
    if (c.is_deleted || (c.is_private && !settings.readPrivateChannels)) stored.delete(id);
  }
  return stored;
}

export async function readableChannel(services: Services, teamId: string, channelId: string): Promise<Channel | null> {
  const settings = await settingsFor(services.db, teamId);
  return (await readableChannels(services, teamId, [channelId], settings)).get(channelId) ?? null;
}

/**
 * Slack lookups happen before an event joins a group-commit batch, so one slow or rate-limited
 * call delays only its own event, not every workspace's batch: the first event of a channel this
 * process has not seen looks the channel up (and stores it); later ones skip it.
 */
const knownChannels = new WeakMap<Services, Set<string>>();
export async function lookUpChannelFirst(services: Services, teamId: string, channelId: string): Promise<void> {
  let known = knownChannels.get(services);
  if (!known) {
    known = new Set();
    knownChannels.set(services, known);
  }
  const key = `${teamId}:${channelId}`;
  if (known.has(key)) return;
  const found = await readableChannels(services, teamId, [channelId], await settingsFor(services.db, teamId));
  if (found.size) {
    if (known.size > 100_000) known.clear();
    known.add(key);
  }
}

/**
 * Applies a batch workspace by workspace; returns, per item, the error that kept it from being
 * applied (if any). When a workspace's batch fails, its items are retried one by one, so one bad
 * event does not cost the others.
 */
export async function perTeam<T extends { teamId: string }>(
  services: Services,
  items: T[],
  apply: (services: Services, teamId: string, items: T[]) => Promise<void>,
): Promise<Array<Error | undefined>> {
  const failures = new Map<T, Error>();
  const byTeam = new Map<string, T[]>();
  for (const item of items) {
    const list = byTeam.get(item.teamId);
    if (list) list.push(item);
    else byTeam.set(item.teamId, [item]);
  }
  for (const [teamId, teamItems] of byTeam) {
    try {
      await apply(services, teamId, teamItems);
    } catch (err) {
      if (teamItems.length === 1) {
        failures.set(teamItems[0], err as Error);
        continue;
      }
      services.logger.warn(
        { teamId, events: teamItems.length, err: (err as Error).message },
        'monitor: batch failed; applying its events one by one',
      );
      for (const item of teamItems) await apply(services, teamId, [item]).catch((e: Error) => failures.set(item, e));
    }
  }
  return items.map((item) => failures.get(item));
}

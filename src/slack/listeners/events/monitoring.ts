/**
 * Events that keep people, channels, memberships and interaction counts current. Each handler
 * validates its payload, calls one function of src/services/monitor/, and logs (never throws)
 * on failure: Bolt has already acked the event. Message text is never logged.
 */
import type { EventRouter } from '../../eventRouter';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import {
  channelCreated,
  channelRenamed,
  channelStateChanged,
  memberJoinedOrLeft,
  messagePosted,
  personChanged,
  reactionChanged,
} from '../../../services/monitor';
import { isDatabaseUnavailable } from '../../../db/health';

const membership = z.object({
  user: z.string(),
  channel: z.string(),
  channel_type: z.string().optional(),
  event_ts: z.string().optional(),
});
const channelObject = z.object({
  id: z.string(),
  name: z.string().optional(),
  created: z.number().optional(),
  creator: z.string().optional(),
  is_private: z.boolean().optional(),
});
const channelIdOrObject = z.union([z.string(), z.object({ id: z.string() }).transform((c) => c.id)]);
const user = z.object({
  id: z.string(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_admin: z.boolean().optional(),
  is_owner: z.boolean().optional(),
  tz: z.string().optional(),
  tz_offset: z.number().optional(),
  profile: z
    .object({
      display_name: z.string().optional(),
      real_name: z.string().optional(),
      status_text: z.string().nullish(),
      status_emoji: z.string().nullish(),
      status_expiration: z.number().nullish(),
      // Slack sends `[]` for a profile without custom fields.
      fields: z.preprocess(
        (v) => (Array.isArray(v) ? {} : v),
        z.record(z.string(), z.object({ value: z.string().nullish() }).passthrough()).nullish(),
      ),
    })
    .optional(),
});
const messageFields = {
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  parent_user_id: z.string().optional(),
};
const message = z.object({
  channel: z.string(),
  channel_type: z.string().optional(),
  ...messageFields,
  // message_changed: the message as edited; message_deleted: which message is gone
  message: z.object(messageFields).optional(),
  deleted_ts: z.string().optional(),
  // channel_purpose / channel_topic (group_… for private channels): the new text
  purpose: z.string().optional(),
  topic: z.string().optional(),
});
const reaction = z.object({
  user: z.string(),
  reaction: z.string(),
  item_user: z.string().optional(),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
  event_ts: z.string().optional(),
});

/** The handler gets the workspace, the inner event and when Slack says it happened (the envelope's event_time). */
type Handler = (teamId: string, event: unknown, at: Date | undefined) => Promise<unknown>;

function on(events: EventRouter, services: Services, type: string, handle: Handler): void {
  events.event(type, async ({ event, body, context }) => {
    const teamId = context.teamId ?? '';
    const eventTime = typeof body.event_time === 'number' ? new Date(body.event_time * 1000) : undefined;
    try {
      await handle(teamId, event, eventTime);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err; // the event router runs it again once the database is back
      const issue = err instanceof z.ZodError ? 'unexpected payload' : (err as Error).message;
      services.logger.warn({ teamId, event: type, err: issue }, 'monitoring event not applied');
    }
  });
}

export function register(events: EventRouter, services: Services): void {
  on(events, services, 'member_joined_channel', (t, e) => memberJoinedOrLeft(services, t, membership.parse(e), true));
  on(events, services, 'member_left_channel', (t, e) => memberJoinedOrLeft(services, t, membership.parse(e), false));
  on(events, services, 'channel_created', (t, e) =>
    channelCreated(services, t, z.object({ channel: channelObject }).parse(e).channel),
  );
  on(events, services, 'channel_rename', (t, e, at) =>
    channelRenamed(
      services,
      t,
      z.object({ channel: z.object({ id: z.string(), name: z.string() }) }).parse(e).channel,
      at,
    ),
  );
  on(events, services, 'channel_archive', (t, e) =>
    channelStateChanged(services, t, z.object({ channel: channelIdOrObject }).parse(e).channel, 'archive'),
  );
  on(events, services, 'channel_unarchive', (t, e) =>
    channelStateChanged(services, t, z.object({ channel: channelIdOrObject }).parse(e).channel, 'unarchive'),
  );
  on(events, services, 'channel_deleted', (t, e) =>
    channelStateChanged(services, t, z.object({ channel: channelIdOrObject }).parse(e).channel, 'deleted'),
  );
  on(events, services, 'team_join', (t, e) => personChanged(services, t, z.object({ user }).parse(e).user));
  on(events, services, 'user_change', (t, e) => personChanged(services, t, z.object({ user }).parse(e).user));
  on(events, services, 'message', (t, e) => messagePosted(services, t, message.parse(e)));
  on(events, services, 'reaction_added', (t, e) => reactionChanged(services, t, reaction.parse(e), true));
  on(events, services, 'reaction_removed', (t, e) => reactionChanged(services, t, reaction.parse(e), false));
}

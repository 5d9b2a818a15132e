/** Slack user and channel objects (from lists and events) as the rows Weaver stores. */
import type { ChannelInfo } from '../../store/channels';
import type { MemberProfile } from '../../store/members';

export interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  enterprise_user?: { enterprise_id?: string };
  tz?: string;
  tz_offset?: number;
  profile?: {
    display_name?: string;
    real_name?: string;
    status_text?: string | null;
    status_emoji?: string | null;
    /** Unix seconds; 0 = no expiry */
    status_expiration?: number | null;
  };
}

/** A Slack user object as a member row (Slackbot counts as a bot). */
export function memberFromSlackUser(u: SlackUser): MemberProfile {
  return {
    userId: u.id!,
    enterpriseId: u.enterprise_user?.enterprise_id,
    name: u.name,
    displayName: u.profile?.display_name || undefined,
    realName: u.real_name ?? u.profile?.real_name,
    tz: u.tz,
    tzOffset: u.tz_offset,
    isBot: Boolean(u.is_bot) || u.id === 'USLACKBOT',
    isDeleted: Boolean(u.deleted),
    isAdmin: Boolean(u.is_admin),
    isOwner: Boolean(u.is_owner),
    status: u.profile ? statusOf(u.profile) : undefined,
  };
}

/** Slack's status fields as stored: empty strings are no status, an expiration of 0 is none. */
function statusOf(p: NonNullable<SlackUser['profile']>): NonNullable<MemberProfile['status']> {
  const exp = Number(p.status_expiration ?? 0);
  return {
    text: p.status_text?.trim() || null,
    emoji: p.status_emoji?.trim() || null,
    expiration: Number.isFinite(exp) && exp > 0 ? new Date(exp * 1000) : null,
  };
}

export interface SlackChannel {
  id?: string;
  name?: string;
  is_private?: boolean;
  is_archived?: boolean;
  created?: number;
  creator?: string;
  purpose?: { value?: string };
  topic?: { value?: string };
  /** conversations.list gives each channel's member count */
  num_members?: number;
}

export function channelFromSlack(c: SlackChannel): ChannelInfo {
  return {
    channelId: c.id!,
    name: c.name ?? c.id!,
    purpose: c.purpose?.value || undefined,
    topic: c.topic?.value || undefined,
    creator: c.creator,
    created: c.created ? new Date(c.created * 1000) : undefined,
    isPrivate: Boolean(c.is_private),
    isArchived: Boolean(c.is_archived),
  };
}

/**
 * Small factories for the fake Slack workspace: people (with a department in the custom profile
 * field), channels, messages, threads and reactions.
 */
import type { FakeChannel, FakeMessage, FakeUser, FakeWorkspace } from './fakeSlack';

let seq = 0;
const nextId = (prefix: string) => {
  seq += 1;
  return `${prefix}${String(seq).padStart(6, '0')}`;
};

export interface PersonOptions {
  id?: string;
  name?: string;
  department?: string | null;
  tz?: string;
  tzOffset?: number;
  email?: string;
  deleted?: boolean;
  isBot?: boolean;
  isAdmin?: boolean;
}

export function addPerson(ws: FakeWorkspace, o: PersonOptions = {}): FakeUser {
  const id = o.id ?? nextId('U');
  const name = o.name ?? `person${id.toLowerCase()}`;
  const deptField = ws.profileFields.find((f) => f.label === 'Department');
  const user: FakeUser = {
    id,
    team_id: ws.teamId,
    name,
    real_name: name.replace(/\b\w/g, (c) => c.toUpperCase()),
    deleted: o.deleted ?? false,
    is_bot: o.isBot ?? false,
    is_admin: o.isAdmin ?? false,
    tz: o.tz ?? 'Europe/London',
    tz_offset: o.tzOffset ?? 0,
    profile: {
      real_name: name,
      display_name: name,
      email: o.email ?? `${name}@example.com`,
      fields: o.department && deptField ? { [deptField.id]: { value: o.department, alt: '' } } : {},
    },
  };
  ws.users.push(user);
  return user;
}

export interface ChannelOptions {
  id?: string;
  name: string;
  members?: string[];
  purpose?: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  created?: number;
  creator?: string;
}

export function addChannel(ws: FakeWorkspace, o: ChannelOptions): FakeChannel {
  const channel: FakeChannel = {
    id: o.id ?? nextId('C'),
    name: o.name,
    is_channel: true,
    is_private: o.isPrivate ?? false,
    is_archived: o.isArchived ?? false,
    created: o.created ?? 1_690_000_000,
    creator: o.creator ?? o.members?.[0] ?? 'U000000',
    purpose: { value: o.purpose ?? '' },
    topic: { value: '' },
    members: [...(o.members ?? [])],
    messages: [],
  };
  ws.channels.push(channel);
  return channel;
}

/** Slack ts for a moment: seconds with a 6-digit suffix, unique per call. */
export function tsAt(date: Date): string {
  seq += 1;
  return `${Math.floor(date.getTime() / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
}

export interface MessageOptions {
  user: string;
  text?: string;
  at?: Date;
  ts?: string;
  /** reply in the thread of this parent message */
  inThreadOf?: FakeMessage;
  reactions?: Array<{ name: string; users: string[] }>;
  subtype?: string;
  botId?: string;
}

export function addMessage(channel: FakeChannel, o: MessageOptions): FakeMessage {
  const ts = o.ts ?? tsAt(o.at ?? new Date());
  const m: FakeMessage = {
    type: 'message',
    user: o.user,
    text: o.text ?? 'hello',
    ts,
    ...(o.subtype ? { subtype: o.subtype } : {}),
    ...(o.botId ? { bot_id: o.botId } : {}),
    ...(o.reactions ? { reactions: o.reactions.map((r) => ({ ...r, count: r.users.length })) } : {}),
  };
  if (o.inThreadOf) {
    const parent = o.inThreadOf;
    m.thread_ts = parent.ts;
    m.parent_user_id = parent.user;
    parent.thread_ts = parent.ts;
    parent.reply_count = (parent.reply_count ?? 0) + 1;
  }
  channel.messages.push(m);
  return m;
}

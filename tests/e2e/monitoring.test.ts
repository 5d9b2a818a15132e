import type { Knex } from 'knex';
import { metrics } from '../../src/metrics';
import { runFullSync } from '../../src/services/sync';
import { webClient } from '../../src/slack/clients';
import { saveSettings, settingsFor } from '../../src/store/settings';
import { useTestDatabase } from '../support/db';
import { addChannel, addMessage, addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack, type FakeWorkspace } from '../support/fakeSlack';
import { TEST_BOT_TOKEN, startTestApp, useTestApp } from '../support/testApp';
import { eventEnvelope } from '../support/signedRequests';
import { EventJournal } from '../../src/slack/eventJournal';
import { createLogger } from '../../src/logger';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Retries an assertion until it holds: events are processed after Slack's request is acked. */
async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const T = 'T0TEST';
const ALICE = 'UALICE1';
const BOB = 'UBOB001';
const CAROL = 'UCAROL1';
const DAN = 'UDAN001';
const ERIN = 'UERIN01';
const BOT = 'UBOTX01';

function workspace(): FakeWorkspace {
  const ws = emptyWorkspace(T);
  addPerson(ws, { id: ALICE, name: 'alice', department: 'Design' });
  addPerson(ws, { id: BOB, name: 'bob', department: 'Design' });
  addPerson(ws, { id: CAROL, name: 'carol', department: 'Design' });
  addPerson(ws, { id: DAN, name: 'dan', department: 'Sales' });
  addPerson(ws, { id: ERIN, name: 'erin', department: 'Sales' });
  addPerson(ws, { id: BOT, name: 'deploybot', isBot: true });
  addChannel(ws, { id: 'CMIXED1', name: 'lunch', members: [ALICE, DAN] });
  addChannel(ws, { id: 'CPROJ01', name: 'proj-atlas', members: [ALICE, BOB, DAN, ERIN] });
  addChannel(ws, { id: 'CPRIV01', name: 'hush', members: [ALICE, BOB], isPrivate: true });
  return ws;
}

const interactionRows = (db: Knex) =>
  db('interactions')
    .where({ team_id: T })
    .orderBy(['channel_id', 'actor_id', 'target_id', 'kind'])
    .select('channel_id', 'actor_id', 'target_id', 'kind', 'count');
const membership = (db: Knex, channel: string, user: string) =>
  db('memberships').where({ team_id: T, channel_id: channel, user_id: user }).first();
const channelRow = (db: Knex, id: string) => db('channels').where({ team_id: T, channel_id: id }).first();
const memberRow = (db: Knex, id: string) => db('members').where({ team_id: T, user_id: id }).first();

describe('keeping the workspace current from events', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  // Few events processed at once (256 in production), so a burst's events wait for a slot, as under load.
  const app = useTestApp(db, slack, { eventConcurrency: 8 });

  beforeEach(async () => {
    slack.reset(workspace());
    const s = app().services;
    await runFullSync(s, T, webClient(TEST_BOT_TOKEN, s.config, s.logger));
    slack.calls = [];
  });

  const ts = (secondsAgo: number) => `${Math.floor(Date.now() / 1000) - secondsAgo}.000100`;

  it('records joins and leaves, and recomputes the channel kind from its members', async () => {
    expect((await channelRow(db(), 'CMIXED1')).kind).toBe('other');
    await app().event({
      type: 'member_joined_channel',
      user: BOB,
      channel: 'CMIXED1',
      channel_type: 'C',
      event_ts: ts(30),
    });
    await app().event({
      type: 'member_joined_channel',
      user: CAROL,
      channel: 'CMIXED1',
      channel_type: 'C',
      event_ts: ts(20),
    });
    await app().event({
      type: 'member_left_channel',
      user: DAN,
      channel: 'CMIXED1',
      channel_type: 'C',
      event_ts: ts(10),
    });
    await eventually(async () => {
      expect((await membership(db(), 'CMIXED1', DAN)).left_at).not.toBeNull();
      expect((await membership(db(), 'CMIXED1', CAROL)).left_at).toBeNull();
      const c = await channelRow(db(), 'CMIXED1');
      expect([c.kind, c.kind_reason]).toEqual(['department', '100% of members are in Design (≥ 80%)']);
    });
  });

  it('applies the same join delivered twice once, and a leave delivered before its join ends "left"', async () => {
    const joinedAt = ts(60);
    const join = {
      type: 'member_joined_channel',
      user: CAROL,
      channel: 'CPROJ01',
      channel_type: 'C',
      event_ts: joinedAt,
    };
    const duplicatesBefore = metrics.eventsDuplicate.get();
    const ingestedBefore = metrics.eventsIngested.get({ type: 'member_joined_channel' });
    await app().event(join, { eventId: 'EvJOIN1' });
    await app().event(join, { eventId: 'EvJOIN1', retryNum: 1 });
    await app().event(join, { eventId: 'EvJOIN1B' });
    await app().idle();
    // The retry (same event id) is dropped; the second delivery (new id) is applied and changes nothing.
    expect(metrics.eventsDuplicate.get() - duplicatesBefore).toBe(1);
    expect(metrics.eventsIngested.get({ type: 'member_joined_channel' }) - ingestedBefore).toBe(2);
    const row = await membership(db(), 'CPROJ01', CAROL);
    expect([row.joined_at, row.left_at]).toEqual([new Date(Math.floor(Number(joinedAt)) * 1000), null]);

    // Erin leaves at t=-10, but Slack delivers an older join (t=-50) after the leave.
    await app().event({
      type: 'member_left_channel',
      user: ERIN,
      channel: 'CMIXED1',
      channel_type: 'C',
      event_ts: ts(10),
    });
    await eventually(async () => expect((await membership(db(), 'CMIXED1', ERIN))?.left_at).not.toBeNull());
    await app().event({
      type: 'member_joined_channel',
      user: ERIN,
      channel: 'CMIXED1',
      channel_type: 'C',
      event_ts: ts(50),
    });
    await app().idle();
    expect((await membership(db(), 'CMIXED1', ERIN)).left_at).not.toBeNull();
  });

  it('creates, renames, archives, unarchives and deletes channels, with kinds and reasons', async () => {
    await app().event({
      type: 'channel_created',
      channel: { id: 'CNEW001', name: 'guild-rust', created: 1_700_000_000, creator: ALICE },
    });
    // nobody is in it yet: it counts as no kind until someone joins
    await eventually(async () => {
      const c = await channelRow(db(), 'CNEW001');
      expect([c.name, c.kind, c.kind_reason]).toEqual(['guild-rust', 'other', 'no members']);
    });
    await app().event({ type: 'member_joined_channel', user: ALICE, channel: 'CNEW001', channel_type: 'C' });
    await eventually(async () => {
      const c = await channelRow(db(), 'CNEW001');
      expect([c.name, c.kind, c.kind_reason]).toEqual([
        'guild-rust',
        'purpose',
        'name matches purpose pattern "guild-*"',
      ]);
    });
    await app().event({
      type: 'channel_rename',
      channel: { id: 'CPROJ01', name: 'announce-atlas', created: 1_700_000_000 },
    });
    await eventually(async () => {
      const c = await channelRow(db(), 'CPROJ01');
      expect([c.name, c.kind, c.kind_reason]).toEqual([
        'announce-atlas',
        'broadcast',
        'name matches broadcast pattern "announce*"',
      ]);
    });
    await app().event({ type: 'channel_archive', channel: 'CNEW001', user: ALICE });
    await eventually(async () => expect((await channelRow(db(), 'CNEW001')).is_archived).toBe(true));
    await app().event({ type: 'channel_unarchive', channel: 'CNEW001', user: ALICE });
    await eventually(async () => expect((await channelRow(db(), 'CNEW001')).is_archived).toBe(false));
    await app().event({ type: 'channel_deleted', channel: 'CNEW001' });
    await eventually(async () => expect((await channelRow(db(), 'CNEW001')).is_deleted).toBe(true));
  });

  it("stores a channel's new purpose and topic (metadata, never counted as talk)", async () => {
    const before = await interactionRows(db());
    await app().event({
      type: 'message',
      subtype: 'channel_purpose',
      channel: 'CMIXED1',
      channel_type: 'channel',
      user: ALICE,
      ts: '1700000000.000100',
      purpose: 'Where we learn to cook',
      text: `<@${ALICE}|alice> set the channel purpose: Where we learn to cook`,
    });
    await eventually(async () => expect((await channelRow(db(), 'CMIXED1')).purpose).toBe('Where we learn to cook'));
    await app().event({
      type: 'message',
      subtype: 'channel_topic',
      channel: 'CMIXED1',
      channel_type: 'channel',
      user: DAN,
      ts: '1700000001.000100',
      topic: 'Tacos on Friday',
      text: `<@${DAN}|dan> set the channel topic: Tacos on Friday`,
    });
    await eventually(async () => expect((await channelRow(db(), 'CMIXED1')).topic).toBe('Tacos on Friday'));
    const row = await channelRow(db(), 'CMIXED1');
    expect([row.purpose, row.kind_reason]).toEqual([
      'Where we learn to cook',
      'no rule matched: 2 members (a purpose channel needs 5)',
    ]);
    expect(await interactionRows(db())).toEqual(before);
  });

  it('keeps the newer name when Slack delivers two renames of a channel out of order', async () => {
    const now = Math.floor(Date.now() / 1000);
    await app().event(
      { type: 'channel_rename', channel: { id: 'CPROJ01', name: 'atlas-v3' } },
      { eventTime: now - 10 },
    );
    await eventually(async () => expect((await channelRow(db(), 'CPROJ01')).name).toBe('atlas-v3'));
    await app().event(
      { type: 'channel_rename', channel: { id: 'CPROJ01', name: 'atlas-v2' } },
      { eventTime: now - 60 },
    );
    await app().idle();
    expect((await channelRow(db(), 'CPROJ01')).name).toBe('atlas-v3');
  });

  it('adds people who join, and keeps names, time zones, departments and deactivations current', async () => {
    const newcomer = {
      id: 'UNEW001',
      name: 'nora',
      real_name: 'Nora N',
      deleted: false,
      is_bot: false,
      tz: 'Asia/Tokyo',
      tz_offset: 32400,
      profile: { display_name: 'nora', fields: { Xf0DEPT: { value: 'Finance', alt: '' } } },
    };
    await app().event({ type: 'team_join', user: newcomer });
    await eventually(async () => {
      const m = await memberRow(db(), 'UNEW001');
      expect([m.name, m.tz, m.department, m.department_source, m.is_deleted]).toEqual([
        'nora',
        'Asia/Tokyo',
        'Finance',
        'profile_field',
        false,
      ]);
    });
    await app().event({
      type: 'user_change',
      user: {
        ...newcomer,
        tz: 'Europe/Paris',
        tz_offset: 3600,
        profile: { display_name: 'nora', fields: { Xf0DEPT: { value: 'Sales', alt: '' } } },
      },
    });
    await eventually(async () => {
      const m = await memberRow(db(), 'UNEW001');
      expect([m.tz, m.department]).toEqual(['Europe/Paris', 'Sales']);
    });
    // A profile whose department was emptied: the person is counted as Unknown.
    await app().event({ type: 'user_change', user: { ...newcomer, profile: { display_name: 'nora', fields: [] } } });
    await eventually(async () => expect((await memberRow(db(), 'UNEW001')).department).toBeNull());
    await app().event({ type: 'user_change', user: { ...newcomer, deleted: true } });
    await eventually(async () => expect((await memberRow(db(), 'UNEW001')).is_deleted).toBe(true));
  });

  it('keeps departments current from department channels when they are the source', async () => {
    const s = await settingsFor(db(), T);
    await saveSettings(db(), T, {
      ...s,
      departmentSource: { ...s.departmentSource, kind: 'channels', channelPattern: 'team-*' },
    });
    await app().event({
      type: 'channel_created',
      channel: { id: 'CTEAMOP', name: 'team-ops', created: 1_700_000_000, creator: DAN },
    });
    await eventually(async () => expect(await channelRow(db(), 'CTEAMOP')).toBeDefined());
    await app().event({
      type: 'member_joined_channel',
      user: DAN,
      channel: 'CTEAMOP',
      channel_type: 'C',
      event_ts: ts(30),
    });
    await eventually(async () =>
      expect([(await memberRow(db(), DAN)).department, (await memberRow(db(), DAN)).department_source]).toEqual([
        'ops',
        'channel',
      ]),
    );
    await app().event({ type: 'channel_rename', channel: { id: 'CTEAMOP', name: 'team-operations' } });
    await eventually(async () => expect((await memberRow(db(), DAN)).department).toBe('operations'));
    await app().event({
      type: 'member_left_channel',
      user: DAN,
      channel: 'CTEAMOP',
      channel_type: 'C',
      event_ts: ts(10),
    });
    await eventually(async () => expect((await memberRow(db(), DAN)).department).toBeNull());
  });

  it('counts replies and mentions in public channels once, and ignores bots, self-mentions, private channels and DMs', async () => {
    const parentTs = ts(300);
    const reply = {
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: BOB,
      text: `agreed <@${DAN}> <@${BOB}> ultraviolet-walrus`,
      ts: ts(200),
      thread_ts: parentTs,
      parent_user_id: ALICE,
    };
    await app().event(reply, { eventId: 'EvMSG1' });
    await app().event(reply, { eventId: 'EvMSG1-again' });
    await app().event({
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: BOT,
      bot_id: 'B1',
      text: `<@${ALICE}> deploy done ultraviolet-walrus`,
      ts: ts(190),
    });
    await app().event({
      type: 'message',
      channel: 'CPRIV01',
      channel_type: 'group',
      user: ALICE,
      text: `<@${BOB}> ultraviolet-walrus`,
      ts: ts(180),
    });
    await app().event({
      type: 'message',
      channel: 'DALICE1',
      channel_type: 'im',
      user: ALICE,
      text: `<@${BOB}> ultraviolet-walrus`,
      ts: ts(170),
    });
    await app().event({
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: DAN,
      text: `<@${BOT}> status? ultraviolet-walrus`,
      ts: ts(160),
    });
    await eventually(async () =>
      expect(await interactionRows(db())).toEqual([
        { channel_id: 'CPROJ01', actor_id: BOB, target_id: ALICE, kind: 'reply', count: 1 },
        { channel_id: 'CPROJ01', actor_id: BOB, target_id: DAN, kind: 'mention', count: 1 },
      ]),
    );
    await app().idle();
    expect(await interactionRows(db())).toHaveLength(2);
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
  });

  it('an event run again from the journal after its handlers finished (its "processed" mark never stored) counts once', async () => {
    const journalDir = mkdtempSync(path.join(os.tmpdir(), 'weaver-replay-'));
    const reply = {
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: BOB,
      text: `agreed <@${DAN}>`,
      ts: ts(200),
      thread_ts: ts(300),
      parent_user_id: ALICE,
    };
    const counted = [
      { channel_id: 'CPROJ01', actor_id: BOB, target_id: ALICE, kind: 'reply', count: 1 },
      { channel_id: 'CPROJ01', actor_id: BOB, target_id: DAN, kind: 'mention', count: 1 },
    ];
    const first = await startTestApp(db(), slack, { env: { WEAVER_JOURNAL_DIR: journalDir } });
    await first.event(reply, { eventId: 'EvREPLAY1' });
    await first.idle();
    await first.stop();
    expect(await interactionRows(db())).toEqual(counted);
    // The window: the handlers' writes are stored, the "processed" mark is not, and the journal
    // still holds the delivery (the process stopped between the two).
    await db()('events_seen').where({ event_id: 'EvREPLAY1' }).update({ processed_at: null });
    const journal = EventJournal.open({ dir: journalDir, maxBytes: 1e6, logger: createLogger('silent') });
    const body = eventEnvelope(reply, { eventId: 'EvREPLAY1' });
    await journal.append({ json: JSON.stringify(body), body });
    await journal.close();

    const again = await startTestApp(db(), slack, { env: { WEAVER_JOURNAL_DIR: journalDir } });
    try {
      await again.idle();
      expect(await db()('events_seen').where({ event_id: 'EvREPLAY1' }).first()).toMatchObject({
        processed_at: expect.any(Date),
      });
      expect(await interactionRows(db())).toEqual(counted);
    } finally {
      await again.stop();
      rmSync(journalDir, { recursive: true, force: true });
    }
  });

  it('finds the thread parent author when a reply event does not carry it', async () => {
    const parent = addMessage(slack.channel('CMIXED1')!, {
      user: DAN,
      text: 'parent text ultraviolet-walrus',
      ts: ts(500),
    });
    await app().event({
      type: 'message',
      channel: 'CMIXED1',
      channel_type: 'channel',
      user: ALICE,
      text: 'reply ultraviolet-walrus',
      ts: ts(400),
      thread_ts: parent.ts,
    });
    await eventually(async () =>
      expect(await interactionRows(db())).toEqual([
        { channel_id: 'CMIXED1', actor_id: ALICE, target_id: DAN, kind: 'reply', count: 1 },
      ]),
    );
  });

  it('counts a reaction once however often it is delivered, and un-counts it when removed', async () => {
    const item = { type: 'message', channel: 'CPROJ01', ts: ts(600) };
    const added = { type: 'reaction_added', user: ERIN, reaction: 'tada', item_user: ALICE, item };
    await app().event(added);
    await app().event(added);
    await app().event({ type: 'reaction_added', user: ERIN, reaction: 'eyes', item_user: ALICE, item });
    await app().event({ type: 'reaction_added', user: BOT, reaction: 'robot', item_user: ALICE, item });
    await app().event({ type: 'reaction_added', user: ALICE, reaction: 'tada', item_user: ALICE, item });
    await eventually(async () =>
      expect(await interactionRows(db())).toEqual([
        { channel_id: 'CPROJ01', actor_id: ERIN, target_id: ALICE, kind: 'reaction', count: 2 },
      ]),
    );
    await app().event({ type: 'reaction_removed', user: ERIN, reaction: 'tada', item_user: ALICE, item });
    await eventually(async () =>
      expect(await interactionRows(db())).toEqual([
        { channel_id: 'CPROJ01', actor_id: ERIN, target_id: ALICE, kind: 'reaction', count: 1 },
      ]),
    );
    await app().event({ type: 'reaction_removed', user: ERIN, reaction: 'eyes', item_user: ALICE, item });
    await app().event({ type: 'reaction_removed', user: ERIN, reaction: 'eyes', item_user: ALICE, item });
    await eventually(async () => expect(await interactionRows(db())).toEqual([]));
  });

  it('counts what an edited message says now, and un-counts a deleted message with its reactions', async () => {
    const msgTs = ts(300);
    const original = {
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: BOB,
      text: `ping <@${DAN}> and <@${ERIN}>`,
      ts: msgTs,
    };
    await app().event(original);
    await app().event({
      type: 'reaction_added',
      user: ALICE,
      reaction: 'eyes',
      item_user: BOB,
      item: { type: 'message', channel: 'CPROJ01', ts: msgTs },
      event_ts: ts(280),
    });
    await eventually(async () => expect(await interactionRows(db())).toHaveLength(3));
    // Edited: ERIN's mention removed, ALICE's added; ALICE's reaction stays.
    await app().event({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'CPROJ01',
      channel_type: 'channel',
      ts: ts(250),
      message: {
        type: 'message',
        user: BOB,
        text: `ping <@${DAN}> and <@${ALICE}>`,
        ts: msgTs,
        edited: { user: BOB, ts: ts(250) },
      },
      previous_message: { type: 'message', user: BOB, text: original.text, ts: msgTs },
    });
    await eventually(async () =>
      expect(await interactionRows(db())).toEqual([
        { channel_id: 'CPROJ01', actor_id: ALICE, target_id: BOB, kind: 'reaction', count: 1 },
        { channel_id: 'CPROJ01', actor_id: BOB, target_id: ALICE, kind: 'mention', count: 1 },
        { channel_id: 'CPROJ01', actor_id: BOB, target_id: DAN, kind: 'mention', count: 1 },
      ]),
    );
    // The same edit delivered again changes nothing.
    await app().event({
      type: 'message',
      subtype: 'message_changed',
      channel: 'CPROJ01',
      channel_type: 'channel',
      ts: ts(249),
      message: { user: BOB, text: `ping <@${DAN}> and <@${ALICE}>`, ts: msgTs },
    });
    await app().idle();
    expect(await interactionRows(db())).toHaveLength(3);
    // Deleted: nothing of that message is counted any more; another message of BOB's is untouched.
    await app().event({
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: BOB,
      text: `later <@${DAN}>`,
      ts: ts(200),
    });
    await app().event({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: 'CPROJ01',
      channel_type: 'channel',
      ts: ts(100),
      deleted_ts: msgTs,
      previous_message: { user: BOB, ts: msgTs },
    });
    await eventually(async () =>
      expect(await interactionRows(db())).toEqual([
        { channel_id: 'CPROJ01', actor_id: BOB, target_id: DAN, kind: 'mention', count: 1 },
      ]),
    );
  });

  it('does not count a reaction or a message whose removal was delivered first, but counts an emoji added back later', async () => {
    const item = { type: 'message', channel: 'CPROJ01', ts: ts(900) };
    const reactionAt = (secondsAgo: number) => ts(secondsAgo);
    // Slack retried the add after the removal had arrived: the add (earlier) must not count.
    await app().event({
      type: 'reaction_removed',
      user: ERIN,
      reaction: 'tada',
      item_user: ALICE,
      item,
      event_ts: reactionAt(50),
    });
    await app().event({
      type: 'reaction_added',
      user: ERIN,
      reaction: 'tada',
      item_user: ALICE,
      item,
      event_ts: reactionAt(60),
    });
    // A message delivered after its deletion does not count either.
    const lateTs = ts(800);
    await app().event({
      type: 'message',
      subtype: 'message_deleted',
      channel: 'CPROJ01',
      channel_type: 'channel',
      ts: ts(40),
      deleted_ts: lateTs,
    });
    await app().event({
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: DAN,
      text: `<@${ALICE}> late`,
      ts: lateTs,
    });
    await app().idle();
    expect(await interactionRows(db())).toEqual([]);
    // ERIN adds the emoji back afterwards: that counts.
    await app().event({
      type: 'reaction_added',
      user: ERIN,
      reaction: 'tada',
      item_user: ALICE,
      item,
      event_ts: reactionAt(10),
    });
    await eventually(async () =>
      expect(await interactionRows(db())).toEqual([
        { channel_id: 'CPROJ01', actor_id: ERIN, target_id: ALICE, kind: 'reaction', count: 1 },
      ]),
    );
  });

  it('keeps a reaction added back when the older removal arrives last, and applies edits of a message in the order they were made', async () => {
    const item = { type: 'message', channel: 'CPROJ01', ts: ts(900) };
    const tada = (type: string, secondsAgo: number) => ({
      type,
      user: ERIN,
      reaction: 'tada',
      item_user: ALICE,
      item,
      event_ts: ts(secondsAgo),
    });
    for (const e of [tada('reaction_added', 60), tada('reaction_added', 10), tada('reaction_removed', 50)]) {
      await app().event(e);
      await app().idle();
    }
    expect(await interactionRows(db())).toEqual([
      { channel_id: 'CPROJ01', actor_id: ERIN, target_id: ALICE, kind: 'reaction', count: 1 },
    ]);

    // BOB's message mentioned DAN; edited to mention ERIN, then edited back to DAN. The edits
    // arrive newest first, and the original message last of all.
    const msgTs = ts(300);
    const edit = (mention: string, secondsAgo: number) => ({
      type: 'message',
      subtype: 'message_changed',
      channel: 'CMIXED1',
      channel_type: 'channel',
      ts: ts(secondsAgo),
      message: { user: BOB, text: `see <@${mention}>`, ts: msgTs },
    });
    for (const e of [
      edit(DAN, 200),
      edit(ERIN, 250),
      { type: 'message', channel: 'CMIXED1', channel_type: 'channel', user: BOB, text: `see <@${CAROL}>`, ts: msgTs },
    ]) {
      await app().event(e);
      await app().idle();
    }
    expect((await interactionRows(db())).filter((r) => r.channel_id === 'CMIXED1')).toEqual([
      { channel_id: 'CMIXED1', actor_id: BOB, target_id: DAN, kind: 'mention', count: 1 },
    ]);
  });

  it('does not hold other events back while a new channel is being looked up slowly', async () => {
    addChannel(slack.workspace, { id: 'CSLOWNEW', name: 'slow-new' });
    slack.failNext('conversations.info', { kind: 'hang', ms: 1500 });
    const started = Date.now();
    await app().event({
      type: 'member_joined_channel',
      user: ERIN,
      channel: 'CSLOWNEW',
      channel_type: 'C',
      event_ts: ts(20),
    });
    await app().event({
      type: 'member_joined_channel',
      user: CAROL,
      channel: 'CMIXED1',
      channel_type: 'C',
      event_ts: ts(10),
    });
    await eventually(async () => expect(await membership(db(), 'CMIXED1', CAROL)).toBeDefined());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await membership(db(), 'CSLOWNEW', ERIN)).toBeUndefined();
    await eventually(async () => expect(await membership(db(), 'CSLOWNEW', ERIN)).toBeDefined());
  });

  it('keeps no message text in any table after a stream of message events', async () => {
    for (let i = 0; i < 20; i += 1) {
      await app().event({
        type: 'message',
        channel: 'CPROJ01',
        channel_type: 'channel',
        user: i % 2 ? ALICE : BOB,
        text: `<@${DAN}> ultraviolet-walrus plan ${i}`,
        ts: ts(1000 - i),
      });
    }
    await eventually(async () => expect((await interactionRows(db())).reduce((s, r) => s + r.count, 0)).toBe(20));
    const { rows: tables } = await db().raw("select tablename from pg_tables where schemaname = 'public'");
    for (const { tablename } of tables as Array<{ tablename: string }>) {
      const { rows } = await db().raw(`select row_to_json(t)::text as row from "${tablename}" t`);
      for (const { row } of rows as Array<{ row: string }>) expect(row).not.toContain('ultraviolet-walrus');
    }
  });

  it('applies a burst of joins, leaves, messages and reactions sent at once, and one malformed message costs no other event', async () => {
    const people = Array.from({ length: 60 }, (_, i) => `UBURST${String(i).padStart(3, '0')}`);
    const events: Array<Record<string, unknown>> = [];
    people.forEach((u, i) => {
      const join = { type: 'member_joined_channel', user: u, channel: 'CMIXED1', channel_type: 'C', event_ts: ts(100) };
      const leave = { type: 'member_left_channel', user: u, channel: 'CMIXED1', channel_type: 'C', event_ts: ts(99) };
      // every third person leaves a second after joining; for half of them the leave arrives first
      if (i % 3 !== 0) events.push(join);
      else if (i % 2) events.push(leave, join);
      else events.push(join, leave);
      events.push({
        type: 'message',
        channel: 'CPROJ01',
        channel_type: 'channel',
        user: u,
        text: `<@${ALICE}> hi`,
        ts: `${Math.floor(Date.now() / 1000) - 50}.${String(i).padStart(6, '0')}`,
      });
      events.push({
        type: 'reaction_added',
        user: u,
        reaction: 'tada',
        item_user: DAN,
        item: { type: 'message', channel: 'CPROJ01', ts: ts(700) },
      });
    });
    events.splice(70, 0, {
      type: 'message',
      channel: 'CPROJ01',
      channel_type: 'channel',
      user: BOB,
      text: `<@${ALICE}> hi`,
      ts: 'not-a-timestamp',
    });
    await Promise.all(events.map((e) => app().event(e)));
    const stillIn = async () =>
      Number(
        (
          await db()('memberships')
            .where({ team_id: T, channel_id: 'CMIXED1' })
            .whereIn('user_id', people)
            .whereNull('left_at')
            .count({ n: '*' })
            .first()
        )?.n,
      );
    const counts = async (kind: string) =>
      Number(
        (await db()('interactions').where({ team_id: T, kind }).whereIn('actor_id', people).sum({ n: 'count' }).first())
          ?.n,
      );
    const staying = people.filter((_, i) => i % 3 !== 0).length;
    await eventually(async () => {
      expect(await stillIn()).toBe(staying);
      expect(await counts('mention')).toBe(people.length);
      expect(await counts('reaction')).toBe(people.length);
    }, 30_000);
    await app().idle();
    expect(await stillIn()).toBe(staying);
    expect(await db()('interactions').where({ team_id: T, actor_id: BOB })).toEqual([]);
  });
});

import type { Knex } from 'knex';
import { tick } from '../../src/jobs/scheduler';
import { defaultSettings } from '../../src/domain/settings';
import { ACTIONS } from '../../src/views/actionIds';
import { loadIntroFunnel } from '../../src/services/introFunnel';
import { saveSettings } from '../../src/store/settings';
import { useTestDatabase } from '../support/db';
import { addPerson } from '../support/factories';
import { useFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { testServices, runSchedulerUntil, useTestApp } from '../support/testApp';
import { INTRO_ORG, seedIntroOrg } from '../support/introOrg';

const TEAM = 'T0TEST';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const suggestionsTo = (fake: FakeSlack, userId: string) =>
  fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === userId && JSON.stringify(c.args.blocks ?? '').includes(ACTIONS.introAccept));
const introIdFor = async (db: Knex, userId: string) =>
  Number((await db('intro_members').where({ user_id: userId }).first()).intro_id);
const ephemeralTexts = (fake: FakeSlack) =>
  fake.responses.filter((r) => r.body.response_type === 'ephemeral').map((r) => String(r.body.text));

describe('introduction rounds', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  const app = useTestApp(db, fake);

  const runUntil = (until: Date) => runSchedulerUntil(app(), until);

  beforeEach(async () => {
    await seedIntroOrg(db(), fake);
    app().clock.set('2026-11-16T06:00:00Z'); // a Monday
  });

  it("sends each suggestion at the person's local send hour", async () => {
    const sentAt = new Map<string, string>();
    const { clock, services } = app();
    for (let h = 0; h < 12; h += 1) {
      await tick(services);
      for (const p of INTRO_ORG)
        if (!sentAt.has(p.id) && suggestionsTo(fake, p.id).length) sentAt.set(p.id, clock.now().toISOString());
      clock.advance(HOUR);
    }
    // send hour 10:00 local: London 10:00 UTC, Berlin 09:00 UTC, New York 15:00 UTC
    expect(Object.fromEntries(sentAt)).toEqual({
      U0ANA: '2026-11-16T10:00:00.000Z',
      U0BEN: '2026-11-16T15:00:00.000Z',
      U0CAT: '2026-11-16T09:00:00.000Z',
      U0DAN: '2026-11-16T09:00:00.000Z',
    });
    const toBen = JSON.stringify(suggestionsTo(fake, 'U0BEN')[0].args.blocks);
    expect(toBen).toContain('<@U0ANA> from Engineering');
    expect(toBen).toContain('bouldering');
    const toCat = JSON.stringify(suggestionsTo(fake, 'U0CAT')[0].args.blocks);
    expect(toCat).toContain('<@U0DAN> could teach you SQL');
  });

  it('opens exactly one group DM with both when both accept, even with double clicks, then records the follow-up', async () => {
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const introId = await introIdFor(db(), 'U0ANA');
    const accept = { action_id: ACTIONS.introAccept, value: String(introId) };
    await Promise.all([
      app().action('U0ANA', accept),
      app().action('U0ANA', accept),
      app().action('U0BEN', accept),
      app().action('U0BEN', accept),
    ]);
    await fake.waitFor(() => fake.responses.length >= 4 && fake.responses);
    expect(ephemeralTexts(fake).filter((t) => t.includes('already answered'))).toHaveLength(2);
    // someone outside the introduction presses its button: nothing changes
    await app().action('U0CAT', { action_id: ACTIONS.introNotNow, value: String(introId) });
    await fake.waitFor(() =>
      ephemeralTexts(fake).some((t) => t.includes('belongs to an introduction for someone else')),
    );
    expect((await db()('intros').where({ id: introId }).first()).status).toBe('accepted');
    await tick(app().services);
    await tick(app().services);
    const opens = fake.callsTo('conversations.open');
    expect(opens).toHaveLength(1);
    expect(String(opens[0].args.users).split(',').sort()).toEqual(['U0ANA', 'U0BEN']);
    const group = (await db()('intros').where({ id: introId }).first()).group_channel_id;
    expect(fake.dmMembers(group)).toEqual(['U0ANA', 'U0BEN']);
    const intro = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === group);
    expect(intro).toHaveLength(1);
    expect(JSON.stringify(intro[0].args.blocks)).toContain('Two ways to start');

    // "Did you meet?" after followUpAfterDays (7), at the local send hour, in the group DM
    await runUntil(new Date(app().clock.now().getTime() + 7 * DAY));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.text === 'Did you get to meet?')).toHaveLength(0);
    await runUntil(new Date('2026-11-24T10:00:00Z'));
    const followUps = fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === group && c.args.text === 'Did you get to meet?');
    expect(followUps).toHaveLength(1);
    const responsesBefore = fake.responses.length;
    await app().action('U0CAT', { action_id: ACTIONS.introMet, value: String(introId) });
    await app().action('U0BEN', { action_id: ACTIONS.introMet, value: String(introId) });
    // BEN's answer is acked before it is stored: wait for it, so ANA's comes second.
    await fake.waitFor(() => fake.responses.length >= responsesBefore + 2);
    await app().action('U0ANA', { action_id: ACTIONS.introDidNotMeet, value: String(introId) });
    await fake.waitFor(() => fake.responses.length >= responsesBefore + 3);
    const texts = ephemeralTexts(fake).slice(-3);
    expect(texts.some((t) => t.includes('belongs to an introduction for someone else'))).toBe(true);
    expect(texts.some((t) => t.includes('already recorded'))).toBe(true);
    expect((await db()('intros').where({ id: introId }).first()).outcome).toBe('met');
  });

  it('never tells the other person who declined, and retires stale buttons', async () => {
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const introId = await introIdFor(db(), 'U0CAT');
    await app().action('U0DAN', { action_id: ACTIONS.introAccept, value: String(introId) });
    await app().action('U0CAT', { action_id: ACTIONS.introNotNow, value: String(introId) });
    await fake.waitFor(() => fake.responses.length >= 2);
    await tick(app().services);
    const toDan = fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'U0DAN')
      .map((c) => JSON.stringify(c.args));
    const closing = toDan[toDan.length - 1];
    expect(closing).toContain("didn't work out this time");
    expect(closing).not.toContain('U0CAT');
    expect(toDan.slice(1).join(' ')).not.toMatch(/declin|said no|not now/i);
    expect(fake.callsTo('conversations.open')).toHaveLength(0);
    // a late click on the old suggestion changes nothing
    await app().action('U0DAN', { action_id: ACTIONS.introAccept, value: String(introId) });
    await fake.waitFor(() =>
      ephemeralTexts(fake).some((t) => t.includes('no longer open') || t.includes('already answered')),
    );
    expect((await db()('intros').where({ id: introId }).first()).status).toBe('declined');
  });

  it('expires an unanswered suggestion after 5 days and pauses people after 3 silences, with a way back', async () => {
    await db()('members').where({ user_id: 'U0ANA' }).update({ unanswered_suggestions: 2 });
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const introId = await introIdFor(db(), 'U0ANA');
    await app().action('U0BEN', { action_id: ACTIONS.introAccept, value: String(introId) });
    await fake.waitFor(() => fake.responses.length >= 1);
    await runUntil(new Date('2026-11-21T14:00:00Z'));
    expect((await db()('intros').where({ id: introId }).first()).status).toBe('proposed');
    // reminder after 2 days, at the local hour
    expect(
      fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === 'U0ANA' && String(c.args.text).startsWith('A gentle reminder')),
    ).toHaveLength(1);
    await runUntil(new Date('2026-11-21T16:00:00Z'));
    expect((await db()('intros').where({ id: introId }).first()).status).toBe('expired');
    const toBen = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0BEN');
    expect(JSON.stringify(toBen[toBen.length - 1].args)).toContain("didn't work out this time");
    const toAna = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA');
    expect(JSON.stringify(toAna[toAna.length - 1].args)).toContain(ACTIONS.introComeBack);
    expect((await db()('members').where({ user_id: 'U0ANA' }).first()).unanswered_suggestions).toBe(3);
    await app().action('U0ANA', { action_id: ACTIONS.introAccept, value: String(introId) });
    await fake.waitFor(() => ephemeralTexts(fake).some((t) => t.includes('no longer open')));
    await app().action('U0ANA', { action_id: ACTIONS.introComeBack, value: 'come_back' });
    await fake.waitFor(() => fake.responses.some((r) => String(r.body.text).startsWith('Welcome back')));
    expect((await db()('members').where({ user_id: 'U0ANA' }).first()).unanswered_suggestions).toBe(0);
  });

  it('creates one round and sends each suggestion once when two schedulers race', async () => {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await db().raw('truncate intro_rounds, intros, intro_members, jobs restart identity cascade');
      fake.calls = [];
      const clock = app().clock;
      clock.set('2026-11-16T06:00:00Z');
      const a = testServices(db(), fake, clock);
      const b = testServices(db(), fake, clock);
      for (let h = 0; h < 11; h += 1) {
        await Promise.all([tick(a, { worker: 'a' }), tick(b, { worker: 'b' })]);
        clock.advance(HOUR);
      }
      expect(Number((await db()('intro_rounds').count({ n: '*' }).first())?.n)).toBe(1);
      for (const p of INTRO_ORG) expect(suggestionsTo(fake, p.id)).toHaveLength(1);
    }
  });

  it('delays but loses nothing when Slack rate-limits a suggestion mid-round', async () => {
    await runUntil(new Date('2026-11-16T09:00:00Z'));
    fake.failNext('chat.postMessage', { kind: 'rate_limited', retryAfter: 1 });
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    // one attempt was answered 429; the client waited Retry-After and sent it again
    const attempts = INTRO_ORG.flatMap((p) => suggestionsTo(fake, p.id));
    expect(attempts).toHaveLength(INTRO_ORG.length + 1);
    const retried = INTRO_ORG.find((p) => suggestionsTo(fake, p.id).length === 2)!;
    const [first, second] = suggestionsTo(fake, retried.id);
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
    const delivered = await db()('intro_members').whereNotNull('message_ts').count({ n: '*' }).first();
    expect(Number(delivered?.n)).toBe(INTRO_ORG.length);
  });

  it('sends nothing to someone who opted out after the round was planned, and closes the introduction kindly', async () => {
    await runUntil(new Date('2026-11-16T11:00:00Z'));
    expect(suggestionsTo(fake, 'U0ANA')).toHaveLength(1);
    await db()('members').where({ user_id: 'U0BEN' }).update({ opted_out: true });
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0BEN')).toHaveLength(0);
    const toAna = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA');
    expect(String(toAna[toAna.length - 1].args.text)).toContain("didn't work out this time");
    expect(
      (
        await db()('intros')
          .where({ id: await introIdFor(db(), 'U0ANA') })
          .first()
      ).status,
    ).toBe('expired');
  });

  it('tells unmatched people "no match this round" only if they asked to be told', async () => {
    for (const [id, notify] of [
      ['U0EVE', true],
      ['U0FAY', false],
    ] as const) {
      addPerson(fake.workspace, { id, department: 'Legal' });
      await db()('members').insert({
        team_id: TEAM,
        user_id: id,
        department: 'Legal',
        tz_offset: 0,
        notify_no_match: notify,
      });
      await db()('passions').insert({
        team_id: TEAM,
        user_id: id,
        tags: JSON.stringify([{ tag: `origami-${id}`, label: 'origami' }]),
      });
    }
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const texts = (u: string) =>
      fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === u)
        .map((c) => String(c.args.text));
    expect(texts('U0EVE')).toEqual([expect.stringContaining('No match for you this round')]);
    expect(texts('U0FAY')).toEqual([]);
  });

  it('counts the funnel per round and over the quarter, hides it below the privacy threshold, and shows it to the lead', async () => {
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const now = app().clock.now();
    // 4 people in the round, the default threshold is 5: no numbers
    const small = await loadIntroFunnel(db(), TEAM, now, 5);
    expect(small.rounds).toEqual([{ period: '2026-W47+48', createdAt: expect.any(String), hidden: true }]);
    expect(small.quarter).toMatchObject({ rounds: 1, hidden: true });
    const settings = defaultSettings();
    settings.rounds.enabled = true;
    settings.privacyThreshold = 4;
    await saveSettings(db(), TEAM, settings);
    const introId = await introIdFor(db(), 'U0ANA');
    for (const u of ['U0ANA', 'U0BEN'])
      await app().action(u, { action_id: ACTIONS.introAccept, value: String(introId) });
    await app().action('U0CAT', { action_id: ACTIONS.introNotNow, value: String(await introIdFor(db(), 'U0CAT')) });
    await fake.waitFor(() => fake.responses.length >= 3);
    await db()('interactions').insert({
      team_id: TEAM,
      day: '2026-11-20',
      channel_id: 'C1',
      actor_id: 'U0BEN',
      target_id: 'U0ANA',
      kind: 'reply',
      count: 1,
    });
    // hand count: 2 introductions, 4 people; ANA+BEN accepted and talked (1 of 1 pair); CAT said not now
    const expected = {
      hidden: false,
      people: 4,
      proposed: 2,
      acceptedByAll: 1,
      met: 0,
      declined: 1,
      expired: 0,
      withdrawn: 0,
      newTieRate: 1,
    };
    const funnel = await loadIntroFunnel(db(), TEAM, now, 4);
    expect(funnel.rounds[0]).toMatchObject(expected);
    expect(funnel.quarter).toMatchObject({ ...expected, rounds: 1 });
    // the lead's Home shows the same numbers
    await db()('members').insert({ team_id: TEAM, user_id: 'U0LEAD', department: 'People', is_admin: true });
    addPerson(fake.workspace, { id: 'U0LEAD', department: 'People' });
    await app().action('U0LEAD', { action_id: ACTIONS.homeToggleLead, value: 'lead' });
    const publish = await fake.waitFor(() => fake.callsTo('views.publish').find((c) => c.args.user_id === 'U0LEAD'));
    const home = JSON.stringify(publish.args.view);
    expect(home).toContain('*Introductions*');
    expect(home).toMatch(/2026-W47\+48 +4 +2 +1 +0 +1 +0 /);
  });
});

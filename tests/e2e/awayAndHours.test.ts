import { tick } from '../../src/jobs/scheduler';
import { defaultSettings } from '../../src/domain/settings';
import { saveSettings } from '../../src/store/settings';
import { ACTIONS } from '../../src/views/actionIds';
import { useTestDatabase } from '../support/db';
import { useFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { runSchedulerUntil, useTestApp } from '../support/testApp';
import { INTRO_ORG, seedIntroOrg } from '../support/introOrg';

const TEAM = 'T0TEST';
const HOUR = 3_600_000;

const suggestionsTo = (fake: FakeSlack, userId: string) =>
  fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === userId && JSON.stringify(c.args.blocks ?? '').includes(ACTIONS.introAccept));

describe('rounds: away means away, and a time that suits both', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  const app = useTestApp(db, fake);

  const runUntil = (until: Date, step?: number) => runSchedulerUntil(app(), until, step);

  /** A user_change event as Slack sends it when someone sets their status. */
  async function setStatus(userId: string, text: string, emoji: string, expiresAt: Date | null) {
    const u = fake.user(userId)!;
    // Slack keeps it on the profile (users.list reads it back) and sends user_change
    Object.assign(u.profile, {
      status_text: text,
      status_emoji: emoji,
      status_expiration: expiresAt ? expiresAt.getTime() / 1000 : 0,
    });
    await app().event({ type: 'user_change', user: u });
    await app().idle();
  }

  const introOf = async (userId: string) =>
    db()('intros as i')
      .join('intro_members as m', 'm.intro_id', 'i.id')
      .where('m.user_id', userId)
      .first('i.id', 'i.status', 'i.group_channel_id');

  it('proposes nobody whose Slack status says they are away', async () => {
    await seedIntroOrg(db(), fake);
    app().clock.set('2026-11-16T06:00:00Z'); // a Monday
    await setStatus('U0ANA', 'Vacationing', ':palm_tree:', null);
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    expect(suggestionsTo(fake, 'U0ANA')).toHaveLength(0);
    expect(await introOf('U0ANA')).toBeUndefined();
    // the others still get theirs
    expect(suggestionsTo(fake, 'U0CAT')).toHaveLength(1);
    expect(suggestionsTo(fake, 'U0DAN')).toHaveLength(1);
  });

  it('holds an open suggestion while someone is away, instead of letting it expire', async () => {
    await seedIntroOrg(db(), fake);
    app().clock.set('2026-11-16T06:00:00Z');
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const intro = await introOf('U0ANA');
    await app().action('U0BEN', { action_id: ACTIONS.introAccept, value: String(intro.id) });
    await fake.waitFor(() => fake.responses.length >= 1);
    // ANA leaves on holiday until Monday 30 November, before answering
    await setStatus('U0ANA', 'OOO', ':airplane:', new Date('2026-11-30T08:00:00Z'));
    await runUntil(new Date('2026-11-27T12:00:00Z'), 6 * HOUR);
    expect((await introOf('U0ANA')).status).toBe('proposed');
    const closedFor = (u: string) =>
      fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === u && String(c.args.text).includes("didn't work out"));
    expect(closedFor('U0BEN')).toHaveLength(0);
    // back on the 30th: the usual expireAfterDays (5) from then
    await runUntil(new Date('2026-12-04T12:00:00Z'), 6 * HOUR);
    expect((await introOf('U0ANA')).status).toBe('proposed');
    await runUntil(new Date('2026-12-05T12:00:00Z'));
    expect((await introOf('U0ANA')).status).toBe('expired');
    expect(closedFor('U0BEN')).toHaveLength(1);
  });

  it('holds a rhythm nudge while its person is away, and sends it once when they are back', async () => {
    await seedIntroOrg(db(), fake);
    const settings = defaultSettings();
    settings.nudges = { ...settings.nudges, enabled: true };
    await saveSettings(db(), TEAM, settings);
    // #cop-bouldering, ANA's channel, has been quiet since October
    await db()('channels').insert({
      team_id: TEAM,
      channel_id: 'CCOP0001',
      name: 'cop-bouldering',
      kind: 'purpose',
      creator: 'U0ANA',
      created: '2026-10-01T00:00:00Z',
    });
    app().clock.set('2026-11-16T06:00:00Z'); // a Monday
    await setStatus('U0ANA', 'Vacationing', ':palm_tree:', new Date('2026-11-18T12:00:00Z'));
    const nudges = () =>
      fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === 'U0ANA' && String(c.args.text).includes('has been quiet'));
    await runUntil(new Date('2026-11-18T06:00:00Z'), 2 * HOUR);
    expect(nudges()).toHaveLength(0);
    await runUntil(new Date('2026-11-20T18:00:00Z'), 2 * HOUR);
    expect(nudges()).toHaveLength(1);
    expect(String(nudges()[0].args.text)).toContain('<#CCOP0001> has been quiet for about 3 weeks');
  });

  it('says in the group DM when both are in working hours', async () => {
    await seedIntroOrg(db(), fake);
    app().clock.set('2026-11-16T06:00:00Z');
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const intro = await introOf('U0ANA');
    for (const u of ['U0ANA', 'U0BEN'])
      await app().action(u, { action_id: ACTIONS.introAccept, value: String(intro.id) });
    await fake.waitFor(() => fake.responses.length >= 2);
    await tick(app().services);
    const group = (await introOf('U0ANA')).group_channel_id;
    const message = fake.callsTo('chat.postMessage').find((c) => c.args.channel === group)!;
    // ANA in London, BEN in New York (Slack tz offsets 0 and −5 h)
    expect(JSON.stringify(message.args.blocks)).toContain(
      "You overlap 14:00–17:00 UTC on weekdays: that's 14–17 for <@U0ANA>, 9–12 for <@U0BEN>.",
    );
  });

  it('says honestly in the group DM when they share no working hours', async () => {
    await seedIntroOrg(db(), fake, [
      ...INTRO_ORG.filter((p) => p.id !== 'U0BEN'),
      // Singapore's 9–17 ends as London's begins: not a minute in common
      { id: 'U0KEN', department: 'Finance', tzOffset: 8 * 3600, tz: 'Asia/Singapore', tags: ['bouldering'] },
    ]);
    const settings = defaultSettings();
    settings.rounds.enabled = true;
    settings.rounds.minOverlapHours = 0; // the lead allows introductions across any time zones
    await saveSettings(db(), TEAM, settings);
    app().clock.set('2026-11-16T00:00:00Z');
    await runUntil(new Date('2026-11-16T16:00:00Z'));
    const intro = await introOf('U0ANA');
    for (const u of ['U0ANA', 'U0KEN'])
      await app().action(u, { action_id: ACTIONS.introAccept, value: String(intro.id) });
    await fake.waitFor(() => fake.responses.length >= 2);
    await tick(app().services);
    const group = (await introOf('U0ANA')).group_channel_id;
    const text = JSON.stringify(fake.callsTo('chat.postMessage').find((c) => c.args.channel === group)!.args.blocks);
    expect(text).toContain("Your working hours don't overlap");
    expect(text).toContain('asynchronous start');
    expect(text).not.toContain('You overlap');
  });
});

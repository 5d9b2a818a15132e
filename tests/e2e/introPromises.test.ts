/**
 * The promises an introduction makes to the people in it (issue #14): a trio member is told only
 * what they share with the person named, in their own words; nobody is introduced to nobody; one
 * open suggestion per person.
 */
import type { Knex } from 'knex';
import { tick } from '../../src/jobs/scheduler';
import { defaultSettings } from '../../src/domain/settings';
import { saveSettings } from '../../src/store/settings';
import { ACTIONS } from '../../src/views/actionIds';
import { useTestDatabase } from '../support/db';
import { addPerson } from '../support/factories';
import { useFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { runSchedulerUntil, useTestApp } from '../support/testApp';
import { seedIntroOrg } from '../support/introOrg';

const TEAM = 'T0TEST';
const HOUR = 3_600_000;

/** First suggestions only (reminders repeat them). */
const suggestionsTo = (fake: FakeSlack, userId: string) =>
  fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === userId && JSON.stringify(c.args.blocks ?? '').includes(ACTIONS.introAccept))
    .filter((c) => !String(c.args.text).startsWith('A gentle reminder'));
/** Polls the database until `probe` holds (the fake's waitFor takes synchronous probes only). */
async function until(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
const membersOf = async (db: Knex, introId: number) =>
  Number((await db('intro_members').where({ intro_id: introId }).count({ n: '*' }).first())?.n);
const introIdFor = async (db: Knex, userId: string) =>
  Number((await db('intro_members').where({ user_id: userId }).first()).intro_id);
const ephemeralTexts = (fake: FakeSlack) =>
  fake.responses.filter((r) => r.body.response_type === 'ephemeral').map((r) => String(r.body.text));
/** Everything a person can read in a recorded message: the text of every block, as Slack shows it. */
const readable = (blocks: unknown): string =>
  JSON.stringify(blocks)
    .match(/"text":"(?:[^"\\]|\\.)*"/g)!
    .map((t) => JSON.parse(`{${t}}`).text as string)
    .join('\n');

/**
 * The promise, checked on everything a message says: every passion it names (any tag's display form
 * or anyone's own words for it) was entered by every reader, and every person it mentions is in
 * the introduction.
 */
async function expectPromiseKept(text: string, readers: string[], members: string[]): Promise<void> {
  const rows = await currentDb()('passions').where({ team_id: TEAM });
  const entered = new Map<string, Set<string>>();
  const phrases = new Map<string, Set<string>>();
  for (const r of rows) {
    const mine = new Set<string>();
    for (const e of [...r.tags, ...r.teach, ...r.learn] as Array<{ tag: string; label: string }>) {
      mine.add(e.tag);
      const words = phrases.get(e.tag) ?? new Set();
      for (const w of [e.label, e.tag.replace(/[-_]+/g, ' ')]) words.add(w.toLowerCase());
      phrases.set(e.tag, words);
    }
    entered.set(r.user_id, mine);
  }
  const lower = text.toLowerCase();
  for (const [tag, words] of phrases) {
    if (![...words].some((w) => new RegExp(`\\b${w}\\b`).test(lower))) continue;
    for (const reader of readers)
      expect({ reader, named: tag, entered: entered.get(reader)?.has(tag) }).toEqual({
        reader,
        named: tag,
        entered: true,
      });
  }
  for (const [, id] of text.matchAll(/<@([A-Z0-9]+)>/g)) expect(members).toContain(id);
}

/** Passions stored as the modal stores them: normalised tag plus the person's own words. */
async function passions(
  db: Knex,
  userId: string,
  tags: Array<[string, string]>,
  extra: { teach?: Array<[string, string]>; learn?: Array<[string, string]> } = {},
) {
  const json = (list: Array<[string, string]> = []) => JSON.stringify(list.map(([tag, label]) => ({ tag, label })));
  await db('passions')
    .insert({ team_id: TEAM, user_id: userId, tags: json(tags), teach: json(extra.teach), learn: json(extra.learn) })
    .onConflict(['team_id', 'user_id'])
    .merge();
}

let currentDb: () => Knex;

describe('what an introduction promises', () => {
  const db = useTestDatabase();
  currentDb = db;
  const fake = useFakeSlack();
  const app = useTestApp(db, fake);

  const runUntil = (until: Date, step?: number) => runSchedulerUntil(app(), until, step);

  describe('a trio', () => {
    // Each pair shares one passion, nothing is shared by all three: the matching makes a pair and
    // the odd one out joins it as a trio.
    beforeEach(async () => {
      await seedIntroOrg(db(), fake, [
        { id: 'U0ANA', department: 'Engineering', tzOffset: 0, tags: [] },
        { id: 'U0BEN', department: 'Finance', tzOffset: 0, tags: [] },
        { id: 'U0CAT', department: 'Sales', tzOffset: 0, tags: [] },
      ]);
      await passions(db(), 'U0ANA', [
        ['board-game', 'board games'],
        ['jazz-piano', 'jazz piano'],
      ]);
      await passions(
        db(),
        'U0BEN',
        [
          ['board-game', 'Board Game'],
          ['birdwatching', 'birdwatching'],
        ],
        { learn: [['sql', 'SQL']] },
      );
      await passions(
        db(),
        'U0CAT',
        [
          ['jazz-piano', 'Jazz Piano'],
          ['birdwatching', 'birding'],
        ],
        { teach: [['sql', 'sql']] },
      );
      app().clock.set('2026-11-16T06:00:00Z');
    });

    it('tells each member only the passions they share with the person named, in one form for all', async () => {
      await runUntil(new Date('2026-11-16T12:00:00Z'));
      expect(await membersOf(db(), await introIdFor(db(), 'U0ANA'))).toBe(3);
      const ana = readable(suggestionsTo(fake, 'U0ANA')[0].args.blocks);
      const ben = readable(suggestionsTo(fake, 'U0BEN')[0].args.blocks);
      const cat = readable(suggestionsTo(fake, 'U0CAT')[0].args.blocks);
      // ANA entered board games and jazz piano: she shares the first with BEN, the second with CAT.
      // Each tag reads one way for everyone: "board games" (ANA's spelling ties with BEN's "Board Game";
      // the plural wins, in lower case), "birdwatching" for BEN and for CAT (who typed the synonym
      // "birding"), "SQL".
      expect(ana).toContain('you and <@U0BEN> both love board games');
      expect(ana).toContain('you and <@U0CAT> both love jazz piano');
      expect(ben).toContain('you and <@U0ANA> both love board games');
      expect(ben).toContain('you and <@U0CAT> both love birdwatching');
      expect(ben).toContain('<@U0CAT> could teach you SQL');
      expect(cat).toContain('you and <@U0ANA> both love jazz piano');
      expect(cat).toContain('you and <@U0BEN> both love birdwatching');
      expect(cat).toContain('<@U0BEN> would like to learn SQL, which you teach');
      expect(`${ana}${ben}${cat}`).not.toMatch(/Board Game|Jazz Piano|birding\b|\bsql\b|you both|you all/);
      for (const [reader, text] of [
        ['U0ANA', ana],
        ['U0BEN', ben],
        ['U0CAT', cat],
      ])
        await expectPromiseKept(text, [reader], ['U0ANA', 'U0BEN', 'U0CAT']);
      expect(ana).toContain('If all three of you say yes');
    });

    it('names in the group DM only what all three share, and speaks to all three', async () => {
      await runUntil(new Date('2026-11-16T12:00:00Z'));
      const introId = await introIdFor(db(), 'U0ANA');
      for (const u of ['U0ANA', 'U0BEN', 'U0CAT'])
        await app().action(u, { action_id: ACTIONS.introAccept, value: String(introId) });
      await fake.waitFor(() => fake.responses.length >= 3);
      await tick(app().services);
      const group = (await db()('intros').where({ id: introId }).first()).group_channel_id;
      const [message] = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === group);
      const text = readable(message.args.blocks);
      // nothing is shared by all three: no passion is named in front of someone who never entered it
      await expectPromiseKept(text, ['U0ANA', 'U0BEN', 'U0CAT'], ['U0ANA', 'U0BEN', 'U0CAT']);
      expect(text).not.toMatch(/both love|could teach/);
      expect(text).toContain('you all said yes');
      // the conversation starters speak to the whole group, never to two of the three by name
      const starters = text.slice(text.indexOf('Two ways to start'));
      expect(starters).not.toMatch(/<@/);
    });
  });

  describe('a pair', () => {
    beforeEach(async () => {
      await seedIntroOrg(db(), fake, [
        { id: 'U0ANA', department: 'Engineering', tzOffset: 0, tags: [] },
        { id: 'U0BEN', department: 'Finance', tzOffset: 0, tags: [] },
      ]);
      await passions(
        db(),
        'U0ANA',
        [
          ['board-game', 'Board Games'],
          ['chess', 'chess'],
        ],
        { teach: [['aws', 'aws']] },
      );
      await passions(
        db(),
        'U0BEN',
        [
          ['board-game', 'board games'],
          ['knitting', 'knitting'],
        ],
        {
          learn: [['aws', 'AWS']],
        },
      );
      app().clock.set('2026-11-16T06:00:00Z');
    });

    it('says "you both" from suggestion to group DM, names only what both entered, and addresses both', async () => {
      await runUntil(new Date('2026-11-16T12:00:00Z'));
      const introId = await introIdFor(db(), 'U0ANA');
      const ana = readable(suggestionsTo(fake, 'U0ANA')[0].args.blocks);
      const ben = readable(suggestionsTo(fake, 'U0BEN')[0].args.blocks);
      expect(ana).toContain('you both love board games');
      expect(ben).toContain('you both love board games');
      expect(ana).toContain('<@U0BEN> would like to learn AWS, which you teach');
      expect(ben).toContain('<@U0ANA> could teach you AWS');
      for (const text of [ana, ben]) expect(text).toContain('If you both say yes');
      await expectPromiseKept(ana, ['U0ANA'], ['U0ANA', 'U0BEN']);
      await expectPromiseKept(ben, ['U0BEN'], ['U0ANA', 'U0BEN']);

      for (const u of ['U0ANA', 'U0BEN'])
        await app().action(u, { action_id: ACTIONS.introAccept, value: String(introId) });
      await fake.waitFor(() => fake.responses.length >= 2);
      await tick(app().services);
      const group = (await db()('intros').where({ id: introId }).first()).group_channel_id;
      const [message] = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === group);
      const text = readable(message.args.blocks);
      expect(text).toContain('you both said yes');
      expect(text).toContain('You both love board games');
      expect(text).toContain('<@U0ANA> could teach <@U0BEN> AWS');
      expect(text).not.toMatch(/you all|chess|knitting/);
      await expectPromiseKept(text, ['U0ANA', 'U0BEN'], ['U0ANA', 'U0BEN']);
    });
  });

  describe('a person deleted during an open introduction', () => {
    beforeEach(async () => {
      await seedIntroOrg(db(), fake);
      app().clock.set('2026-11-16T06:00:00Z');
    });

    it('"/weaver forget" ends it for the other person, kindly, and opens no DM when they accept', async () => {
      await runUntil(new Date('2026-11-16T16:00:00Z'));
      const introId = await introIdFor(db(), 'U0BEN');
      await app().action('U0ANA', { action_id: ACTIONS.forgetConfirm });
      await fake.waitFor(() =>
        fake
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === 'U0ANA' && /deleted everything/.test(String(c.args.text))),
      );
      await app().action('U0BEN', { action_id: ACTIONS.introAccept, value: String(introId) });
      await fake.waitFor(() => ephemeralTexts(fake).some((t) => t.includes('no longer open')));
      await runUntil(new Date('2026-11-26T16:00:00Z'), 4 * HOUR);
      expect((await db()('intros').where({ id: introId }).first()).status).toBe('withdrawn');
      expect(fake.callsTo('conversations.open')).toHaveLength(0);
      const toBen = fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === 'U0BEN')
        .map((c) => readable(c.args.blocks));
      expect(toBen.filter((t) => t.includes("didn't work out this time"))).toHaveLength(1);
      // after the suggestion itself, nothing names ANA or says why
      expect(toBen.slice(1).join(' ')).not.toMatch(/U0ANA|deleted|forgot|deactivat/i);
      expect(
        fake.callsTo('chat.postMessage').filter((c) => /did you get to meet/i.test(String(c.args.text))),
      ).toHaveLength(0);
    });

    it('deactivation after the other accepted: no group DM with one person, no "did you meet?"', async () => {
      await runUntil(new Date('2026-11-16T16:00:00Z'));
      const introId = await introIdFor(db(), 'U0ANA');
      await app().action('U0ANA', { action_id: ACTIONS.introAccept, value: String(introId) });
      await fake.waitFor(() => fake.responses.length >= 1);
      await app().event({ type: 'user_change', user: { id: 'U0BEN', team_id: TEAM, deleted: true } });
      await until(async () => (await membersOf(db(), introId)) === 1);
      await runUntil(new Date('2026-11-26T16:00:00Z'), 4 * HOUR);
      expect((await db()('intros').where({ id: introId }).first()).status).toBe('withdrawn');
      expect(fake.callsTo('conversations.open')).toHaveLength(0);
      const toAna = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ANA');
      expect(readable(toAna[toAna.length - 1].args.blocks)).toContain("didn't work out this time");
      expect(
        fake.callsTo('chat.postMessage').filter((c) => /did you get to meet/i.test(String(c.args.text))),
      ).toHaveLength(0);
    });

    it('after the group DM opened, a deleted member leaves one person: no "did you meet?" to them alone', async () => {
      await runUntil(new Date('2026-11-16T16:00:00Z'));
      const introId = await introIdFor(db(), 'U0ANA');
      for (const u of ['U0ANA', 'U0BEN'])
        await app().action(u, { action_id: ACTIONS.introAccept, value: String(introId) });
      await fake.waitFor(() => fake.responses.length >= 2);
      await tick(app().services);
      expect(fake.callsTo('conversations.open')).toHaveLength(1);
      await app().action('U0BEN', { action_id: ACTIONS.forgetConfirm });
      await until(async () => (await membersOf(db(), introId)) === 1);
      await runUntil(new Date('2026-11-26T16:00:00Z'), 4 * HOUR);
      expect(
        fake.callsTo('chat.postMessage').filter((c) => /did you get to meet/i.test(String(c.args.text))),
      ).toHaveLength(0);
      expect(fake.callsTo('conversations.open')).toHaveLength(1);
    });
  });

  it('never holds two open suggestions for one person, even when rounds come faster than expiry', async () => {
    await seedIntroOrg(db(), fake);
    const settings = defaultSettings();
    settings.rounds.enabled = true;
    settings.rounds.cadence = 'weekly';
    settings.rounds.expireAfterDays = 12;
    await saveSettings(db(), TEAM, settings);
    app().clock.set('2026-11-16T06:00:00Z');
    await runUntil(new Date('2026-11-17T16:00:00Z'));
    // nobody answers; a newcomer who shares ANA's and BEN's bouldering arrives before the next round
    addPerson(fake.workspace, { id: 'U0EVE', department: 'Sales', tzOffset: 0 });
    await db()('members').insert({ team_id: TEAM, user_id: 'U0EVE', department: 'Sales', tz_offset: 0 });
    await passions(db(), 'U0EVE', [['bouldering', 'bouldering']]);
    await runUntil(new Date('2026-11-24T16:00:00Z'));
    expect(Number((await db()('intro_rounds').count({ n: '*' }).first())?.n)).toBeGreaterThanOrEqual(2);
    const { rows } = await db().raw(
      `select im.user_id, count(*)::int as n from intro_members im join intros i on i.id = im.intro_id
        where i.status = 'proposed' group by im.user_id having count(*) > 1`,
    );
    expect(rows).toEqual([]);
    for (const u of ['U0ANA', 'U0BEN', 'U0CAT', 'U0DAN']) expect(suggestionsTo(fake, u)).toHaveLength(1);
    expect(suggestionsTo(fake, 'U0EVE')).toHaveLength(0);
  });

  describe('settings a person controls', () => {
    beforeEach(async () => {
      await seedIntroOrg(db(), fake);
      app().clock.set('2026-11-16T06:00:00Z');
    });

    it('"Never suggest again" on a suggestion blocks that person and closes it without telling them why', async () => {
      await runUntil(new Date('2026-11-16T16:00:00Z'));
      const introId = await introIdFor(db(), 'U0ANA');
      const toAna = readable(suggestionsTo(fake, 'U0ANA')[0].args.blocks);
      expect(toAna).toContain('Rather not be introduced to <@U0BEN>?');
      await app().action('U0ANA', { action_id: ACTIONS.introBlock, value: `${introId}:U0BEN` });
      await fake.waitFor(() => fake.responses.find((r) => String(r.body.text).includes("won't suggest <@U0BEN>")));
      expect(await db()('intro_blocks').where({ team_id: TEAM }).select('user_id', 'blocked_user_id')).toEqual([
        { user_id: 'U0ANA', blocked_user_id: 'U0BEN' },
      ]);
      expect((await db()('intros').where({ id: introId }).first()).status).toBe('declined');
      await tick(app().services);
      const toBen = fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === 'U0BEN')
        .map((c) => readable(c.args.blocks));
      expect(toBen[toBen.length - 1]).toContain("didn't work out this time");
      expect(toBen.slice(1).join(' ')).not.toMatch(/U0ANA|block|never/i);
      // someone outside the introduction cannot block through it
      await app().action('U0CAT', { action_id: ACTIONS.introBlock, value: `${introId}:U0BEN` });
      await fake.waitFor(() =>
        ephemeralTexts(fake).some((t) => t.includes('belongs to an introduction for someone else')),
      );
      expect(await db()('intro_blocks').where({ user_id: 'U0CAT' })).toEqual([]);
    });

    it('blocks someone from the Home tab, closing an open suggestion with them, and "Allow again" lifts it', async () => {
      await runUntil(new Date('2026-11-16T16:00:00Z'));
      const introId = await introIdFor(db(), 'U0ANA');
      const other = (await db()('intro_members').where({ intro_id: introId }).whereNot({ user_id: 'U0ANA' }).first())
        .user_id as string;
      await app().action('U0ANA', { action_id: ACTIONS.homeBlockPerson, type: 'users_select', selected_user: other });
      const published = await fake.waitFor(() => fake.callsTo('views.publish').find((c) => c.args.user_id === 'U0ANA'));
      const page = readable(published.args.view.blocks);
      expect(page).toContain("People Weaver won't suggest to you");
      expect(page).toContain(`<@${other}>`);
      expect(await db()('intro_blocks').where({ team_id: TEAM, user_id: 'U0ANA' }).pluck('blocked_user_id')).toEqual([
        other,
      ]);
      expect((await db()('intros').where({ id: introId }).first()).status).toBe('declined');
      // not oneself
      await app().action('U0ANA', { action_id: ACTIONS.homeBlockPerson, type: 'users_select', selected_user: 'U0ANA' });
      await fake.waitFor(() => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0ANA')[1]);
      expect(await db()('intro_blocks').where({ user_id: 'U0ANA' }).pluck('blocked_user_id')).toEqual([other]);

      await app().action('U0ANA', { action_id: ACTIONS.homeUnblock, value: other });
      const after = await fake.waitFor(
        () => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0ANA')[2],
      );
      expect(readable(after.args.view.blocks)).not.toContain('Allow again');
      expect(readable(after.args.view.blocks)).toContain("Someone you'd rather not be introduced to?");
      expect(await db()('intro_blocks').where({ user_id: 'U0ANA' })).toEqual([]);
    });

    it('"Tell me" on the Home tab turns on "no match this round" messages, "Stay quiet" turns them off', async () => {
      await app().action('U0ANA', { action_id: ACTIONS.homeNotifyNoMatch, value: 'on' });
      const published = await fake.waitFor(() => fake.callsTo('views.publish').find((c) => c.args.user_id === 'U0ANA'));
      expect(readable(published.args.view.blocks)).toContain('Weaver tells you when a round finds nobody for you');
      expect((await db()('members').where({ user_id: 'U0ANA' }).first()).notify_no_match).toBe(true);
      await app().action('U0ANA', { action_id: ACTIONS.homeNotifyNoMatch, value: 'off' });
      await fake.waitFor(() => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0ANA')[1]);
      expect((await db()('members').where({ user_id: 'U0ANA' }).first()).notify_no_match).toBe(false);
    });
  });
});

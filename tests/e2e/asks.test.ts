import { tick } from '../../src/jobs/scheduler';
import { defaultSettings } from '../../src/domain/settings';
import { loadIntroFunnel } from '../../src/services/introFunnel';
import { saveSettings } from '../../src/store/settings';
import { recordWorkspace } from '../../src/store/workspaces';
import { ACTIONS, CALLBACKS } from '../../src/views/actionIds';
import { ASK_FIELDS } from '../../src/views/askMessages';
import { PASSION_FIELDS } from '../../src/views/passionsModal';
import { useTestDatabase } from '../support/db';
import { addPerson } from '../support/factories';
import { useFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { runSchedulerUntil, useTestApp } from '../support/testApp';

const TEAM = 'T0TEST';
const HOUR = 3_600_000;

interface Person {
  id: string;
  department: string;
  tz: string;
  tzOffset: number;
  tags?: string[];
  teach?: string[];
}

// ASK (Engineering, London) asks about Kafka. Who could help, best first:
// TEA teaches Kafka (Finance, New York), FAN loves Kafka (Sales, London), ENG teaches "kafka streams"
// but is in the asker's Engineering, STR loves "kafka connect" (Legal, Tokyo). NOP knows nothing of it.
const ORG: Person[] = [
  { id: 'U0ASK', department: 'Engineering', tz: 'Europe/London', tzOffset: 0, tags: ['chess'] },
  { id: 'U0TEA', department: 'Finance', tz: 'America/New_York', tzOffset: -5 * 3600, teach: ['kafka'] },
  { id: 'U0FAN', department: 'Sales', tz: 'Europe/London', tzOffset: 0, tags: ['kafka'] },
  { id: 'U0ENG', department: 'Engineering', tz: 'Europe/London', tzOffset: 0, teach: ['kafka streams'] },
  { id: 'U0STR', department: 'Legal', tz: 'Asia/Tokyo', tzOffset: 9 * 3600, tags: ['kafka connect'] },
  { id: 'U0NOP', department: 'Legal', tz: 'Europe/London', tzOffset: 0, tags: ['sailing'] },
];

const requestsTo = (fake: FakeSlack, userId: string) =>
  fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === userId && JSON.stringify(c.args.blocks ?? '').includes(ACTIONS.askAccept));
const textsTo = (fake: FakeSlack, channel: string) =>
  fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channel)
    .map((c) => JSON.stringify({ text: c.args.text, blocks: c.args.blocks }));

describe('asking for an introduction', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  const app = useTestApp(db, fake);

  beforeEach(async () => {
    await recordWorkspace(db(), { teamId: TEAM });
    await saveSettings(db(), TEAM, defaultSettings());
    for (const p of ORG) {
      addPerson(fake.workspace, { id: p.id, department: p.department, tz: p.tz, tzOffset: p.tzOffset });
      await db()('members').insert({
        team_id: TEAM,
        user_id: p.id,
        department: p.department,
        tz: p.tz,
        tz_offset: p.tzOffset,
      });
      const tags = (list: string[] = []) => JSON.stringify(list.map((t) => ({ tag: t, label: t })));
      await db()('passions').insert({ team_id: TEAM, user_id: p.id, tags: tags(p.tags), teach: tags(p.teach) });
    }
    // a Monday, 14:30 in London and 09:30 in New York: the Kafka teacher is at work
    app().clock.set('2026-11-16T14:30:00Z');
  });

  async function ask(topic: string, why = '', outside = false, asker = 'U0ASK') {
    return app().submit(asker, {
      callback_id: CALLBACKS.askModal,
      values: {
        [ASK_FIELDS.topic.blockId]: { [ASK_FIELDS.topic.actionId]: { type: 'plain_text_input', value: topic } },
        [ASK_FIELDS.why.blockId]: { [ASK_FIELDS.why.actionId]: { type: 'plain_text_input', value: why } },
        [ASK_FIELDS.outside.blockId]: {
          [ASK_FIELDS.outside.actionId]: {
            type: 'checkboxes',
            selected_options: outside ? [{ value: 'outside' }] : [],
          },
        },
      },
    });
  }
  const askId = async () => Number((await db()('asks').first('id')).id);
  const answer = async (userId: string, actionId: string) => {
    const before = fake.responses.length;
    await app().action(userId, { action_id: actionId, value: String(await askId()) });
    await fake.waitFor(() => fake.responses.length > before);
    await app().idle();
  };

  it('opens the modal from `/weaver ask <topic>`, asks the best helper privately, and opens a group DM with the question first when they accept', async () => {
    const res = await app().command('U0ASK', 'ask Kafka');
    expect(res.status).toBe(200);
    const modal = await fake.waitFor(() => fake.callsTo('views.open')[0]);
    expect(JSON.stringify(modal.args.view)).toContain('"initial_value":"Kafka"');

    const submitted = await ask('Kafka', "I'm starting with Kafka on the payments team");
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe(''); // the modal closes: acked before the search
    const request = await fake.waitFor(() => requestsTo(fake, 'U0TEA')[0]);
    const toHelper = JSON.stringify(request.args.blocks);
    expect(toHelper).toContain('<@U0ASK> from Engineering');
    expect(toHelper).toContain('Kafka');
    expect(toHelper).toContain("I'm starting with Kafka on the payments team");
    expect(toHelper).toContain('nobody is told');
    expect(textsTo(fake, 'U0ASK').join(' ')).toContain('looking for someone');
    // one person at a time
    for (const other of ['U0FAN', 'U0ENG', 'U0STR', 'U0NOP']) expect(requestsTo(fake, other)).toHaveLength(0);

    await answer('U0TEA', ACTIONS.askAccept);
    const opens = fake.callsTo('conversations.open');
    expect(opens).toHaveLength(1);
    expect(String(opens[0].args.users).split(',').sort()).toEqual(['U0ASK', 'U0TEA']);
    const group = String((await db()('asks').first('group_channel_id')).group_channel_id);
    const inGroup = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === group);
    expect(inGroup).toHaveLength(1);
    const first = (inGroup[0].args.blocks as Array<{ text?: { text: string } }>)[0].text?.text ?? '';
    expect(first).toContain('<@U0ASK> asks:');
    expect(first).toContain('Kafka');
    expect(first).toContain("I'm starting with Kafka on the payments team");
    // London 9–17 and New York 9–17 share 14:00–17:00 UTC in November
    expect(JSON.stringify(inGroup[0].args.blocks)).toContain(
      "You overlap 14:00–17:00 UTC on weekdays: that's 14–17 for <@U0ASK>, 9–12 for <@U0TEA>.",
    );
    const toAsker = textsTo(fake, 'U0ASK');
    expect(toAsker[toAsker.length - 1]).toContain('We found someone');
    expect(toAsker.join(' ')).not.toContain('U0TEA');
    // the asker's own words are not kept once the introduction is made
    expect((await db()('asks').first('why', 'status')).why).toBeNull();
  });

  it('asks a helper in their own working hours: an ask made at 05:00 in New York reaches them at 09:00 there', async () => {
    app().clock.set('2026-11-16T10:00:00Z'); // Monday, 10:00 in London, 05:00 in New York
    await ask('Kafka');
    await app().idle();
    expect(requestsTo(fake, 'U0TEA')).toHaveLength(0);
    // nobody else is asked meanwhile: the teacher is still the one waiting to be asked
    for (const other of ['U0FAN', 'U0ENG', 'U0STR', 'U0NOP']) expect(requestsTo(fake, other)).toHaveLength(0);
    await runSchedulerUntil(app(), new Date('2026-11-16T13:45:00Z'), 15 * 60_000);
    expect(requestsTo(fake, 'U0TEA')).toHaveLength(0);
    await runSchedulerUntil(app(), new Date('2026-11-16T14:00:00Z'), 15 * 60_000);
    await app().idle();
    expect(requestsTo(fake, 'U0TEA')).toHaveLength(1);
    // and their time to answer counts from then
    const timeout = await db()('jobs').where({ kind: 'ask.timeout' }).first('due_at');
    const hours = defaultSettings().asks.answerWithinHours;
    expect(new Date(timeout.due_at).toISOString()).toBe(
      new Date(Date.parse('2026-11-16T14:00:00Z') + hours * HOUR).toISOString(),
    );
  });

  it('moves on after a decline without the asker ever hearing of it', async () => {
    await ask('kafka', 'Setting up our first topic');
    await fake.waitFor(() => requestsTo(fake, 'U0TEA')[0]);
    await answer('U0TEA', ACTIONS.askDecline);
    expect(String(fake.responses[fake.responses.length - 1].body.text)).toContain('nobody will be told');
    await fake.waitFor(() => requestsTo(fake, 'U0FAN')[0]);
    await answer('U0FAN', ACTIONS.askAccept);
    const opens = fake.callsTo('conversations.open');
    expect(String(opens[0].args.users).split(',').sort()).toEqual(['U0ASK', 'U0FAN']);
    const toAsker = textsTo(fake, 'U0ASK').join(' ');
    expect(toAsker).toContain('We found someone');
    expect(toAsker).not.toMatch(/U0TEA|declin|said no|not this time/i);
    // a late click by the first person changes nothing
    await answer('U0TEA', ACTIONS.askAccept);
    expect(String(fake.responses[fake.responses.length - 1].body.text)).toMatch(/already answered|no longer open/);
    expect(fake.callsTo('conversations.open')).toHaveLength(1);
  });

  it('asks at most three people (a decline, no answer in time, a decline) and then tells the asker no one is available', async () => {
    await ask('kafka');
    await fake.waitFor(() => requestsTo(fake, 'U0TEA')[0]);
    await answer('U0TEA', ACTIONS.askDecline);
    await fake.waitFor(() => requestsTo(fake, 'U0FAN')[0]);
    // FAN never answers: after asks.answerWithinHours (24) the next person is asked
    app().clock.advance(23 * HOUR);
    await tick(app().services);
    expect(requestsTo(fake, 'U0ENG')).toHaveLength(0);
    app().clock.advance(2 * HOUR);
    await tick(app().services);
    expect(fake.callsTo('chat.update').some((c) => String(c.args.text).includes('This request has closed'))).toBe(true);
    await fake.waitFor(() => requestsTo(fake, 'U0ENG')[0]);
    await answer('U0ENG', ACTIONS.askDecline);
    await tick(app().services);
    expect(requestsTo(fake, 'U0STR')).toHaveLength(0); // a fourth person is never asked
    const toAsker = textsTo(fake, 'U0ASK');
    expect(toAsker[toAsker.length - 1]).toContain(
      'No one is available right now for “kafka” — we’ll keep your question for the next round.',
    );
    expect(toAsker.join(' ')).not.toMatch(/U0TEA|U0FAN|U0ENG/);
    expect(fake.callsTo('conversations.open')).toHaveLength(0);
    expect((await db()('asks').first('status')).status).toBe('unanswered');
  });

  it('never asks someone more often than the monthly limit', async () => {
    // TEA helped twice in the last 30 days (the default limit is 2)
    for (const [asker, daysAgo] of [
      ['U0NOP', 3],
      ['U0STR', 20],
    ] as const) {
      const [row] = await db()('asks')
        .insert({
          team_id: TEAM,
          asker_id: asker,
          topic: 'kafka',
          topic_tags: JSON.stringify(['kafka']),
          status: 'matched',
          created_at: new Date(Date.parse('2026-11-16T10:00:00Z') - daysAgo * 24 * HOUR),
        })
        .returning('id');
      await db()('ask_requests').insert({
        ask_id: row.id,
        team_id: TEAM,
        helper_id: 'U0TEA',
        position: 1,
        response: 'accepted',
        asked_at: new Date(Date.parse('2026-11-16T10:00:00Z') - daysAgo * 24 * HOUR),
      });
    }
    await ask('kafka');
    await fake.waitFor(() => requestsTo(fake, 'U0FAN')[0]);
    expect(requestsTo(fake, 'U0TEA')).toHaveLength(0);
  });

  it('skips a helper whose Slack status says they are away', async () => {
    const tea = fake.user('U0TEA')!;
    await app().event({
      type: 'user_change',
      user: {
        ...tea,
        profile: { ...tea.profile, status_text: 'Vacationing', status_emoji: ':palm_tree:', status_expiration: 0 },
      },
    });
    await app().idle();
    await ask('kafka');
    await fake.waitFor(() => requestsTo(fake, 'U0FAN')[0]);
    expect(requestsTo(fake, 'U0TEA')).toHaveLength(0);
  });

  it('keeps one open question per asker, and says so in the modal', async () => {
    await ask('kafka');
    await fake.waitFor(() => requestsTo(fake, 'U0TEA')[0]);
    const again = await ask('sailing');
    expect(again.json()).toMatchObject({
      response_action: 'errors',
      errors: {
        [ASK_FIELDS.topic.blockId]: expect.stringContaining('already have a question waiting (about “kafka”)'),
      },
    });
    expect(Number((await db()('asks').count({ n: '*' }).first())?.n)).toBe(1);
  });

  it('says honestly when two people share no working hours', async () => {
    // STR loves exactly "kafka connect" and is in another department; ENG (Engineering) is never asked
    await ask('Kafka Connect', '', true);
    await app().idle();
    // 23:30 in Tokyo: STR is asked when their Tuesday starts (09:00 there, midnight UTC)
    expect(requestsTo(fake, 'U0STR')).toHaveLength(0);
    await runSchedulerUntil(app(), new Date('2026-11-17T00:00:00Z'), HOUR / 2);
    await app().idle();
    expect(requestsTo(fake, 'U0STR')).toHaveLength(1);
    await answer('U0STR', ACTIONS.askAccept);
    const group = String((await db()('asks').first('group_channel_id')).group_channel_id);
    const message = fake.callsTo('chat.postMessage').find((c) => c.args.channel === group)!;
    expect(JSON.stringify(message.args.blocks)).toContain("Your working hours don't overlap");
    expect(JSON.stringify(message.args.blocks)).not.toContain('You overlap');
    expect(requestsTo(fake, 'U0ENG')).toHaveLength(0);
  });

  it('shows leads counts only: asks, answered, introductions made, and topics asked by enough people', async () => {
    const settings = defaultSettings();
    settings.privacyThreshold = 3;
    await saveSettings(db(), TEAM, settings);
    // two people ask: below the threshold, nothing is shown
    await ask('kafka', '', false, 'U0ASK');
    await ask('Kafka', '', false, 'U0NOP');
    await app().idle();
    const hidden = await loadIntroFunnel(db(), TEAM, app().clock.now(), 3);
    expect(hidden.asks).toEqual({ hidden: true });
    await ask('sailing', '', false, 'U0STR');
    await app().idle();
    const requestTo = await fake.waitFor(() => requestsTo(fake, 'U0TEA')[0]);
    await app().action('U0TEA', {
      action_id: ACTIONS.askAccept,
      value: String(requestTo.args.blocks[2].elements[0].value),
    });
    await fake.waitFor(() => fake.callsTo('conversations.open').length === 1);
    await app().idle();
    const funnel = await loadIntroFunnel(db(), TEAM, app().clock.now(), 3);
    // "sailing" was asked by one person: never named
    expect(funnel.asks).toEqual({
      hidden: false,
      asks: 3,
      answered: 1,
      introductions: 1,
      welcomes: 0,
      topTopics: [],
    });
    await db()('members').where({ user_id: 'U0ASK' }).update({ is_admin: true });
    await app().action('U0ASK', { action_id: ACTIONS.homeToggleLead, value: 'lead' });
    const publish = await fake.waitFor(() =>
      fake.callsTo('views.publish').find((c) => JSON.stringify(c.args.view).includes('Asks for an introduction')),
    );
    const home = JSON.stringify(publish.args.view);
    expect(home).toContain('3 asks, 1 answered, 1 introduction made');
    expect(home).not.toMatch(/U0TEA|U0NOP|U0STR|sailing/);
  });

  describe("a newcomer's welcome introduction", () => {
    /** The passions modal as Slack sends it: the tags picked, every other field empty. */
    const passions = (tags: string[]) => {
      const values: Record<string, Record<string, unknown>> = {};
      for (const list of ['tags', 'teach', 'learn'] as const) {
        const f = PASSION_FIELDS[list];
        const picked = list === 'tags' ? tags : [];
        values[f.blockId] = {
          [f.actionId]: {
            type: 'multi_external_select',
            selected_options: picked.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
          },
        };
      }
      for (const field of ['tagsText', 'teachText', 'learnText', 'lightsMeUp'] as const) {
        const f = PASSION_FIELDS[field];
        values[f.blockId] = { [f.actionId]: { type: 'plain_text_input', value: null } };
      }
      return { callback_id: CALLBACKS.passionsModal, values };
    };

    async function join(userId: string) {
      const u = addPerson(fake.workspace, { id: userId, department: 'Engineering', tz: 'Europe/London', tzOffset: 0 });
      await app().event({ type: 'team_join', user: u });
      await app().idle();
    }

    it('introduces them to someone outside their department once they share passions, without waiting for a round', async () => {
      await join('U0NEW');
      expect((await db()('members').where({ user_id: 'U0NEW' }).first()).department).toBe('Engineering');
      await app().submit('U0NEW', passions(['Kafka']));
      await app().idle();
      const request = await fake.waitFor(() => requestsTo(fake, 'U0TEA')[0]);
      expect(request.args.text).toContain('<@U0NEW> from Engineering joined recently. You both love kafka');
      expect(requestsTo(fake, 'U0ENG')).toHaveLength(0); // never the newcomer's own department
      await app().action('U0TEA', {
        action_id: ACTIONS.askAccept,
        value: String(request.args.blocks[2].elements[0].value),
      });
      await fake.waitFor(() => fake.callsTo('conversations.open').length === 1);
      await app().idle();
      const group = String((await db()('asks').where({ kind: 'welcome' }).first('group_channel_id')).group_channel_id);
      expect(fake.dmMembers(group)).toEqual(['U0NEW', 'U0TEA']);
      const first = fake.callsTo('chat.postMessage').find((c) => c.args.channel === group)!;
      expect(first.args.text).toContain('Welcome, <@U0NEW>! <@U0TEA> would like to say hello — you both love kafka.');
      // saving passions again does not start a second one
      await app().submit('U0NEW', passions(['Kafka', 'Chess']));
      await app().idle();
      expect(Number((await db()('asks').where({ kind: 'welcome' }).count({ n: '*' }).first())?.n)).toBe(1);
    });

    it('offers none when leads turned it off, or after the first two weeks', async () => {
      const settings = defaultSettings();
      settings.asks.newcomerIntroductions = false;
      await saveSettings(db(), TEAM, settings);
      await join('U0NEW');
      await app().submit('U0NEW', passions(['Kafka']));
      await app().idle();
      await saveSettings(db(), TEAM, defaultSettings());
      await join('U0OLD');
      app().clock.advance(15 * 24 * HOUR);
      await app().submit('U0OLD', passions(['Kafka']));
      await app().idle();
      expect(await db()('asks').select()).toEqual([]);
      expect(fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('joined recently'))).toEqual(
        [],
      );
    });
  });
});

import type { Knex } from 'knex';
import { localParts } from '../../src/domain/localTime';
import { tick } from '../../src/jobs/scheduler';
import { submitPassions } from '../../src/services/passions';
import { planPrompts } from '../../src/services/prompts';
import { ACTIONS, CALLBACKS } from '../../src/views/actionIds';
import { PASSION_FIELDS } from '../../src/views/passionsModal';
import { ensureMember } from '../../src/store/members';
import { recordWorkspace } from '../../src/store/workspaces';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { addPerson } from '../support/factories';
import { useTestApp } from '../support/testApp';

const TEAM = 'T0TEST';
const DAY = 24 * 60 * 60 * 1000;

type Values = Record<string, Record<string, unknown>>;
/** The modal's state as Slack sends it on submit. */
function modalValues(v: {
  tags?: string[];
  tagsText?: string;
  teach?: string[];
  teachText?: string;
  learn?: string[];
  learnText?: string;
  lightsMeUp?: string;
}): Values {
  const values: Values = {};
  for (const list of ['tags', 'teach', 'learn'] as const) {
    const f = PASSION_FIELDS[list];
    values[f.blockId] = {
      [f.actionId]: {
        type: 'multi_external_select',
        selected_options: (v[list] ?? []).map((value) => ({ text: { type: 'plain_text', text: value }, value })),
      },
    };
  }
  for (const field of ['tagsText', 'teachText', 'learnText', 'lightsMeUp'] as const) {
    const f = PASSION_FIELDS[field];
    values[f.blockId] = { [f.actionId]: { type: 'plain_text_input', value: v[field] ?? null } };
  }
  return values;
}

/** Every row in every table whose text mentions `needle`. */
async function rowsMentioning(db: Knex, needle: string): Promise<Record<string, number>> {
  const { rows } = await db.raw(
    "select tablename from pg_tables where schemaname = 'public' and tablename not like 'knex_%'",
  );
  const found: Record<string, number> = {};
  for (const { tablename } of rows as Array<{ tablename: string }>) {
    const { rows: hit } = await db.raw(`select count(*) as n from "${tablename}" t where t::text like ?`, [
      `%${needle}%`,
    ]);
    if (Number(hit[0].n)) found[tablename] = Number(hit[0].n);
  }
  return found;
}

describe('passion prompts end to end', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const app = useTestApp(db, slack);
  let posted: Array<{ channel: string; at: Date; text: string; blocks: any[] }>;

  beforeEach(async () => {
    await recordWorkspace(db(), { teamId: TEAM });
    posted = [];
    slack.handle('chat.postMessage', (args) => {
      posted.push({
        channel: String(args.channel),
        at: app().clock.now(),
        text: String(args.text),
        blocks: args.blocks,
      });
      return { ok: true, channel: args.channel, ts: slack.nextTs() };
    });
  });

  async function colleagues(passions: Record<string, string>): Promise<void> {
    for (const [userId, tagsText] of Object.entries(passions)) {
      await ensureMember(db(), { teamId: TEAM, userId, tz: 'Europe/London' });
      const r = await submitPassions(app().services, TEAM, userId, { tagsText });
      expect(r.ok).toBe(true);
    }
  }

  it('team_join → prompt at 10:00 local → modal → typeahead → stored normalised → Home refreshed', async () => {
    await colleagues({
      U0C1: 'Rock climbing, Afro dance',
      U0C2: 'rock climbers, Indoor rowing',
      U0C3: 'Rock-climbing',
      U0C4: 'Road cycling',
    });
    addPerson(slack.workspace, { id: 'U0NEW', tz: 'America/New_York', tzOffset: -18000 });
    // Monday 16 Nov 09:00Z: Zoe joins
    const joined = await app().event({
      type: 'team_join',
      user: { id: 'U0NEW', name: 'zoe', tz: 'America/New_York', tz_offset: -18000, is_bot: false, deleted: false },
    });
    expect(joined.status).toBe(200);
    const job = await waitForRow(() => db()('jobs').where({ idempotency_key: 'prompt:first:U0NEW' }).first());
    expect(job.payload.kind).toBe('welcome');

    // three days later, just before 10:00 in New York: nothing yet
    app().clock.set('2026-11-19T14:59:00Z');
    await tick(app().services);
    expect(posted).toHaveLength(0);
    app().clock.set('2026-11-19T15:00:00Z');
    await tick(app().services);
    expect(posted).toHaveLength(1);
    const prompt = posted[0];
    expect(slack.dmMembers(prompt.channel)).toEqual(['U0NEW']);
    expect(localParts(prompt.at, 'America/New_York')).toMatchObject({ hour: 10, minute: 0, weekday: 4 });
    expect(prompt.text).toMatch(/Welcome aboard/);
    const buttons = prompt.blocks.flatMap((b) => b.elements ?? []).filter((e: any) => e.type === 'button');
    expect(buttons.map((b: any) => b.text.text)).toEqual(['Share my passions', 'Not now', 'Don’t ask again']);
    expect(JSON.stringify(prompt.blocks)).toMatch(/Leads see counts, never names/);

    // "Share my passions" opens the modal
    await app().action(
      'U0NEW',
      { action_id: ACTIONS.openPassions, value: buttons[0].value },
      { channelId: prompt.channel, messageTs: '1.0' },
    );
    const open = await slack.waitFor(() => slack.callsTo('views.open')[0]);
    expect(open.args.view.callback_id).toBe(CALLBACKS.passionsModal);
    const selects = open.args.view.blocks
      .filter((b: any) => b.element?.type === 'multi_external_select')
      .map((b: any) => b.element.action_id);
    expect(selects).toEqual([ACTIONS.passionTagsOptions, ACTIONS.teachTagsOptions, ACTIONS.learnTagsOptions]);

    // typing "ro": whole-tag prefix first (most people first), then word prefix, then anywhere, then the typed text as new
    const res = await app().options('U0NEW', {
      action_id: ACTIONS.passionTagsOptions,
      block_id: PASSION_FIELDS.tags.blockId,
      value: 'Ro',
      callback_id: CALLBACKS.passionsModal,
    });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    expect(res.json().options.map((o: any) => o.text.text)).toEqual([
      'Rock climbing',
      'Road cycling',
      'Indoor rowing',
      'Afro dance',
      'Ro (new)',
    ]);

    // submitting stores normalised tags with the person's wording, and refreshes Home
    const submitted = await app().submit('U0NEW', {
      callback_id: CALLBACKS.passionsModal,
      values: modalValues({
        tags: ['Rock climbing'],
        tagsText: 'Sourdough, Jazz  piano',
        teachText: 'Spreadsheets',
        learn: ['Road cycling'],
        lightsMeUp: 'Mountains <!channel>',
      }),
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body === '' || !submitted.json().response_action).toBe(true);
    const row = await db()('passions').where({ team_id: TEAM, user_id: 'U0NEW' }).first();
    expect(row.tags).toEqual([
      { tag: 'rock climbing', label: 'Rock climbing' },
      { tag: 'sourdough', label: 'Sourdough' },
      { tag: 'jazz piano', label: 'Jazz piano' },
    ]);
    expect(row.teach).toEqual([{ tag: 'spreadsheet', label: 'Spreadsheets' }]);
    expect(row.learn).toEqual([{ tag: 'road cycling', label: 'Road cycling' }]);
    expect(row.lights_me_up).toBe('Mountains');
    const publish = await slack.waitFor(() => slack.callsTo('views.publish').find((c) => c.args.user_id === 'U0NEW'));
    expect(publish.args.view.type).toBe('home');
    // the prompt DM loses its buttons and says thanks
    const update = slack.callsTo('chat.update')[0];
    expect(update.args).toMatchObject({
      channel: prompt.channel,
      ts: (await db()('passion_prompts').where({ user_id: 'U0NEW' }).first()).message_ts,
    });
    expect(String(update.args.text)).toMatch(/Thank you/);
    expect(JSON.stringify(update.args.blocks)).not.toMatch(/button/);

    // answered: the reminder a week later does not go out
    app().clock.set(new Date(Date.parse('2026-11-19T15:00:00Z') + 8 * DAY));
    await tick(app().services);
    expect(posted).toHaveLength(1);
  });

  it.each([
    [
      'too many tags',
      { tagsText: Array.from({ length: 11 }, (_, i) => `tag ${i}`).join(', ') },
      'passions_tags_new',
      /At most 10/,
    ],
    [
      'an over-long tag',
      { tagsText: 'a passion with a name far longer than forty characters' },
      'passions_tags_new',
      /too long/,
    ],
    ['an over-long sentence', { tags: ['Chess'], lightsMeUp: 'x'.repeat(281) }, 'passions_lights', /280/],
    ['nothing at all', {}, 'passions_tags', /at least one/],
    ['the same tag twice', { tags: ['Rock climbing'], tagsText: 'rock-climbing' }, 'passions_tags_new', /same thing/],
  ])('answers a submission with %s with a field error and stores nothing', async (_label, values, blockId, message) => {
    const res = await app().submit('U0BAD', { callback_id: CALLBACKS.passionsModal, values: modalValues(values) });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_action).toBe('errors');
    expect(body.errors[blockId]).toMatch(message);
    expect(await db()('passions').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(slack.callsTo('views.publish')).toHaveLength(0);
  });

  it('"Not now" snoozes prompts for two weeks and "Don\'t ask again" stops them, replacing the buttons', async () => {
    const notNow = await app().action(
      'U0SNZ',
      { action_id: ACTIONS.promptNotNow, value: 'prompt:first:U0SNZ' },
      { channelId: 'DFAKE', messageTs: '1.0' },
    );
    expect(notNow.status).toBe(200);
    await slack.waitFor(() => slack.responses[0]);
    expect(slack.responses[0].body).toMatchObject({ replace_original: true });
    expect(String(slack.responses[0].body.text)).toMatch(/two weeks/);
    const snoozed = await db()('members').where({ user_id: 'U0SNZ' }).first();
    expect(snoozed.prompts_snoozed_until.getTime()).toBe(app().clock.now().getTime() + 14 * DAY);

    await app().action(
      'U0STOP',
      { action_id: ACTIONS.promptStop, value: 'prompt:first:U0STOP' },
      { channelId: 'DFAKE2', messageTs: '2.0' },
    );
    await slack.waitFor(() => slack.responses[1]);
    expect(String(slack.responses[1].body.text)).toMatch(/won’t ask again/);
    expect((await db()('members').where({ user_id: 'U0STOP' }).first()).prompts_stopped).toBe(true);
  });

  describe('App Home buttons', () => {
    it('pause, resume, opt out and in, each refreshing the Home tab', async () => {
      const now = app().clock.now().getTime();
      await app().action('U0HOME', { action_id: ACTIONS.pause2w });
      await slack.waitFor(() => slack.callsTo('views.publish')[0]);
      expect((await db()('members').where({ user_id: 'U0HOME' }).first()).paused_until.getTime()).toBe(now + 14 * DAY);
      await app().action('U0HOME', { action_id: ACTIONS.pause4w });
      await slack.waitFor(() => slack.callsTo('views.publish')[1]);
      expect((await db()('members').where({ user_id: 'U0HOME' }).first()).paused_until.getTime()).toBe(now + 28 * DAY);
      await app().action('U0HOME', { action_id: ACTIONS.resume });
      await slack.waitFor(() => slack.callsTo('views.publish')[2]);
      expect((await db()('members').where({ user_id: 'U0HOME' }).first()).paused_until).toBeNull();
      await app().action('U0HOME', { action_id: ACTIONS.optOut });
      await slack.waitFor(() => slack.callsTo('views.publish')[3]);
      expect((await db()('members').where({ user_id: 'U0HOME' }).first()).opted_out).toBe(true);
      await app().action('U0HOME', { action_id: ACTIONS.optIn });
      await slack.waitFor(() => slack.callsTo('views.publish')[4]);
      expect((await db()('members').where({ user_id: 'U0HOME' }).first()).opted_out).toBe(false);
    });

    it('"My data" sends the file, "Forget me" asks first and the confirm button deletes', async () => {
      addPerson(slack.workspace, { id: 'U0HOME' });
      await colleagues({ U0HOME: 'Kites' });
      await app().action('U0HOME', { action_id: ACTIONS.myData });
      const upload = await slack.waitFor(() => slack.uploads[0]);
      expect(JSON.parse(upload.bytes.toString('utf8')).passions.tags).toEqual([{ tag: 'kite', label: 'Kites' }]);
      await app().action('U0HOME', { action_id: ACTIONS.forgetMe });
      const open = await slack.waitFor(() => slack.callsTo('views.open')[0]);
      expect(open.args.view.callback_id).toBe(CALLBACKS.forgetModal);
      expect(await db()('passions').where({ user_id: 'U0HOME' }).first()).toBeTruthy();
      await app().action('U0HOME', { action_id: ACTIONS.forgetConfirm });
      await slack.waitFor(() => posted.find((p) => p.channel === 'U0HOME' && /deleted everything/.test(p.text)));
      expect(await rowsMentioning(db(), 'U0HOME')).toEqual({});
    });
  });

  describe('/weaver', () => {
    it.each([
      ['', /Weaver commands/],
      ['help', /Weaver commands/],
      ['dance', /I don’t know `dance`/],
      ['pause soon', /didn’t understand `soon`/],
      ['pause 5y', /didn’t understand `5y`/],
    ])('answers `/weaver %s` with the help text, ephemeral', async (text, message) => {
      const res = await app().command('U0ANY', text);
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toMatch(message);
      expect(body.text).toMatch(/\/weaver pause 2w/);
    });

    it('pauses for the given duration, resumes, opts out and back in', async () => {
      const res = await app().command('U0ME', 'pause 3d');
      expect(res.json().text).toMatch(/Paused until/);
      const paused = await db()('members').where({ user_id: 'U0ME' }).first();
      expect(paused.paused_until.getTime()).toBe(app().clock.now().getTime() + 3 * DAY);
      await app().command('U0ME', 'resume');
      expect((await db()('members').where({ user_id: 'U0ME' }).first()).paused_until).toBeNull();
      expect((await app().command('U0ME', 'optout')).json().text).toMatch(/opted out/);
      expect((await db()('members').where({ user_id: 'U0ME' }).first()).opted_out).toBe(true);
      await app().command('U0ME', 'optin');
      expect((await db()('members').where({ user_id: 'U0ME' }).first()).opted_out).toBe(false);
    });

    it('opens the passions modal with what the person shared before', async () => {
      await colleagues({ U0ME: 'Chess, Birdwatching' });
      await app().command('U0ME', 'passions');
      const open = await slack.waitFor(() => slack.callsTo('views.open')[0]);
      const tags = open.args.view.blocks.find((b: any) => b.block_id === PASSION_FIELDS.tags.blockId);
      expect(tags.element.initial_options.map((o: any) => o.text.text)).toEqual(['Chess', 'Birdwatching']);
    });

    it('DMs the person a JSON file of everything Weaver stores about them', async () => {
      addPerson(slack.workspace, { id: 'U0ME' });
      await colleagues({ U0ME: 'Chess' });
      const res = await app().command('U0ME', 'mydata');
      expect(res.json().text).toMatch(/sending you a file/);
      const upload = await slack.waitFor(() => slack.uploads[0]);
      expect(upload.filename).toBe('weaver-my-data.json');
      const data = JSON.parse(upload.bytes.toString('utf8'));
      expect(data.user_id).toBe('U0ME');
      expect(data.passions.tags).toEqual([{ tag: 'chess', label: 'Chess' }]);
      expect(data.member.opted_out).toBe(false);
    });

    it('forgets the person after confirmation, leaving no row about them and prompting them no more', async () => {
      const me = 'U0FORGET';
      addPerson(slack.workspace, { id: me });
      await ensureMember(db(), { teamId: TEAM, userId: me, tz: 'Europe/London' });
      await ensureMember(db(), { teamId: TEAM, userId: 'U0OTHER', tz: 'Europe/London' });
      await planPrompts(app().services, TEAM);
      app().clock.set(new Date(Date.parse('2026-11-16T10:00:00Z') + 7 * DAY)); // prompts sent, reminders pending
      await tick(app().services);
      await colleagues({ [me]: 'Chess', U0OTHER: 'Chess' });
      await db()('channels').insert({ team_id: TEAM, channel_id: 'C1', name: 'general', creator: me });
      await db()('memberships').insert({ team_id: TEAM, channel_id: 'C1', user_id: me });
      await db()('interactions').insert([
        {
          team_id: TEAM,
          day: '2026-11-10',
          channel_id: 'C1',
          actor_id: me,
          target_id: 'U0OTHER',
          kind: 'reply',
          count: 2,
        },
        {
          team_id: TEAM,
          day: '2026-11-10',
          channel_id: 'C1',
          actor_id: 'U0OTHER',
          target_id: me,
          kind: 'mention',
          count: 1,
        },
        {
          team_id: TEAM,
          day: '2026-11-10',
          channel_id: 'C1',
          actor_id: 'U0OTHER',
          target_id: 'U0THIRD',
          kind: 'reply',
          count: 1,
        },
      ]);
      const [round] = await db()('intro_rounds').insert({ team_id: TEAM, period_key: '2026-W47' }).returning('id');
      const [intro] = await db()('intros')
        .insert({ team_id: TEAM, round_id: round.id, shared: JSON.stringify({ tags: ['chess'] }) })
        .returning('id');
      await db()('intro_members').insert([
        { intro_id: intro.id, team_id: TEAM, user_id: me },
        { intro_id: intro.id, team_id: TEAM, user_id: 'U0OTHER' },
      ]);
      await db()('intro_blocks').insert({ team_id: TEAM, user_id: 'U0OTHER', blocked_user_id: me });
      // a live mention, counted through the monitoring path (interaction ledger included)
      await app().event({
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U0OTHER',
        text: `see <@${me}>`,
        ts: '1763373600.000100',
      });
      await waitForRow(() => db()('interaction_ledger').where({ target_id: me }).first());
      expect(Object.keys(await rowsMentioning(db(), me)).length).toBeGreaterThanOrEqual(9);

      await app().command(me, 'forget');
      const open = await slack.waitFor(() => slack.callsTo('views.open')[0]);
      expect(open.args.view.callback_id).toBe(CALLBACKS.forgetModal);
      expect(await rowsMentioning(db(), me)).not.toEqual({}); // nothing happens before confirming
      const confirmed = await app().submit(me, { callback_id: CALLBACKS.forgetModal, values: {} });
      expect(confirmed.json().response_action).toBe('update');

      expect(await rowsMentioning(db(), me)).toEqual({});
      // other people's data stays
      expect(await db()('passions').where({ user_id: 'U0OTHER' }).first()).toBeTruthy();
      expect(await db()('interactions').where({ target_id: 'U0THIRD' }).count({ n: '*' }).first()).toEqual({ n: 1 });
      expect(await db()('intro_members').where({ user_id: 'U0OTHER' }).first()).toBeTruthy(); // the partner keeps their record
      // a later member sync brings the row back, but Weaver does not prompt them again
      await ensureMember(db(), { teamId: TEAM, userId: me, tz: 'Europe/London' });
      await planPrompts(app().services, TEAM);
      expect(
        await db()('jobs')
          .where({ idempotency_key: `prompt:first:${me}` })
          .first(),
      ).toBeUndefined();
    });
  });
});

async function waitForRow<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await probe();
    if (row) return row;
    if (Date.now() > deadline) throw new Error('row did not appear');
    await new Promise((r) => setTimeout(r, 20));
  }
}

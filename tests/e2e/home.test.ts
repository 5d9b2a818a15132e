import type { Knex } from 'knex';
import { tick } from '../../src/jobs/scheduler';
import type { HomeFeatures } from '../../src/services/home/features';
import { ONLY_LEADS } from '../../src/views/home/notices';
import { ACTIONS, CALLBACKS } from '../../src/views/actionIds';
import { settingsFor } from '../../src/store/settings';
import { recordWorkspace } from '../../src/store/workspaces';
import type { DepartmentRow, SiloReport } from '../../src/domain/silos/types';
import { homeFeatures } from '../../src/services/home/features';
import { blockKitViolations } from '../support/blockKitLimits';
import { useTestDatabase } from '../support/db';
import { addPerson } from '../support/factories';
import { useFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { useTestApp } from '../support/testApp';
import { siloReportOf } from '../support/siloReports';

const TEAM = 'T0TEST';
const LEAD = 'U0LEAD';
const ADMIN = 'U0ADMIN';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';
const DAN = 'U0DAN';

async function addMember(
  db: Knex,
  userId: string,
  o: { department?: string; isAdmin?: boolean; optedOut?: boolean } = {},
): Promise<void> {
  await db('members').insert({
    team_id: TEAM,
    user_id: userId,
    name: userId.toLowerCase(),
    department: o.department ?? 'Engineering',
    is_admin: o.isAdmin ?? false,
    opted_out: o.optedOut ?? false,
  });
}

async function addPassions(db: Knex, userId: string, tags: string[]): Promise<void> {
  await db('passions').insert({
    team_id: TEAM,
    user_id: userId,
    tags: JSON.stringify(tags.map((t) => ({ tag: t, label: t[0].toUpperCase() + t.slice(1) }))),
    teach: JSON.stringify([{ tag: 'sql', label: 'SQL' }]),
    learn: '[]',
  });
}

async function addChannel(db: Knex, channelId: string, name: string, kind: string, members: string[]): Promise<void> {
  await db('channels').insert({ team_id: TEAM, channel_id: channelId, name, kind, purpose: `All about ${name}` });
  for (const m of members) await db('memberships').insert({ team_id: TEAM, channel_id: channelId, user_id: m });
}

async function addIntro(
  db: Knex,
  o: {
    round: number;
    status: string;
    outcome?: string;
    members: Array<[string, string]>;
    shared?: string[];
    createdAt?: string;
  },
): Promise<number> {
  const [row] = await db('intros')
    .insert({
      team_id: TEAM,
      round_id: o.round,
      status: o.status,
      outcome: o.outcome ?? null,
      // what the round stores: per pair, the tags both entered
      shared: JSON.stringify({
        pairs:
          o.members.length === 2
            ? [{ a: o.members[0][0], b: o.members[1][0], sharedTags: o.shared ?? [], fits: [] }]
            : [],
      }),
      created_at: o.createdAt ?? '2026-11-10T10:00:00Z',
    })
    .returning('id');
  for (const [user, response] of o.members)
    await db('intro_members').insert({ intro_id: row.id, team_id: TEAM, user_id: user, response });
  return Number(row.id);
}

async function addRound(db: Knex, period: string): Promise<number> {
  const [row] = await db('intro_rounds').insert({ team_id: TEAM, period_key: period, status: 'done' }).returning('id');
  return Number(row.id);
}

/**
 * A real SiloReport: Engineering (70) and Sales (52) hardly talk, both talk with Product (30);
 * Legal and Board (4 each) are merged into "Small teams" by the report. Modularity is set by hand
 * so a test can see it change between snapshots.
 */
const BASE = siloReportOf({
  departments: [
    ['Engineering', 70],
    ['Sales', 52],
    ['Legal', 4],
    ['Board', 4],
    ['Product', 30],
  ],
  cross: [
    ['Engineering', 'Sales', 2],
    ['Engineering', 'Product', 80],
    ['Sales', 'Product', 80],
    ['Legal', 'Sales', 3],
    ['Board', 'Engineering', 3],
  ],
  channels: [
    {
      name: 'cop-kubernetes',
      members: [
        ['Engineering', 23],
        ['Sales', 2],
      ],
    },
    { name: 'cop-contracts', members: [['Legal', 4]] },
  ],
});
/** a community below the privacy threshold, as a report stored with a lower threshold would list it */
const TINY_COMMUNITY = {
  id: 99,
  size: 3,
  departments: [{ name: 'Sales', members: 3 }],
  internalTies: 3,
  uncoveredShare: 1,
  topChannels: [],
  suggestedChannel: 'cop-sales-99',
};
const BIGGEST = [...BASE.communities].sort((x, y) => y.size - x.size)[0];

function report(modularity = 0.4): SiloReport {
  return { ...BASE, org: { ...BASE.org, modularity }, communities: [...BASE.communities, TINY_COMMUNITY] };
}

async function addSnapshot(db: Knex, day: string, rep: unknown = report()): Promise<number> {
  const [row] = await db('report_snapshots')
    .insert({ team_id: TEAM, day, report: JSON.stringify(rep) })
    .returning('id');
  return Number(row.id);
}

const publishedTo = (slack: FakeSlack, userId: string) =>
  slack.callsTo('views.publish').filter((c) => c.args.user_id === userId);
const lastHome = (slack: FakeSlack, userId: string) => {
  const calls = publishedTo(slack, userId);
  return calls[calls.length - 1]?.args.view as { blocks: Array<Record<string, any>>; private_metadata: string };
};
const text = (v: unknown) => JSON.stringify(v);

function workspacePeople(slack: FakeSlack): void {
  for (const id of [LEAD, ADMIN, ALICE, BOB, CAROL, DAN]) addPerson(slack.workspace, { id });
}

describe('App Home', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const app = useTestApp(db, slack, { env: { WEAVER_LEADS: LEAD } });

  beforeEach(async () => {
    workspacePeople(slack);
    await addMember(db(), LEAD, { department: 'People' });
    await addMember(db(), ADMIN, { isAdmin: true });
    await addMember(db(), ALICE);
    await addMember(db(), BOB, { department: 'Sales' });
    await addMember(db(), CAROL, { department: 'Sales' });
    await addMember(db(), DAN, { department: 'Design' });
  });
  /** Plugs stand-ins for the report and introductions features into this app's Home. */
  const plug = (features: HomeFeatures) => {
    app().services.home = { ...app().services.home, ...features };
  };

  async function openHome(userId: string) {
    const before = publishedTo(slack, userId).length;
    await app().event({ type: 'app_home_opened', user: userId, tab: 'home', channel: `D${userId}` });
    await slack.waitFor(() => publishedTo(slack, userId).length > before);
    return lastHome(slack, userId);
  }

  async function click(userId: string, actionId: string, value?: string, waitFor?: () => unknown) {
    const res = await app().action(userId, { action_id: actionId, value });
    expect(res.status).toBe(200);
    if (waitFor) await slack.waitFor(waitFor);
    else await app().idle();
  }

  describe("a member's own page", () => {
    it('shows their passions with Edit, their pending suggestion, recent intros and communities they might like', async () => {
      await addPassions(db(), ALICE, ['climbing', 'rust']);
      await addPassions(db(), BOB, ['climbing']);
      await addPassions(db(), CAROL, ['rust', 'chess']);
      await addPassions(db(), DAN, ['knitting']);
      await addChannel(db(), 'C0CLIMB', 'interest-climbing', 'purpose', [BOB, CAROL]);
      await addChannel(db(), 'C0KNIT', 'interest-knitting', 'purpose', [DAN, BOB]);
      await addChannel(db(), 'C0MINE', 'cop-rust', 'purpose', [ALICE, BOB, CAROL]);
      await addChannel(db(), 'C0TEAM', 'team-sales', 'department', [BOB, CAROL]);
      const round = await addRound(db(), '2026-W46');
      const pending = await addIntro(db(), {
        round,
        status: 'proposed',
        members: [
          [ALICE, 'pending'],
          [BOB, 'accepted'],
        ],
        shared: ['climbing'],
      });
      await addIntro(db(), {
        round,
        status: 'accepted',
        outcome: 'met',
        members: [
          [ALICE, 'accepted'],
          [CAROL, 'accepted'],
        ],
        createdAt: '2026-10-01T10:00:00Z',
      });

      const view = await openHome(ALICE);
      const json = text(view);
      expect(json).toContain('Climbing');
      expect(json).toContain('Rust');
      expect(json).toContain(ACTIONS.openPassions);
      expect(json).toContain('"text":"Edit"');
      const accept = view.blocks.flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === ACTIONS.introAccept);
      expect(accept.value).toBe(String(pending));
      expect(json).toContain(ACTIONS.introNotNow);
      // why, in the same words as the suggestion DM
      expect(json).toContain(`*A suggested introduction.* Meet <@${BOB}> — you both love Climbing.`);
      expect(json).toContain(`2026-10-01: <@${CAROL}> — you met`);
      // Communities: a purpose channel where two people share her passions and she is not in.
      expect(json).toContain('interest-climbing');
      expect(json).toContain('https://slack.com/app_redirect?channel=C0CLIMB');
      expect(json).not.toContain('interest-knitting');
      expect(json).not.toContain('team-sales');
      expect(json).not.toMatch(/#cop-rust\*/);
      for (const id of [
        ACTIONS.pause2w,
        ACTIONS.pause4w,
        ACTIONS.optOut,
        ACTIONS.myData,
        ACTIONS.forgetMe,
        ACTIONS.homeFrequency,
      ])
        expect(json).toContain(id);
      expect(blockKitViolations(view)).toEqual([]);
    });

    it('shows an opted-out person only what they can do: opt back in, see or delete their data', async () => {
      await db()('members').where({ team_id: TEAM, user_id: ALICE }).update({ opted_out: true });
      await addPassions(db(), ALICE, ['climbing']);
      await addPassions(db(), BOB, ['climbing']);
      const round = await addRound(db(), '2026-W46');
      await addIntro(db(), {
        round,
        status: 'proposed',
        members: [
          [ALICE, 'pending'],
          [BOB, 'accepted'],
        ],
      });
      const view = await openHome(ALICE);
      const buttons = view.blocks
        .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
        .filter((e: any) => e.action_id)
        .map((e: any) => e.action_id);
      expect(buttons.sort()).toEqual([ACTIONS.forgetMe, ACTIONS.myData, ACTIONS.optIn].sort());
      expect(text(view)).toContain('opted out');
      expect(text(view)).not.toMatch(/Pause|Add my passions|Your passions|suggested introduction/);
      expect(blockKitViolations(view)).toEqual([]);
    });

    it('invites a person without passions to add them, and shows no lead toggle to a non-lead', async () => {
      const view = await openHome(BOB);
      const json = text(view);
      expect(json).toContain('Add my passions');
      expect(json).not.toContain(ACTIONS.homeToggleLead);
      expect(json).not.toContain('Silo report');
    });

    it('saves the prompt and introduction frequency a member picks and shows it', async () => {
      await openHome(ALICE);
      const before = publishedTo(slack, ALICE).length;
      await app().action(ALICE, {
        action_id: ACTIONS.homeFrequency,
        type: 'static_select',
        selected_option: { value: 'rarely' },
      });
      await slack.waitFor(() => publishedTo(slack, ALICE).length > before);
      expect((await db()('members').where({ team_id: TEAM, user_id: ALICE }).first()).contact_frequency).toBe('rarely');
      const select = lastHome(slack, ALICE).blocks.find((b) => b.block_id === 'home_frequency')!;
      expect(select.accessory.initial_option.value).toBe('rarely');
    });
  });

  describe('the lead view', () => {
    beforeEach(async () => {
      await addSnapshot(db(), '2026-11-15', report(0.5));
      await addSnapshot(db(), '2026-11-16', report(0.4));
    });

    it('is a toggle away for a lead, with headline numbers and their change, tables and buttons', async () => {
      const home = await openHome(LEAD);
      expect(text(home)).toContain(ACTIONS.homeToggleLead);
      expect(text(home)).not.toContain('Silo report');

      const before = publishedTo(slack, LEAD).length;
      await click(LEAD, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, LEAD).length > before);
      const view = lastHome(slack, LEAD);
      const json = text(view);
      expect(json).toContain('Silo report');
      expect(json).toContain('Modularity (Q)*\\n0.40  (−0.10)');
      expect(json).toContain('Report of 2026-11-16, changes since 2026-11-15');
      expect(json).toContain('Engineering');
      expect(json).toContain('cop-kubernetes');
      expect(json).toContain('Engineering ↔ Sales');
      expect(json).toContain(`*${BIGGEST.size} people* across ${BIGGEST.departments.map((d) => d.name).join(', ')}`);
      for (const id of [
        ACTIONS.homeRefreshReport,
        ACTIONS.homeExportCsv,
        ACTIONS.homeDryRun,
        ACTIONS.homeOpenSettings,
        ACTIONS.homeSuggestChannel,
      ])
        expect(json).toContain(id);
      expect(JSON.parse(view.private_metadata)).toEqual({ mode: 'lead', page: 0 });
      expect(blockKitViolations(view)).toEqual([]);
    });

    it('is open to workspace admins too', async () => {
      const before = publishedTo(slack, ADMIN).length;
      await click(ADMIN, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, ADMIN).length > before);
      expect(text(lastHome(slack, ADMIN))).toContain('Silo report');
    });

    it('applies the privacy threshold in every listing and names no individual', async () => {
      const round = await addRound(db(), '2026-W47');
      // three introductions of six different people (the threshold counts people, not pairs)
      for (let i = 0; i < 3; i += 1) {
        await addIntro(db(), {
          round,
          status: 'accepted',
          members: [
            [`U0PA${i}`, 'accepted'],
            [`U0PB${i}`, 'accepted'],
          ],
        });
      }
      const small = await addRound(db(), '2026-W45');
      await addIntro(db(), {
        round: small,
        status: 'declined',
        members: [
          [CAROL, 'declined'],
          [DAN, 'declined'],
        ],
      });
      await addPassions(db(), ALICE, ['climbing']);

      await click(LEAD, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, LEAD).length > 0);
      const json = text(lastHome(slack, LEAD));
      // small departments only as "Small teams" (4 + 4 people ≥ 5), never by name
      expect(json).toContain('Small teams');
      expect(json).not.toContain('Legal');
      expect(json).not.toContain('Board');
      // captured channel of 4 members, community of 3, bridge to a small department: left out
      expect(BASE.missingBridges.some((b) => b.a === 'Small teams' || b.b === 'Small teams')).toBe(true);
      expect(json).not.toContain('cop-contracts');
      expect(json).not.toContain('*3 people*');
      expect(json).not.toMatch(/Small teams ↔|↔ Small teams/);
      // rounds: the one of 3 introductions (6 people) shown, the one of 1 introduction (2 people) without numbers
      expect(json).toMatch(/2026-W47 +6 +3 +3 /);
      expect(json).toMatch(/2026-W45 +fewer people than the privacy threshold/);
      // no person's id or mention anywhere in the lead view's listings
      const leadPart = json.slice(json.indexOf('Silo report'));
      expect(leadPart).not.toMatch(/U0(ALICE|BOB|CAROL|DAN|ADMIN)/);
      expect(leadPart).not.toContain('Climbing');
    });

    it('pages the departments table with Next and Previous', async () => {
      const departments: DepartmentRow[] = Array.from({ length: 60 }, (_, i) => ({
        name: `Dept ${String(i).padStart(2, '0')}`,
        size: 100 - i,
        internalTies: 10,
        externalTies: 10,
        eiIndex: 0,
        insularity: 0,
        reach: 0.5,
        breadth: 1,
        purposeReach: 0.5,
        silo: false,
      }));
      await db()('report_snapshots')
        .where({ team_id: TEAM, day: '2026-11-16' })
        .update({ report: JSON.stringify({ ...report(), departments }) });
      let before = publishedTo(slack, LEAD).length;
      await click(LEAD, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, LEAD).length > before);
      let view = lastHome(slack, LEAD);
      expect(text(view)).toContain('page 1 of 3');
      expect(text(view)).toContain('Dept 00');
      expect(text(view)).not.toContain('Dept 30');
      const next = view.blocks.flatMap((b) => b.elements ?? []).find((e: any) => e.text?.text === 'Next');
      before = publishedTo(slack, LEAD).length;
      await click(LEAD, next.action_id, next.value, () => publishedTo(slack, LEAD).length > before);
      view = lastHome(slack, LEAD);
      expect(text(view)).toContain('page 2 of 3');
      expect(text(view)).toContain('Dept 30');
      expect(text(view)).not.toContain('Dept 00');
      const prev = view.blocks.flatMap((b) => b.elements ?? []).find((e: any) => e.text?.text === 'Previous');
      before = publishedTo(slack, LEAD).length;
      await click(LEAD, prev.action_id, prev.value, () => publishedTo(slack, LEAD).length > before);
      expect(text(lastHome(slack, LEAD))).toContain('page 1 of 3');
    });

    it('uploads the heat map once per snapshot and shows it with slack_file', async () => {
      const png = Buffer.from('89504e470d0a1a0a-fake-png', 'utf8');
      let renders = 0;
      plug({
        renderHeatmapPng: () => {
          renders += 1;
          return png;
        },
      });
      await click(LEAD, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, LEAD).length > 0);
      expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
      expect(slack.callsTo('files.getUploadURLExternal')[0].args.filename).toBe('weaver-heatmap-2026-11-16.png');
      expect(slack.uploads).toHaveLength(1);
      expect(slack.uploads[0].bytes.equals(png)).toBe(true);
      const fileId = slack.uploads[0].fileId;
      const image = lastHome(slack, LEAD).blocks.find((b) => b.type === 'image')!;
      expect(image.slack_file).toEqual({ id: fileId });
      expect((await db()('report_snapshots').where({ day: '2026-11-16' }).first()).chart_file_id).toBe(fileId);

      // opening again: same snapshot, no new upload
      const before = publishedTo(slack, LEAD).length;
      await click(LEAD, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, LEAD).length > before);
      expect(slack.uploads).toHaveLength(1);
      expect(renders).toBe(1);

      // the snapshot is recomputed: the chart is rendered and uploaded again
      await db()('report_snapshots')
        .where({ day: '2026-11-16' })
        .update({ report: JSON.stringify(report(0.3)) });
      const again = publishedTo(slack, LEAD).length;
      await click(LEAD, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, LEAD).length > again);
      expect(slack.uploads).toHaveLength(2);
      expect(lastHome(slack, LEAD).blocks.find((b) => b.type === 'image')!.slack_file).toEqual({
        id: slack.uploads[1].fileId,
      });
    });

    it("exports the CSV report into the lead's DM", async () => {
      plug({ exportCsv: (rep) => `members,${(rep as SiloReport).org.members}\n` });
      await click(LEAD, ACTIONS.homeExportCsv, 'csv', () => slack.uploads.length > 0);
      const dm = slack.callsTo('conversations.open')[0].args.users;
      expect(dm).toBe(LEAD);
      expect(slack.callsTo('files.getUploadURLExternal')[0].args.filename).toBe('weaver-report-2026-11-16.csv');
      const complete = slack.callsTo('files.completeUploadExternal')[0].args;
      expect(complete.channel_id).toMatch(/^DFAKE/);
      expect(slack.dmMembers(complete.channel_id)).toEqual([LEAD]);
      expect(slack.uploads[0].bytes.toString('utf8')).toBe('members,160\n');
    });

    it("exports the report module's CSV with small departments merged, never named", async () => {
      plug({ exportCsv: homeFeatures().exportCsv });
      await click(LEAD, ACTIONS.homeExportCsv, 'csv', () => slack.uploads.length > 0);
      const csv = slack.uploads[0].bytes.toString('utf8');
      expect(csv).toContain('Engineering');
      expect(csv).toContain('Small teams');
      expect(csv).not.toMatch(/Legal|Board/);
    });

    it('says so when CSV export is not plugged in', async () => {
      await click(LEAD, ACTIONS.homeExportCsv, 'csv', () => slack.callsTo('chat.postMessage')[0]);
      expect(slack.callsTo('chat.postMessage')[0].args.text).toContain('CSV export is not available');
      expect(slack.uploads).toHaveLength(0);
    });

    it('refreshes the report: shows progress, recomputes through the report module, then shows the new numbers', async () => {
      plug({
        refreshReport: async (_services, teamId) => {
          await db()('report_snapshots').insert({
            team_id: teamId,
            day: '2026-11-17',
            report: JSON.stringify(report(0.25)),
          });
        },
      });
      await click(LEAD, ACTIONS.homeRefreshReport, 'refresh', () => publishedTo(slack, LEAD).length >= 2);
      const [progress, done] = publishedTo(slack, LEAD).map((c) => text(c.args.view));
      expect(progress).toContain('Refreshing the report');
      expect(done).toContain('Report refreshed');
      expect(done).toContain('Report of 2026-11-17, changes since 2026-11-16');
      expect(done).toContain('0.25  (−0.15)');
    });

    it('runs a dry-run round and DMs the lead counts and reasons, never names', async () => {
      plug({
        dryRun: async () => ({
          eligible: 40,
          proposed: 17,
          unmatched: 6,
          reasons: [
            { reason: 'no shared passion across departments', count: 4 },
            { reason: 'paused', count: 2 },
          ],
        }),
      });
      await click(LEAD, ACTIONS.homeDryRun, 'dry-run', () => slack.callsTo('chat.postMessage')[0]);
      const msg = slack.callsTo('chat.postMessage')[0].args;
      expect(slack.dmMembers(msg.channel)).toEqual([LEAD]);
      expect(msg.text).toContain('introductions it would propose: 17');
      expect(msg.text).toContain('people left without a match: 6');
      expect(msg.text).toContain('no shared passion across departments: fewer than 5');
      expect(msg.text).not.toMatch(/U0[A-Z]+/);
    });

    it('DMs the lead a draft channel name and purpose for an emerging community', async () => {
      await click(LEAD, ACTIONS.homeSuggestChannel, '0', () => slack.callsTo('chat.postMessage')[0]);
      const msg = slack.callsTo('chat.postMessage')[0].args;
      expect(slack.dmMembers(msg.channel)).toEqual([LEAD]);
      expect(msg.text).toContain(`#${BASE.communities[0].suggestedChannel}`);
      const community = BASE.communities[0];
      expect(msg.text).toContain(
        `${community.size} people across ${community.departments.map((d) => d.name).join(', ')}`,
      );
    });
  });

  describe('lead actions forged by a non-lead', () => {
    beforeEach(async () => {
      await addSnapshot(db(), '2026-11-16');
    });

    it.each([
      ['the lead view', ACTIONS.homeToggleLead, 'lead'],
      ['a department page', `${ACTIONS.homeDepartmentsPage}.next`, '1'],
      ['Refresh report', ACTIONS.homeRefreshReport, 'refresh'],
      ['Export CSV', ACTIONS.homeExportCsv, 'csv'],
      ['a dry-run round', ACTIONS.homeDryRun, 'dry-run'],
      ['Settings', ACTIONS.homeOpenSettings, 'settings'],
      ['Suggest a channel', ACTIONS.homeSuggestChannel, '0'],
    ])('refuses %s with an ephemeral "only leads" and changes nothing', async (_label, actionId, value) => {
      let hookCalls = 0;
      plug({
        refreshReport: async () => {
          hookCalls += 1;
        },
        exportCsv: () => {
          hookCalls += 1;
          return 'x';
        },
        dryRun: async () => {
          hookCalls += 1;
          return { eligible: 1, proposed: 1, unmatched: 0, reasons: [] };
        },
        renderHeatmapPng: () => {
          hookCalls += 1;
          return Buffer.from('png');
        },
      });
      await click(ALICE, actionId, value, () => slack.callsTo('chat.postEphemeral')[0]);
      const eph = slack.callsTo('chat.postEphemeral')[0].args;
      expect(eph.user).toBe(ALICE);
      expect(eph.text).toBe(ONLY_LEADS);
      await app().idle();
      expect(hookCalls).toBe(0);
      expect(
        slack
          .callsTo('views.publish')
          .map((c) => text(c.args.view))
          .join(''),
      ).not.toContain('Silo report');
      for (const m of ['views.open', 'chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal'])
        expect(slack.callsTo(m)).toHaveLength(0);
      expect(await db()('report_snapshots').count({ n: '*' }).first()).toEqual({ n: 1 });
    });

    it('refuses a forged settings submission and saves nothing', async () => {
      const res = await app().submit(ALICE, {
        callback_id: CALLBACKS.settingsModal,
        values: { privacyThreshold: { value: { type: 'number_input', value: '3' } } },
      });
      expect(res.status).toBe(200);
      expect(res.json().response_action).toBe('errors');
      expect(Object.values(res.json().errors)).toContain(ONLY_LEADS);
      expect(await db()('settings').count({ n: '*' }).first()).toEqual({ n: 0 });
    });

    it('offers no channels to a non-lead in the settings channel picker', async () => {
      await addChannel(db(), 'C0CLIMB', 'interest-climbing', 'purpose', []);
      const res = await app().options(ALICE, {
        action_id: ACTIONS.settingsChannelOverride,
        value: 'climb',
        callback_id: CALLBACKS.settingsModal,
      });
      expect(res.json()).toEqual({ options: [] });
    });
  });

  describe('settings', () => {
    /** Every word a lead reads on a page. */
    const words = (view: any) =>
      (JSON.stringify(view.blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [])
        .map((t) => JSON.parse(`{${t}}`).text)
        .join('\n');
    const NO_INTERNALS = /docs\/|\.md\b|src\/|\b[A-Z]+_[A-Z_]+\b|`[a-z]+\.[a-zA-Z.]+`/;

    it('opens a short main page of the choices a lead makes, in plain words', async () => {
      await click(LEAD, ACTIONS.homeOpenSettings, 'settings', () => slack.callsTo('views.open')[0]);
      const modal = slack.callsTo('views.open')[0].args.view;
      expect(modal.callback_id).toBe(CALLBACKS.settingsModal);
      const ids = modal.blocks.map((b: any) => b.block_id).filter(Boolean);
      for (const id of [
        'rounds.enabled',
        'rounds.cadence',
        'prompts.sendHour',
        'leads',
        'departmentSource.kind',
        'privacyThreshold',
        'nudges.enabled',
      ])
        expect(ids).toContain(id);
      expect(modal.blocks.length).toBeLessThanOrEqual(30);
      expect(modal.blocks.filter((b: any) => b.element?.type === 'number_input').length).toBeLessThanOrEqual(3);
      expect(words(modal)).not.toMatch(NO_INTERNALS);
      expect(words(modal)).not.toMatch(/weight|candidates|E-I|modularity/i);
      const threshold = modal.blocks.find((b: any) => b.block_id === 'privacyThreshold');
      expect(threshold.element).toMatchObject({ type: 'number_input', initial_value: '5', min_value: '3' });
      // on/off choices are radio buttons, so Slack adds no "(optional)" to them
      const rounds = modal.blocks.find((b: any) => b.block_id === 'rounds.enabled');
      expect(rounds).toMatchObject({ element: { type: 'radio_buttons' } });
      expect(rounds.optional).toBeFalsy();
      expect(JSON.stringify(modal)).toContain(ACTIONS.settingsUploadDepartments);
      expect(blockKitViolations(modal)).toEqual([]);
    });

    it('shows the tuning on an Advanced page, each value with one line on what it changes', async () => {
      const view = { id: 'VSETTINGS', callback_id: CALLBACKS.settingsModal };
      await app().action(LEAD, { action_id: ACTIONS.settingsOpenAdvanced, value: 'advanced' }, { view });
      await slack.waitFor(() => slack.callsTo('views.push').length > 0);
      const modal = slack.callsTo('views.push')[0].args.view;
      expect(modal.callback_id).toBe(CALLBACKS.settingsAdvancedModal);
      expect(modal.blocks.length).toBeLessThanOrEqual(100);
      const inputs = modal.blocks.filter((b: any) => b.type === 'input' && !String(b.block_id).startsWith('override.'));
      for (const b of inputs) {
        const line = b.element.type === 'radio_buttons' ? b.element.options[0].text.text : b.hint?.text;
        expect({ setting: b.block_id, line: typeof line === 'string' && line.length > 10 }).toEqual({
          setting: b.block_id,
          line: true,
        });
      }
      expect(inputs.map((b: any) => b.block_id)).toEqual(
        expect.arrayContaining(['rounds.weights.bridging', 'findings.unchangedWithin', 'channelKinds.purpose']),
      );
      expect(words(modal)).not.toMatch(NO_INTERNALS);
      expect(blockKitViolations(modal)).toEqual([]);
      // saving the Advanced page changes only its values
      const res = await app().submit(LEAD, {
        callback_id: CALLBACKS.settingsAdvancedModal,
        values: { 'rounds.weights.bridging': { value: { type: 'number_input', value: '2' } } },
      });
      expect(res.body).toBe('');
      expect((await settingsFor(db(), TEAM)).rounds.weights.bridging).toBe(2);
    });

    const validState = (over: Record<string, unknown> = {}) => ({
      'departmentSource.kind': { value: { type: 'static_select', selected_option: { value: 'channels' } } },
      'channelKinds.purpose': { value: { type: 'plain_text_input', value: 'cop-*, guild-*, club-*' } },
      'rounds.enabled': { value: { type: 'radio_buttons', selected_option: { value: 'on' } } },
      'rounds.cadence': { value: { type: 'static_select', selected_option: { value: 'weekly' } } },
      'rounds.coolDownDays': { value: { type: 'number_input', value: '90' } },
      'rounds.weights.bridging': { value: { type: 'number_input', value: '2.5' } },
      'prompts.sendHour': { value: { type: 'number_input', value: '11' } },
      privacyThreshold: { value: { type: 'number_input', value: '7' } },
      leads: { value: { type: 'multi_users_select', selected_users: [ALICE] } },
      'nudges.enabled': { value: { type: 'radio_buttons', selected_option: { value: 'off' } } },
      ...over,
    });

    it('saves a valid submission atomically and the next job reads it', async () => {
      await addChannel(db(), 'C0GEN', 'random-stuff', 'other', []);
      const res = await app().submit(LEAD, {
        callback_id: CALLBACKS.settingsModal,
        values: {
          ...validState(),
          'override.channel': {
            [ACTIONS.settingsChannelOverride]: { type: 'external_select', selected_option: { value: 'C0GEN' } },
          },
          'override.kind': { value: { type: 'static_select', selected_option: { value: 'purpose' } } },
        },
      });
      expect(res.status).toBe(200);
      expect(res.body).toBe('');
      const s = await settingsFor(db(), TEAM);
      expect(s.departmentSource.kind).toBe('channels');
      expect(s.channelKinds.purpose).toEqual(['cop-*', 'guild-*', 'club-*']);
      expect(s.rounds).toMatchObject({
        enabled: true,
        cadence: 'weekly',
        coolDownDays: 90,
        weights: { bridging: 2.5 },
      });
      expect(s.prompts.sendHour).toBe(11);
      expect(s.privacyThreshold).toBe(7);
      expect(s.leads).toEqual([ALICE]);
      expect(s.nudges.enabled).toBe(false);
      expect(await db()('channels').where({ channel_id: 'C0GEN' }).first()).toMatchObject({
        kind: 'purpose',
        kind_override: 'purpose',
      });
      // the new lead (from the settings list) may now use the lead view
      const before = publishedTo(slack, ALICE).length;
      await click(ALICE, ACTIONS.homeToggleLead, 'lead', () => publishedTo(slack, ALICE).length > before);
      expect(text(lastHome(slack, ALICE))).toContain('Silo report');
    });

    it('shows field errors in the modal and saves nothing when a value is invalid', async () => {
      const res = await app().submit(LEAD, {
        callback_id: CALLBACKS.settingsModal,
        values: validState({
          privacyThreshold: { value: { type: 'number_input', value: '2' } },
          'rounds.coolDownDays': { value: { type: 'number_input', value: 'soon' } },
          'channelKinds.purpose': { value: { type: 'plain_text_input', value: `cop-*, ${'x'.repeat(90)}` } },
        }),
      });
      const body = res.json();
      expect(body.response_action).toBe('errors');
      expect(body.errors.privacyThreshold).toBe('Enter a whole number from 3 to 100.');
      expect(body.errors['rounds.coolDownDays']).toBe('Enter a whole number from 0 to 730.');
      expect(body.errors['channelKinds.purpose']).toMatch(/1 to 80 characters/);
      expect(await db()('settings').count({ n: '*' }).first()).toEqual({ n: 0 });
    });

    it('lists matching channels in the per-channel override picker', async () => {
      await addChannel(db(), 'C0CLIMB', 'interest-climbing', 'purpose', []);
      await addChannel(db(), 'C0SALES', 'team-sales', 'department', []);
      const res = await app().options(LEAD, {
        action_id: ACTIONS.settingsChannelOverride,
        value: 'climb',
        callback_id: CALLBACKS.settingsModal,
      });
      expect(res.json().options).toEqual([
        { text: { type: 'plain_text', text: '#interest-climbing (purpose)' }, value: 'C0CLIMB' },
      ]);
    });
  });

  describe('the daily snapshot job', () => {
    // The job computes the report itself (services/report), with or without the Home's plug-ins;
    // the Home only draws and uploads the charts of the snapshot it stored.
    // The workspace has synced before: a first sync publishes reports of its own (syncAtScale.test.ts).
    beforeEach(async () => {
      const at = new Date('2026-11-01T00:00:00Z');
      await db()('sync_runs').insert({
        team_id: TEAM,
        run_id: 'earlier',
        started_at: at,
        finished_at: at,
        last_finished_at: at,
        history_oldest: at,
      });
    });
    it('uploads the new heat map as soon as the daily report is computed', async () => {
      await recordWorkspace(db(), { teamId: TEAM });
      plug({ renderHeatmapPng: () => Buffer.from('png-bytes') });
      app().clock.set('2026-11-16T06:00:00Z');
      await tick(app().services);
      expect(slack.uploads).toHaveLength(1);
      expect((await db()('report_snapshots').first()).chart_file_id).toBe(slack.uploads[0].fileId);
      expect(slack.callsTo('files.completeUploadExternal')[0].args.channel_id).toBeUndefined();
    });

    it('recomputes the report once a day at the configured hour', async () => {
      await recordWorkspace(db(), { teamId: TEAM });
      const days = async () =>
        (await db()('report_snapshots').where({ team_id: TEAM }).orderBy('day')).map((r) => r.day);
      const services = app().services;
      app().clock.set('2026-11-16T04:30:00Z');
      await tick(services);
      expect(await days()).toEqual([]);
      app().clock.set('2026-11-16T05:01:00Z');
      await tick(services);
      await tick(services);
      expect(await days()).toEqual(['2026-11-16']);
      app().clock.set('2026-11-17T05:10:00Z');
      await tick(services);
      expect(await days()).toEqual(['2026-11-16', '2026-11-17']);
    });
  });
});

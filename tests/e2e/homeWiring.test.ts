/**
 * The Home tab with the real features plugged in (as `weaver start` wires them): Refresh report
 * computes the silo report from the database, the heat map is a real PNG, the CSV is the report
 * module's, and the dry run comes from the matching — all without a single name.
 */
import type { Knex } from 'knex';
import { homeFeatures } from '../../src/services/home/features';
import { ACTIONS } from '../../src/views/actionIds';
import { blockKitViolations } from '../support/blockKitLimits';
import { useTestDatabase } from '../support/db';
import { addPerson } from '../support/factories';
import { useFakeSlack } from '../support/fakeSlack';
import { useTestApp } from '../support/testApp';
import { saveSettings } from '../../src/store/settings';
import { defaultSettings } from '../../src/domain/settings';

const TEAM = 'T0TEST';
const LEAD = 'U0LEAD';
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance'];

/** 3 departments of 6; Engineering and Sales talk among themselves and with each other, Finance only inside. */
async function seedOrganisation(db: Knex): Promise<string[]> {
  const people: string[] = [];
  for (const dept of DEPARTMENTS) {
    for (let i = 0; i < 6; i += 1) {
      const id = `U${dept.slice(0, 3).toUpperCase()}${i}`;
      people.push(id);
      await db('members').insert({
        team_id: TEAM,
        user_id: id,
        name: `${dept.toLowerCase()}${i}`,
        real_name: `${dept} Person ${i}`,
        department: dept,
        tz: 'Europe/London',
        tz_offset: 0,
      });
    }
  }
  await db('members').insert({ team_id: TEAM, user_id: LEAD, name: 'lead', department: 'Engineering' });
  const tie = (a: string, b: string) => ({
    team_id: TEAM,
    day: '2026-11-10',
    channel_id: 'C1',
    actor_id: a,
    target_id: b,
    kind: 'mention',
    count: 1,
  });
  const rows = [];
  for (const dept of DEPARTMENTS) {
    const p = people.filter((id) => id.startsWith(`U${dept.slice(0, 3).toUpperCase()}`));
    for (let i = 0; i < p.length; i += 1) for (let j = i + 1; j < p.length; j += 1) rows.push(tie(p[i], p[j]));
  }
  rows.push(tie('UENG0', 'USAL0'), tie('UENG1', 'USAL1'));
  await db('interactions').insert(rows);
  // Finance's 15 ties are below the default minimum of 30 behind a finding: a lead of a small workspace lowers it
  const settings = defaultSettings();
  await saveSettings(db, TEAM, { ...settings, findings: { ...settings.findings, minTies: 10 } });
  await db('channels').insert({ team_id: TEAM, channel_id: 'C1', name: 'general', kind: 'broadcast' });
  return people;
}

describe('App Home with the real report, chart, CSV and dry run', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const app = useTestApp(db, slack, { env: { WEAVER_LEADS: LEAD } });
  beforeEach(() => {
    app().services.home = homeFeatures();
  });

  it('refreshes the report from the database and shows the heat map as a real PNG', async () => {
    await seedOrganisation(db());
    addPerson(slack.workspace, { id: LEAD });
    await app().action(LEAD, { action_id: ACTIONS.homeRefreshReport, value: 'refresh' });
    await slack.waitFor(
      () => slack.callsTo('views.publish').some((c) => JSON.stringify(c.args.view).includes('Report refreshed')),
      15_000,
    );
    const snapshot = await db()('report_snapshots').where({ team_id: TEAM }).first();
    expect(snapshot.report.org.members).toBe(19);
    expect(snapshot.report.departments.find((d: { name: string }) => d.name === 'Finance').silo).toBe(true);
    const finalView = JSON.stringify(slack.callsTo('views.publish').at(-1)!.args.view);
    expect(slack.uploads).toHaveLength(1);
    expect(slack.uploads[0].bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(finalView).toContain(slack.uploads[0].fileId);
    expect(finalView).not.toMatch(/Person \d|UENG|USAL|UFIN/);
  });

  it('opens with the findings and shows the 12-week trend as a second real PNG once two weeks are stored', async () => {
    await seedOrganisation(db());
    addPerson(slack.workspace, { id: LEAD });
    const refreshed = () =>
      slack.callsTo('views.publish').filter((c) => JSON.stringify(c.args.view).includes('Report refreshed')).length;
    await app().action(LEAD, { action_id: ACTIONS.homeRefreshReport, value: 'refresh' });
    await slack.waitFor(() => refreshed() === 1, 15_000);
    // the same report stored a week earlier, when Finance was even more closed
    const today = await db()('report_snapshots').where({ team_id: TEAM }).first();
    const weekAgo = new Date(Date.parse(today.report.generatedAt) - 7 * 86_400_000).toISOString();
    const earlier = { ...today.report, generatedAt: weekAgo, org: { ...today.report.org, eiIndex: -0.95 } };
    await db()('report_snapshots').insert({
      team_id: TEAM,
      day: weekAgo.slice(0, 10),
      report: JSON.stringify(earlier),
    });
    const uploadsBefore = slack.uploads.length;
    await app().action(LEAD, { action_id: ACTIONS.homeRefreshReport, value: 'refresh' });
    await slack.waitFor(() => refreshed() === 2, 15_000);
    const view = slack.callsTo('views.publish').at(-1)!.args.view as { blocks: Array<Record<string, any>> };
    const trend = slack.uploads.slice(uploadsBefore).find((u) => u.filename?.startsWith('weaver-trend-'));
    expect(trend?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(view.blocks.some((b) => b.type === 'image' && b.slack_file?.id === trend?.fileId)).toBe(true);
    const findings = view.blocks.find((b) => b.type === 'section' && b.text?.text?.startsWith('*What stands out*'));
    expect(findings?.text.text).toMatch(/Finance talks mostly to itself: \d+ % of its \d+ ties stay inside/);
    expect(findings?.text.text).toContain('→ *Introduce Finance to');
    expect(JSON.stringify(view)).toContain('_−1: every tie inside its department, +1: every tie outside_');
    expect(blockKitViolations(view)).toEqual([]);
  });

  it("exports the report module's CSV to the lead", async () => {
    await seedOrganisation(db());
    addPerson(slack.workspace, { id: LEAD });
    await app().action(LEAD, { action_id: ACTIONS.homeRefreshReport, value: 'refresh' });
    await slack.waitFor(
      () => slack.callsTo('views.publish').some((c) => JSON.stringify(c.args.view).includes('Report refreshed')),
      15_000,
    );
    const before = slack.uploads.length;
    await app().action(LEAD, { action_id: ACTIONS.homeExportCsv, value: 'csv' });
    await slack.waitFor(() => slack.uploads.length > before);
    const csv = slack.uploads.at(-1)!.bytes.toString('utf8');
    expect(csv.split('\n')[0]).toBe('table,name,other,metric,value');
    expect(csv).toContain('Finance');
    expect(csv).not.toMatch(/UENG|USAL|UFIN/);
  });

  it('DMs the lead a dry-run round as counts and reasons, with nobody named', async () => {
    const people = await seedOrganisation(db());
    for (const id of [...people, LEAD]) addPerson(slack.workspace, { id });
    for (const id of people) {
      await db()('passions').insert({
        team_id: TEAM,
        user_id: id,
        tags: JSON.stringify([{ tag: 'bouldering', label: 'Bouldering' }]),
        teach: '[]',
        learn: '[]',
      });
    }
    await app().action(LEAD, { action_id: ACTIONS.homeDryRun, value: 'dry-run' });
    const msg = await slack.waitFor(
      () =>
        slack.callsTo('chat.postMessage').find((c) => JSON.stringify(c.args).includes('share at least one passion')),
      15_000,
    );
    const text = JSON.stringify(msg.args);
    expect(text).toMatch(/18/);
    expect(text).not.toMatch(/UENG|USAL|UFIN|Person \d|bouldering/i);
    // A quarter of rounds (7 every two weeks) simulated next to random pairing: Finance talks to
    // nobody outside, everyone shares a passion, so Weaver bridges every missing pair.
    expect(text).toMatch(/Projected effect of a quarter \(7 rounds\), Weaver next to random pairing/);
    const bridges = /missing bridges between departments closed: Weaver (\d+) of (\d+), random pairing \d+ of \2/;
    const [, closed, missing] = bridges.exec(text)!;
    expect(Number(missing)).toBeGreaterThanOrEqual(2);
    expect(closed).toBe(missing);
    // a heading true to its content, and no words an HR lead would have to look up
    expect(text).toContain('What the proposed introductions are based on');
    expect(text).not.toMatch(/Why people were left out or unmatched|weaver simulate|seed|org E-I/);
  });
});

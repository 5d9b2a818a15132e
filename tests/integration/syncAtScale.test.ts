/**
 * Install day of a 2,000-person workspace under Slack's rate limits (the test-sized run of
 * bench/sync.ts): which calls each department source makes, how many and in what order. Timing
 * goals are printed by the bench, not asserted here.
 */
import { leadDashboard } from '../../src/domain/dashboard';
import { introFunnel } from '../../src/domain/introductions/funnel';
import { membershipShare } from '../../src/domain/silos/membershipCoverage';
import type { SiloReport } from '../../src/domain/silos/types';
import { renderHtml } from '../../src/report/html';
import { renderText } from '../../src/report/text';
import { refreshSiloReport } from '../../src/services/report';
import type { ReportKind } from '../../src/services/sync';
import { leadBlocks } from '../../src/views/home/leadView';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { buildSyncFixture } from '../support/syncFixture';
import { installDay } from '../support/syncScenario';
import { TEST_BOT_TOKEN, testServices } from '../support/testApp';

// Thousands of calls through real HTTP and PostgreSQL: slow on a busy machine.
jest.setTimeout(180_000);

describe('install day at 2,000 people under rate limits', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const fx = buildSyncFixture({ people: 2000, projects: 190 });
  const run = (
    source: 'scim' | 'hr_file' | 'profile_field',
    withExport = false,
    onReport?: (kind: ReportKind, services: ReturnType<typeof testServices>) => Promise<void>,
  ) => {
    const s = testServices(db(), slack);
    return installDay({
      onReport,
      db: db(),
      fake: slack,
      fx,
      config: s.config,
      logger: s.logger,
      teamId: 'T0TEST',
      source,
      withExport,
      botToken: TEST_BOT_TOKEN,
      // as the bench: each answered call takes Slack time, so calls made at once are told apart from calls in turn
      latencyMs: 100,
    });
  };
  const pages = (n: number, size = 999) => Math.max(1, Math.ceil(n / size));
  const answered = (r: { calls: Record<string, number>; rateLimited: Record<string, number> }, m: string) =>
    (r.calls[m] ?? 0) - (r.rateLimited[m] ?? 0);
  const memberPages = () => fx.readable.reduce((s, c) => s + pages(c.members.length), 0);

  it('with SCIM: three SCIM pages read alongside the people and member lists, no profile reads, every 429 waited out', async () => {
    const r = await run('scim');
    expect(answered(r, 'scim.Users')).toBe(3); // 2,003 people at 1,000 a page
    expect(answered(r, 'users.list')).toBe(pages(fx.ws.users.length));
    expect(answered(r, 'conversations.members')).toBe(memberPages());
    expect(r.calls['users.profile.get'] ?? 0).toBe(0);
    expect(r.rateLimited['conversations.members']).toBeGreaterThan(0);
    // Slack limits each method apart: SCIM is read at install time with users.list (not after it),
    // and the member lists do not wait for departments.
    expect(r.firstCallAtMs['scim.Users']).toBe(0);
    expect(r.firstCallAtMs['users.list']).toBe(0);
    expect(r.firstCallAtMs['scim.Users']).toBeLessThan(r.lastCallAtMs['users.list']);
    expect(r.firstCallAtMs['conversations.members']).toBeLessThan(r.departmentsAtMs);
    expect(r.departmentsKnown / r.people).toBeGreaterThanOrEqual(0.9);
    expect(r.departmentsAtMs).toBeLessThan(r.membershipsAtMs);
    expect(r.calls['conversations.history'] ?? 0).toBe(0); // history waits for events and the export
  });

  it('reads member lists largest first and publishes a first report at 90 % of memberships, saying so everywhere', async () => {
    const reports: Array<{ kind: ReportKind; report: SiloReport; jobs: string[] }> = [];
    const r = await run('scim', false, async (kind, services) => {
      const jobs = await db()('jobs').where({ team_id: 'T0TEST', kind: 'report.snapshot' }).pluck('idempotency_key');
      // what the enqueued report.snapshot job does, run at the moment the sync asked for it
      const snapshot = await refreshSiloReport(services, 'T0TEST');
      reports.push({ kind, report: snapshot.report as SiloReport, jobs });
    });
    const size = new Map(fx.readable.map((c) => [c.id, c.members.length]));
    // most memberships per call first: each channel's members over its pages never grows along the order
    const perCall = r.membersOrder.map((id) => size.get(id)! / pages(size.get(id)!));
    expect(perCall.length).toBe(fx.readable.length);
    for (let i = 1; i < perCall.length; i++) expect(perCall[i]).toBeLessThanOrEqual(perCall[i - 1]);
    // most memberships per call first: random (1,900 members, 2 pages) before general (2,002, 3 pages)
    expect(r.membersOrder.slice(0, 2).map((id) => fx.readable.find((c) => c.id === id)!.name)).toEqual([
      'random',
      'general',
    ]);

    expect(reports.map((x) => x.kind)).toEqual(['first', 'complete']);
    expect(r.firstReportMs).toBeLessThan(r.fullReportMs);
    expect(r.firstReportMs).toBeLessThan(r.membershipsAtMs);
    const first = reports[0].report.data.memberships!;
    expect(reports[0].jobs).toEqual([expect.stringMatching(/^sync-report:.+:first$/)]);
    expect(first.channels).toBe(fx.readable.length);
    expect(first.memberships).toBe(fx.readable.reduce((s, c) => s + c.members.length, 0));
    expect(membershipShare(first)).toBeGreaterThanOrEqual(0.9);
    expect(first.channelsRead).toBeLessThan(first.channels);
    expect(first.restBy).not.toBeNull();
    const line = new RegExp(
      `Memberships read for ${first.channelsRead} of ${first.channels.toLocaleString('en-US')} channels, (9\\d) % of all memberships; the rest by about \\d\\d:\\d\\d UTC\\.`,
    );
    expect(renderText(reports[0].report)).toMatch(line);
    expect(renderHtml(reports[0].report)).toMatch(line);
    const home = leadDashboard({ day: '2026-11-16', report: reports[0].report }, null, 5, {
      activeMembers: 0,
      membersWithPassions: 0,
      introsAccepted: 0,
      introsMet: 0,
      funnel: introFunnel({ rounds: [], now: fx.now, threshold: 5 }),
    });
    expect(JSON.stringify(leadBlocks({ dashboard: home, page: 0, chartFileId: null, notice: null }))).toMatch(line);
    // the full report: every list read, nothing to qualify
    const full = reports[1].report.data.memberships!;
    expect(full.channelsRead).toBe(full.channels);
    expect(full.restBy).toBeNull();
    expect(renderText(reports[1].report)).not.toContain('Memberships read for');
  });

  it('with an HR file by e-mail: one more read of the people list (for e-mails), no SCIM, no profile reads', async () => {
    const r = await run('hr_file');
    expect(answered(r, 'users.list')).toBe(2 * pages(fx.ws.users.length));
    expect(r.calls['scim.Users'] ?? 0).toBe(0);
    expect(r.calls['users.profile.get'] ?? 0).toBe(0);
    expect(answered(r, 'conversations.members')).toBe(memberPages());
    expect(r.departmentsKnown / r.people).toBeGreaterThanOrEqual(0.9);
  });

  it('with the profile field: one users.profile.get per active person, read alongside the member lists', async () => {
    const r = await run('profile_field');
    expect(answered(r, 'users.profile.get')).toBe(fx.humans.length);
    expect(answered(r, 'team.profile.get')).toBe(1);
    expect(r.rateLimited['users.profile.get']).toBeGreaterThanOrEqual(Math.floor(fx.humans.length / 100) - 1);
    // the profiles are read after the people list, while the member lists are read (not after them)
    expect(r.firstCallAtMs['users.profile.get']).toBeGreaterThan(r.lastCallAtMs['users.list']);
    expect(r.firstCallAtMs['users.profile.get']).toBeLessThan(r.lastCallAtMs['conversations.members']);
    expect(r.departmentsKnown / r.people).toBeGreaterThanOrEqual(0.9);
    // 2,000 reads at 100 a minute: the profile field is what keeps the first report waiting.
    expect(r.departmentsAtMs).toBeGreaterThan(r.membershipsAtMs);
  });

  it('with a Slack export loaded first, memberships are known before Slack is asked anything', async () => {
    const r = await run('scim', true);
    expect(r.membershipsAtMs).toBe(0);
    expect(answered(r, 'scim.Users')).toBe(3);
    expect(r.firstReportMs).toBe(r.departmentsAtMs);
  });
});

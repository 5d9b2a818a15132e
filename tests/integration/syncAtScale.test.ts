/**
 * Install day of a 2,000-person workspace under Slack's rate limits (the test-sized run of
 * bench/sync.ts): which calls each department source makes, how many and in what order. Timing
 * goals are printed by the bench, not asserted here.
 */
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
  const run = (source: 'scim' | 'hr_file' | 'profile_field', withExport = false) => {
    const s = testServices(db(), slack);
    return installDay({
      db: db(),
      fake: slack,
      fx,
      config: s.config,
      logger: s.logger,
      teamId: 'T0TEST',
      source,
      withExport,
      botToken: TEST_BOT_TOKEN,
    });
  };
  const pages = (n: number, size = 999) => Math.max(1, Math.ceil(n / size));
  const answered = (r: { calls: Record<string, number>; rateLimited: Record<string, number> }, m: string) =>
    (r.calls[m] ?? 0) - (r.rateLimited[m] ?? 0);
  const memberPages = () => fx.readable.reduce((s, c) => s + pages(c.members.length), 0);
  const firstCallPrecedes = (order: string[], a: string, b: string) =>
    order.indexOf(a) >= 0 && order.indexOf(a) < order.indexOf(b);

  it('with SCIM: three SCIM pages before the member lists, no profile reads, every 429 waited out', async () => {
    const r = await run('scim');
    expect(answered(r, 'scim.Users')).toBe(3); // 2,003 people at 1,000 a page
    expect(answered(r, 'users.list')).toBe(pages(fx.ws.users.length));
    expect(answered(r, 'conversations.members')).toBe(memberPages());
    expect(r.calls['users.profile.get'] ?? 0).toBe(0);
    expect(r.rateLimited['conversations.members']).toBeGreaterThan(0);
    expect(firstCallPrecedes(r.methodOrder, 'users.list', 'scim.Users')).toBe(true);
    expect(firstCallPrecedes(r.methodOrder, 'scim.Users', 'conversations.members')).toBe(true);
    expect(r.departmentsKnown / r.people).toBeGreaterThanOrEqual(0.9);
    expect(r.departmentsAtMs).toBeLessThan(r.membershipsAtMs);
    expect(r.calls['conversations.history'] ?? 0).toBe(0); // history waits for events and the export
  });

  it('with an HR file by e-mail: one more read of the people list (for e-mails), no SCIM, no profile reads', async () => {
    const r = await run('hr_file');
    expect(answered(r, 'users.list')).toBe(2 * pages(fx.ws.users.length));
    expect(r.calls['scim.Users'] ?? 0).toBe(0);
    expect(r.calls['users.profile.get'] ?? 0).toBe(0);
    expect(answered(r, 'conversations.members')).toBe(memberPages());
    expect(r.departmentsKnown / r.people).toBeGreaterThanOrEqual(0.9);
  });

  it('with the profile field: one users.profile.get per active person, after the member lists', async () => {
    const r = await run('profile_field');
    expect(answered(r, 'users.profile.get')).toBe(fx.humans.length);
    expect(answered(r, 'team.profile.get')).toBe(1);
    expect(r.rateLimited['users.profile.get']).toBeGreaterThanOrEqual(Math.floor(fx.humans.length / 100) - 1);
    expect(firstCallPrecedes(r.methodOrder, 'conversations.members', 'users.profile.get')).toBe(true);
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

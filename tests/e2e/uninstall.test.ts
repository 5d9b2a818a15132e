import { main } from '../../src/cli/main';
import { tick } from '../../src/jobs/scheduler';
import { workspaceRowCounts } from '../../src/store/workspaceData';
import { testDatabaseUrl, useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { eventEnvelope, postToSlackEndpoint } from '../support/signedRequests';
import { startTestApp, type TestApp } from '../support/testApp';
import { seedWorkspaceRows } from '../support/workspaceRows';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('uninstalling Weaver from a workspace', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  beforeEach(async () => {
    await seedWorkspaceRows(db(), 'T0TEST');
    await seedWorkspaceRows(db(), 'T0OTHER');
  });

  const uninstalled = { type: 'app_uninstalled' };
  const revoked = { type: 'tokens_revoked', tokens: { bot: ['UBOTWEAVER'] } };

  it.each([
    ['app_uninstalled, then tokens_revoked', [uninstalled, revoked]],
    ['tokens_revoked, then app_uninstalled', [revoked, uninstalled]],
  ])(
    'deletes every row of the workspace in every table after %s, and nothing of other workspaces',
    async (_label, events) => {
      app = await startTestApp(db(), fake);
      const otherBefore = await workspaceRowCounts(db(), 'T0OTHER');
      expect(Object.keys(otherBefore).length).toBeGreaterThanOrEqual(13);
      for (const e of events) expect((await app.event(e)).status).toBe(200);
      await app.idle();
      // events_seen gets this delivery's id again after the deletion, which is fine (pruned daily)
      expect(await countsWithoutLedger('T0TEST')).toEqual({});
      expect(await workspaceRowCounts(db(), 'T0OTHER')).toEqual(otherBefore);
    },
  );

  async function countsWithoutLedger(teamId: string): Promise<Record<string, number>> {
    const { events_seen: _ledger, ...rest } = await workspaceRowCounts(db(), teamId);
    return rest;
  }

  it("an org-wide uninstall removes that org's install and the data of its workspaces, and nothing of another org", async () => {
    await db()('installations').insert([
      { enterprise_id: 'E0GRID', team_id: '', is_enterprise_install: true },
      { enterprise_id: 'E0OTHER', team_id: '', is_enterprise_install: true },
    ]);
    await db()('members').where({ team_id: 'T0TEST' }).update({ enterprise_id: 'E0GRID' });
    app = await startTestApp(db(), fake);
    // An org-wide install's events name the enterprise, not a workspace.
    const envelope = {
      ...eventEnvelope({ type: 'app_uninstalled' }, { eventId: 'EvORGUNINSTALL' }),
      team_id: undefined,
      enterprise_id: 'E0GRID',
      authorizations: [
        { enterprise_id: 'E0GRID', team_id: null, user_id: 'UBOTWEAVER', is_bot: true, is_enterprise_install: true },
      ],
    };
    expect((await postToSlackEndpoint(app.baseUrl, JSON.stringify(envelope), 'application/json')).status).toBe(200);
    await app.idle();
    expect(await db()('installations').where({ enterprise_id: 'E0GRID' }).first()).toBeUndefined();
    expect(await db()('passions').where({ team_id: 'T0TEST' }).first()).toBeUndefined();
    expect(await db()('installations').where({ enterprise_id: 'E0OTHER' }).count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(await db()('passions').where({ team_id: 'T0OTHER' }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('ignores tokens_revoked for user tokens only', async () => {
    app = await startTestApp(db(), fake);
    await app.event({ type: 'tokens_revoked', tokens: { oauth: ['U0ANA'] } });
    await app.idle();
    expect(await db()('installations').where({ team_id: 'T0TEST' }).count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(await db()('passions').where({ team_id: 'T0TEST' }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('with a grace period, removes the installation and stops jobs at once, and deletes the data when it ends', async () => {
    app = await startTestApp(db(), fake, { env: { WEAVER_UNINSTALL_GRACE_DAYS: '7' } });
    await app.event(uninstalled);
    await app.idle();
    expect(await db()('installations').where({ team_id: 'T0TEST' }).first()).toBeUndefined();
    expect(await db()('passions').where({ team_id: 'T0TEST' }).count({ n: '*' }).first()).toEqual({ n: 2 });
    const pending = await db()('jobs').where({ team_id: 'T0TEST' }).whereNull('done_at').select('kind', 'due_at');
    expect(pending).toEqual([
      { kind: 'workspace.delete_data', due_at: new Date(app.clock.now().getTime() + 7 * DAY_MS) },
    ]);
    await tick(app.services);
    expect(await db()('passions').where({ team_id: 'T0TEST' }).count({ n: '*' }).first()).toEqual({ n: 2 });
    app.clock.advance(7 * DAY_MS + 1000);
    await tick(app.services);
    expect(await workspaceRowCounts(db(), 'T0TEST')).toEqual({});
    expect(await db()('passions').where({ team_id: 'T0OTHER' }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('keeps the data when the workspace installs Weaver again within the grace period', async () => {
    app = await startTestApp(db(), fake, { env: { WEAVER_UNINSTALL_GRACE_DAYS: '7' } });
    await app.event(uninstalled);
    await app.idle();
    expect(await db()('installations').where({ team_id: 'T0TEST' }).first()).toBeUndefined();
    await db()('installations').insert({ team_id: 'T0TEST', enterprise_id: '' });
    app.clock.advance(8 * DAY_MS);
    await tick(app.services);
    expect(await db()('passions').where({ team_id: 'T0TEST' }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('weaver workspace delete TEAM_ID deletes the same by hand', async () => {
    const saved = { url: process.env.DATABASE_URL, level: process.env.LOG_LEVEL };
    process.env.DATABASE_URL = testDatabaseUrl();
    process.env.LOG_LEVEL = 'silent';
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['workspace', 'delete', 'T0TEST'])).toBe(0);
    } finally {
      restoreEnv('DATABASE_URL', saved.url);
      restoreEnv('LOG_LEVEL', saved.level);
      log.mockRestore();
    }
    expect(await workspaceRowCounts(db(), 'T0TEST')).toEqual({});
    expect(Object.keys(await workspaceRowCounts(db(), 'T0OTHER')).length).toBeGreaterThanOrEqual(13);
  });

  it('weaver workspace delete explains a malformed team id and deletes nothing', async () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['workspace', 'delete', 'not-a-team'])).toBe(2);
      expect(err.mock.calls.join(' ')).toMatch(/not a Slack team id/);
    } finally {
      err.mockRestore();
    }
    expect(Object.keys(await workspaceRowCounts(db(), 'T0TEST')).length).toBeGreaterThanOrEqual(13);
  });
});

describe('a deactivated person', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
  });

  it("loses their passions, introduction history and interactions; everyone else's stay", async () => {
    await seedWorkspaceRows(db(), 'T0TEST', ['U0ANA', 'U0BEN', 'U0CAT']);
    await db()('interactions').insert({
      team_id: 'T0TEST',
      day: '2026-11-11',
      channel_id: 'C0GENERAL',
      actor_id: 'U0BEN',
      target_id: 'U0CAT',
      kind: 'reply',
      count: 2,
    });
    app = await startTestApp(db(), fake);
    await app.event({ type: 'user_change', user: { id: 'U0ANA', team_id: 'T0TEST', deleted: true, name: 'ana' } });
    await app.idle();
    expect(await db()('passions').where({ user_id: 'U0ANA' }).first()).toBeUndefined();
    const n = async (table: string, where: (q: any) => any) =>
      Number((await where(db()(table)).count({ n: '*' }).first()).n);
    expect(await n('intro_members', (q) => q.where({ user_id: 'U0ANA' }))).toBe(0);
    expect(await n('intro_blocks', (q) => q.where({ blocked_user_id: 'U0ANA' }).orWhere({ user_id: 'U0ANA' }))).toBe(0);
    expect(await n('interactions', (q) => q.where({ actor_id: 'U0ANA' }).orWhere({ target_id: 'U0ANA' }))).toBe(0);
    expect(
      await n('interaction_tombstones', (q) => q.where({ actor_id: 'U0ANA' }).orWhere({ target_id: 'U0ANA' })),
    ).toBe(0);
    expect(await n('jobs', (q) => q.whereRaw("payload->>'userId' = 'U0ANA'").whereNull('done_at'))).toBe(0);
    expect(await n('passions', (q) => q.whereIn('user_id', ['U0BEN', 'U0CAT']))).toBe(2);
    expect(await n('interactions', (q) => q.where({ actor_id: 'U0BEN', target_id: 'U0CAT' }))).toBe(1);
    expect(await n('intro_members', (q) => q.whereIn('user_id', ['U0BEN', 'U0CAT']))).toBe(2);
  });

  it('keeps everything when a profile changes without a deactivation', async () => {
    await seedWorkspaceRows(db(), 'T0TEST');
    app = await startTestApp(db(), fake);
    await app.event({ type: 'user_change', user: { id: 'U0ANA', team_id: 'T0TEST', deleted: false, name: 'ana' } });
    await app.idle();
    expect(await db()('passions').where({ user_id: 'U0ANA' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

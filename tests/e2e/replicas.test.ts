import { defineJob } from '../../src/jobs/registry';
import { tick } from '../../src/jobs/scheduler';
import { enqueueJob } from '../../src/store/jobs';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { sendEvent } from '../support/signedRequests';
import { startTestApp, type TestApp } from '../support/testApp';
import { INTRO_ORG, seedIntroOrg } from '../support/introOrg';
import { markWorkspaceSynced } from '../support/workspaceState';
import { homeFeatures } from '../../src/services/home/features';
import { ACTIONS } from '../../src/views/actionIds';

const jobRuns: string[] = [];
defineJob('test.replica_job', async (services, job) => {
  // A real Slack call per job, so a double run would show as a second message.
  const client = await services.slackFor(job.team_id);
  await client!.chat.postMessage({ channel: 'C0RUNS', text: String(job.payload.key) });
  jobRuns.push(String(job.payload.key));
  return 'done';
});

describe('two replicas of the app on one PostgreSQL', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let a: TestApp;
  let b: TestApp;
  beforeEach(async () => {
    jobRuns.length = 0;
    a = await startTestApp(db(), fake);
    b = await startTestApp(db(), fake);
  });
  afterEach(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  it('processes each event once when Slack delivers it, and its retries, to both replicas at the same time', async () => {
    const users = Array.from({ length: 25 }, (_, i) => `U0P${String(i).padStart(3, '0')}`);
    const sends = users.flatMap((user, i) => {
      const event = { type: 'app_home_opened', user, tab: 'home' };
      const eventId = `EvREPLICA${String(i).padStart(4, '0')}`;
      return [
        sendEvent(a.baseUrl, event, { eventId }),
        sendEvent(b.baseUrl, event, { eventId }),
        sendEvent(b.baseUrl, event, { eventId, retryNum: 1 }),
        sendEvent(a.baseUrl, event, { eventId, retryNum: 2 }),
      ];
    });
    const responses = await Promise.all(sends);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await fake.waitFor(() => fake.callsTo('views.publish').length >= users.length);
    await new Promise((r) => setTimeout(r, 300));
    const published = fake
      .callsTo('views.publish')
      .map((c) => c.args.user_id)
      .sort();
    expect(published).toEqual(users);
    expect(await db()('events_seen').count({ n: '*' }).first()).toEqual({ n: users.length });
  });

  it('runs each job once when both replicas tick at the same moment', async () => {
    for (let i = 0; i < 40; i += 1) {
      await enqueueJob(db(), {
        teamId: 'T0TEST',
        kind: 'test.replica_job',
        dueAt: a.clock.now(),
        idempotencyKey: `replica:${i}`,
        payload: { key: `job${i}` },
      });
    }
    await Promise.all([
      tick(a.services, { worker: 'replica-a', batch: 4, plan: false }),
      tick(b.services, { worker: 'replica-b', batch: 4, plan: false }),
      tick(a.services, { worker: 'replica-a2', batch: 4, plan: false }),
    ]);
    expect(jobRuns.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `job${i}`).sort());
    expect(fake.callsTo('chat.postMessage')).toHaveLength(40);
    expect(await db()('jobs').whereNull('done_at').count({ n: '*' }).first()).toEqual({ n: 0 });
    const workers = await db()('jobs').distinct('locked_by').pluck('locked_by');
    expect(workers.length).toBeGreaterThan(1);
  });

  it('creates one introduction round per period and one report snapshot per day, each suggestion sent once, when both replicas run the scheduler', async () => {
    for (const r of [a, b]) r.services.home = homeFeatures();
    await seedIntroOrg(db(), fake);
    await markWorkspaceSynced(db(), 'T0TEST');
    // Monday 10:00 UTC (after the 05:00 UTC snapshot hour), then Tuesday noon, when every
    // suggestion's local send time has come and no reminder is due yet.
    for (const day of ['2026-11-16T10:00:00Z', '2026-11-17T12:00:00Z']) {
      for (const r of [a, b]) r.clock.set(day);
      for (let pass = 0; pass < 2; pass += 1) {
        await Promise.all([
          tick(a.services, { worker: 'a' }),
          tick(b.services, { worker: 'b' }),
          tick(a.services, { worker: 'a2' }),
        ]);
      }
    }
    expect(await db()('intro_rounds').count({ n: '*' }).first()).toEqual({ n: 1 });
    expect(
      (await db()('report_snapshots').orderBy('day').pluck('day')).map((d: unknown) => String(d).slice(0, 10)),
    ).toEqual(['2026-11-16', '2026-11-17']);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(2);
    const suggestions = fake
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.args.blocks ?? '').includes(ACTIONS.introAccept));
    expect(suggestions.map((c) => c.args.channel).sort()).toEqual(INTRO_ORG.map((p) => p.id).sort());
  });

  it('plans once per idempotency key when both replicas plan the same workspace', async () => {
    await db()('installations').insert({ team_id: 'T0TEST', enterprise_id: '' });
    await Promise.all([tick(a.services, { worker: 'a' }), tick(b.services, { worker: 'b' })]);
    const planned = await db()('jobs').where({ kind: 'maintenance.prune_events' }).count({ n: '*' }).first();
    expect(planned).toEqual({ n: 1 });
  });
});

describe('/metrics', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp(db(), fake);
  });
  afterEach(() => app.stop());

  const value = (text: string, series: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };

  it('counts events ingested (once per event, not per retry), Slack API calls and rate limits, in Prometheus format', async () => {
    const before = await (await fetch(`${app.baseUrl}/metrics`)).text();
    fake.failNext('views.publish', { kind: 'rate_limited', retryAfter: 0 });
    const event = { type: 'app_home_opened', user: 'U0METRIC', tab: 'home' };
    await app.event(event, { eventId: 'EvMETRICS001' });
    await app.event(event, { eventId: 'EvMETRICS001', retryNum: 1 });
    await fake.waitFor(() => fake.callsTo('views.publish').length === 2);
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${app.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const after = await res.text();
    expect(after).toContain('# TYPE weaver_events_ingested_total counter');
    const delta = (s: string) => value(after, s) - value(before, s);
    expect(delta('weaver_events_ingested_total{type="app_home_opened"}')).toBe(1);
    expect(delta('weaver_slack_api_calls_total{method="views.publish"}')).toBe(2);
    expect(delta('weaver_slack_rate_limited_total{method="views.publish"}')).toBe(1);
  });

  it('shows the backlog of acked events still being processed, back to 0 when they are done', async () => {
    const pending = async () => value(await (await fetch(`${app.baseUrl}/metrics`)).text(), 'weaver_events_pending');
    expect(await pending()).toBe(0);
    // Joins to a channel Weaver has not seen: processing waits on a slow conversations.info.
    fake.failNext('conversations.info', { kind: 'hang', ms: 1500 }, 3);
    for (let i = 0; i < 3; i += 1)
      await app.event({ type: 'member_joined_channel', user: `U0JOIN${i}`, channel: 'C0SLOW', channel_type: 'C' });
    expect(await pending()).toBe(3);
    const deadline = Date.now() + 5000;
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await pending()).toBe(0);
  });

  it('asks Slack who the bot is once, not before every event (single-workspace mode)', async () => {
    for (let i = 0; i < 5; i += 1) await app.event({ type: 'app_home_opened', user: `U0ONCE${i}`, tab: 'home' });
    await fake.waitFor(() => fake.callsTo('views.publish').length === 5);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('counts jobs run and failed by kind', async () => {
    const before = await (await fetch(`${app.baseUrl}/metrics`)).text();
    await enqueueJob(db(), {
      teamId: 'T0TEST',
      kind: 'test.replica_job',
      dueAt: app.clock.now(),
      payload: { key: 'm1' },
    });
    await enqueueJob(db(), {
      teamId: 'T0TEST',
      kind: 'test.replica_job',
      dueAt: app.clock.now(),
      payload: { key: 'm2' },
    });
    fake.failNext('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
    await tick(app.services, { plan: false });
    const after = await (await fetch(`${app.baseUrl}/metrics`)).text();
    expect(
      value(after, 'weaver_jobs_run_total{kind="test.replica_job"}') -
        value(before, 'weaver_jobs_run_total{kind="test.replica_job"}'),
    ).toBe(1);
    expect(
      value(after, 'weaver_jobs_failed_total{kind="test.replica_job"}') -
        value(before, 'weaver_jobs_failed_total{kind="test.replica_job"}'),
    ).toBe(1);
  });
});

describe('workspaces the scheduler serves', () => {
  const db = useTestDatabase();

  it('includes each installed workspace once, and the workspaces of an org with an org-wide install', async () => {
    const { activeTeamIds } = await import('../../src/store/workspaces');
    await db()('installations').insert([
      { enterprise_id: '', team_id: 'T0SOLO' },
      { enterprise_id: 'E0GRID', team_id: '', is_enterprise_install: true },
    ]);
    await db()('members').insert([
      { team_id: 'T0BRANCH', user_id: 'U1', enterprise_id: 'E0GRID' },
      { team_id: 'T0BRANCH', user_id: 'U2', enterprise_id: 'E0GRID' },
      { team_id: 'T0ELSEWHERE', user_id: 'U3', enterprise_id: 'E0UNINSTALLED' },
    ]);
    expect(await activeTeamIds(db())).toEqual(['T0BRANCH', 'T0SOLO']);
  });
});

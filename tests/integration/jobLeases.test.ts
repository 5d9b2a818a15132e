/**
 * Job leases (issue 13, case 7): a claimed job keeps its lease while it runs, however long, so a
 * second replica polling meanwhile never runs it too; finished jobs are deleted after 30 days.
 */
import { defineJob } from '../../src/jobs/registry';
import { tick } from '../../src/jobs/scheduler';
import { enqueueJob } from '../../src/store/jobs';
import { useTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fakeSlack';
import { TestClock, testServices } from '../support/testApp';

const started: string[] = [];
let release: () => void = () => undefined;
let gate = Promise.resolve();
defineJob('test.lease_slow', async (_services, job) => {
  started.push(String(job.payload.key));
  if (job.payload.key === 'slow') await gate;
  return 'done';
});

const DAY = 86_400_000;

describe('job leases', () => {
  const db = useTestDatabase();
  const fake = new FakeSlack();

  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('never runs a job on two replicas, even when it and the rest of its batch outlive the lease', async () => {
    started.length = 0;
    gate = new Promise<void>((r) => (release = r));
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    for (const key of ['slow', 'next']) {
      const job = { teamId: 'T1', kind: 'test.lease_slow', dueAt: clock.now(), idempotencyKey: key, payload: { key } };
      await enqueueJob(db(), job);
    }
    const a = testServices(db(), fake, clock);
    const b = testServices(db(), fake, clock);
    // Replica A claims both jobs (one batch) and is stuck in the first one.
    const first = tick(a, { worker: 'replica-a', plan: false, leaseMs: 2 * 60_000, heartbeatMs: 20 });
    await until(async () => started.length === 1, 'the slow job to start');
    // Ten minutes pass: five times the lease A claimed the jobs with.
    clock.advance(10 * 60_000);
    await until(async () => {
      const rows = await db()('jobs').select('locked_until');
      return rows.every((r) => r.locked_until.getTime() > clock.now().getTime());
    }, 'the heartbeat to renew both leases');
    // Replica B polls meanwhile: nothing is free for it.
    expect(await tick(b, { worker: 'replica-b', plan: false })).toEqual({ ran: 0, failed: 0, deferred: 0 });
    release();
    expect(await first).toEqual({ ran: 2, failed: 0, deferred: 0 });
    expect(started).toEqual(['slow', 'next']);
    expect(await db()('jobs').whereNull('done_at').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('lets another replica take over the jobs of a worker that stopped renewing (it died)', async () => {
    started.length = 0;
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    await enqueueJob(db(), { teamId: 'T1', kind: 'test.lease_slow', dueAt: clock.now(), payload: { key: 'orphan' } });
    const leaseEnd = new Date(clock.now().getTime() + 2 * 60_000);
    await db()('jobs').update({ locked_by: 'dead-worker', locked_until: leaseEnd, attempts: 1 });
    expect(await tick(testServices(db(), fake, clock), { plan: false })).toEqual({ ran: 0, failed: 0, deferred: 0 });
    clock.advance(3 * 60_000);
    expect(await tick(testServices(db(), fake, clock), { plan: false })).toEqual({ ran: 1, failed: 0, deferred: 0 });
    expect(started).toEqual(['orphan']);
  });

  it('deletes finished jobs older than 30 days, and keeps the ones whose key means "once ever"', async () => {
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const old = new Date(clock.now().getTime() - 40 * DAY);
    const recent = new Date(clock.now().getTime() - 5 * DAY);
    await db()('jobs').insert([
      { team_id: 'T1', kind: 'intro.suggest', due_at: old, done_at: old, idempotency_key: 'intro-suggest:1:U1' },
      { team_id: 'T1', kind: 'maintenance.prune_events', due_at: old, done_at: old, idempotency_key: 'prune-events:1' },
      { team_id: 'T1', kind: 'intro.expire', due_at: old, failed_at: old, idempotency_key: null },
      { team_id: 'T1', kind: 'intro.suggest', due_at: recent, done_at: recent, idempotency_key: 'intro-suggest:2:U1' },
      { team_id: 'T1', kind: 'prompt.send', due_at: old, done_at: old, idempotency_key: 'prompt:first:U1' },
      { team_id: 'T1', kind: 'intro.suggest', due_at: old, idempotency_key: 'intro-suggest:3:U1' },
    ]);
    await enqueueJob(db(), { teamId: 'T1', kind: 'maintenance.prune_jobs', dueAt: clock.now() });
    await tick(testServices(db(), fake, clock), { plan: false });
    const left = await db()('jobs')
      .where({ team_id: 'T1' })
      .whereNot({ kind: 'maintenance.prune_jobs' })
      .orderBy('id')
      .pluck('idempotency_key');
    expect(left).toEqual(['intro-suggest:2:U1', 'prompt:first:U1', 'intro-suggest:3:U1']);
  });
});

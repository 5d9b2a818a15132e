import { defineJob } from '../../src/jobs/registry';
import { runJob, tick } from '../../src/jobs/scheduler';
import { claimDueJobs, enqueueJob } from '../../src/store/jobs';
import { useTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fakeSlack';
import { TestClock, testServices } from '../support/testApp';

const runs: Array<{ key: string; worker?: string }> = [];
defineJob('test.record', async (_services, job) => {
  runs.push({ key: String(job.payload.key) });
  return 'done';
});
let failuresLeft = 0;
defineJob('test.flaky', async () => {
  if (failuresLeft > 0) {
    failuresLeft -= 1;
    throw new Error('Slack said no');
  }
  runs.push({ key: 'flaky' });
  return 'done';
});

describe('the durable job scheduler', () => {
  const db = useTestDatabase();
  const fake = new FakeSlack();
  const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
  beforeEach(() => {
    runs.length = 0;
  });

  it('enqueues a job once per idempotency key, however often it is planned', async () => {
    const first = await enqueueJob(db(), {
      teamId: 'T1',
      kind: 'test.record',
      dueAt: clock.now(),
      idempotencyKey: 'k1',
      payload: { key: 'a' },
    });
    const again = await enqueueJob(db(), {
      teamId: 'T1',
      kind: 'test.record',
      dueAt: clock.now(),
      idempotencyKey: 'k1',
      payload: { key: 'a' },
    });
    expect(first).not.toBeNull();
    expect(again).toBeNull();
    await tick(testServices(db(), fake, clock), { plan: false });
    expect(runs).toEqual([{ key: 'a' }]);
  });

  it('runs nothing before it is due', async () => {
    await enqueueJob(db(), {
      teamId: 'T1',
      kind: 'test.record',
      dueAt: new Date(clock.now().getTime() + 60_000),
      payload: { key: 'later' },
    });
    await tick(testServices(db(), fake, clock), { plan: false });
    expect(runs).toHaveLength(0);
    clock.advance(61_000);
    await tick(testServices(db(), fake, clock), { plan: false });
    expect(runs).toEqual([{ key: 'later' }]);
  });

  it('runs each job once when two schedulers share the database', async () => {
    for (let i = 0; i < 60; i += 1) {
      await enqueueJob(db(), {
        teamId: 'T1',
        kind: 'test.record',
        dueAt: clock.now(),
        idempotencyKey: `k${i}`,
        payload: { key: `job${i}` },
      });
    }
    const a = testServices(db(), fake, clock);
    const b = testServices(db(), fake, clock);
    await Promise.all([
      tick(a, { worker: 'a', batch: 3, plan: false }),
      tick(b, { worker: 'b', batch: 3, plan: false }),
    ]);
    expect(runs).toHaveLength(60);
    expect(new Set(runs.map((r) => r.key)).size).toBe(60);
  });

  it('retries a job whose process died after claiming it, once its lease runs out', async () => {
    await enqueueJob(db(), { teamId: 'T1', kind: 'test.record', dueAt: clock.now(), payload: { key: 'orphan' } });
    const claimed = await claimDueJobs(db(), clock.now(), { limit: 10, worker: 'crashed', leaseMs: 5 * 60_000 });
    expect(claimed).toHaveLength(1);
    // the claiming process dies here, before running it
    await tick(testServices(db(), fake, clock), { plan: false });
    expect(runs).toHaveLength(0);
    clock.advance(6 * 60_000);
    await tick(testServices(db(), fake, clock), { plan: false });
    expect(runs).toEqual([{ key: 'orphan' }]);
  });

  it('retries a failing job with backoff and records the error', async () => {
    failuresLeft = 2;
    await enqueueJob(db(), { teamId: 'T1', kind: 'test.flaky', dueAt: clock.now() });
    const services = testServices(db(), fake, clock);
    await tick(services, { plan: false });
    const row = await db()('jobs').first();
    expect(row.last_error).toBe('Slack said no');
    expect(row.done_at).toBeNull();
    clock.advance(60 * 60_000);
    await tick(services, { plan: false });
    clock.advance(60 * 60_000);
    await tick(services, { plan: false });
    expect(runs).toEqual([{ key: 'flaky' }]);
    expect((await db()('jobs').first()).done_at).not.toBeNull();
  });

  it('gives up on a job of an unknown kind instead of retrying it forever', async () => {
    await enqueueJob(db(), { teamId: 'T1', kind: 'test.nobody', dueAt: clock.now() });
    const [job] = await claimDueJobs(db(), clock.now(), { limit: 1, worker: 'x', leaseMs: 1000 });
    expect(await runJob(testServices(db(), fake, clock), job)).toBe('failed');
  });
});

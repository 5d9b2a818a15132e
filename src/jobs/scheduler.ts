/**
 * The scheduler: node-schedule wakes it every few seconds; each tick runs the planners for every
 * workspace and then the due jobs. The `jobs` table is the only source of truth, so a restart loses
 * nothing and replicas share the work through PostgreSQL alone.
 */
import { randomUUID } from 'node:crypto';
import schedule from 'node-schedule';
import type { Services } from '../services/context';
import { claimDueJobs, completeJob, deferJob, failJob, renewLeases, type JobRow } from '../store/jobs';
import { activeTeamIds } from '../store/workspaces';
import { allPlanners, jobHandler } from './registry';
import { metrics } from '../metrics';
import { postingOnce, type JobPosts } from '../slack/postOnce';
import './kinds';

export interface TickResult {
  ran: number;
  failed: number;
  deferred: number;
}

/**
 * Each claimed job holds its own lease (jobs.locked_until) until it finishes: a heartbeat renews
 * every held job's lease while the tick runs, so a job that outlives LEASE_MS (a long sync slice,
 * or the last of a batch waiting its turn) is never claimed by another replica; a process that
 * dies stops renewing, and its jobs are claimed again LEASE_MS later.
 */
export const LEASE_MS = 2 * 60_000;
const HEARTBEAT_MS = 20_000;

/** Backoff for a failed attempt: 1, 4, 9, 16 … minutes, at most an hour; honours a Slack Retry-After. */
export function retryDelayMs(attempts: number, err: unknown): number {
  const retryAfter = (err as { retryAfter?: number })?.retryAfter;
  if (typeof retryAfter === 'number' && retryAfter > 0) return retryAfter * 1000;
  return Math.min(60, attempts * attempts) * 60_000;
}

export async function runJob(services: Services, job: JobRow): Promise<'done' | 'deferred' | 'retry' | 'failed'> {
  const now = services.now();
  const handler = jobHandler(job.kind);
  if (!handler) {
    return failJob(
      services.db,
      { ...job, attempts: job.max_attempts },
      `no handler for job kind ${job.kind}`,
      now,
      now,
    );
  }
  // Messages this job posts are exactly-once across crashes and reruns (src/slack/postOnce.ts).
  const posts: JobPosts = {
    jobId: job.id,
    mayHavePosted: job.attempts > 1,
    logger: services.logger,
    count: 0,
    config: services.config,
  };
  const jobServices: Services = {
    ...services,
    slackFor: async (teamId) => {
      const client = await services.slackFor(teamId);
      return client && postingOnce(client, posts);
    },
  };
  try {
    const result = await handler(jobServices, job);
    if (result === 'done') {
      await completeJob(services.db, job.id, services.now());
      metrics.jobsRun.inc({ kind: job.kind }); // /metrics: jobs run and failed per kind
      return 'done';
    }
    await deferJob(services.db, job.id, result.deferUntil);
    return 'deferred';
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    metrics.jobsFailed.inc({ kind: job.kind });
    services.logger.warn(
      { jobId: job.id, kind: job.kind, teamId: job.team_id, attempts: job.attempts, err: message },
      'job failed',
    );
    return failJob(
      services.db,
      job,
      message,
      services.now(),
      new Date(services.now().getTime() + retryDelayMs(job.attempts, err)),
    );
  }
}

export interface TickOptions {
  worker?: string;
  /** jobs claimed per query (each keeps its own renewed lease until it has run) */
  batch?: number;
  plan?: boolean;
  leaseMs?: number;
  heartbeatMs?: number;
  /** stop claiming new jobs once this returns true (shutdown); held jobs are released */
  stopping?: () => boolean;
}

/** Renews the leases of the jobs in `held` every `everyMs` until stopped; logs a lease found lost. */
function leaseHeartbeat(
  services: Services,
  held: Set<number>,
  worker: string,
  leaseMs: number,
  everyMs: number,
): () => Promise<void> {
  let beat: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beat = beat.then(async () => {
      const ids = [...held];
      if (!ids.length) return;
      try {
        const until = new Date(services.now().getTime() + leaseMs);
        const renewed = new Set(await renewLeases(services.db, ids, worker, until));
        const lost = ids.filter((id) => held.has(id) && !renewed.has(id));
        if (lost.length) {
          services.logger.warn({ worker, jobIds: lost }, 'job lease lost: another worker may have claimed it');
        }
      } catch (err) {
        services.logger.warn({ worker, err: (err as Error).message }, 'job lease renewal failed');
      }
    });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await beat;
  };
}

/** One pass: plan, then run every due job (in batches) until none is left. */
export async function tick(services: Services, opts: TickOptions = {}): Promise<TickResult> {
  const worker = opts.worker ?? `w-${process.pid}`;
  const result: TickResult = { ran: 0, failed: 0, deferred: 0 };
  if (opts.plan !== false) {
    for (const teamId of await activeTeamIds(services.db)) {
      for (const [name, planner] of allPlanners()) {
        try {
          await planner(services, teamId);
        } catch (err) {
          services.logger.warn({ planner: name, teamId, err: (err as Error).message }, 'planner failed');
        }
      }
    }
  }
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const held = new Set<number>();
  const stopHeartbeat = leaseHeartbeat(services, held, worker, leaseMs, opts.heartbeatMs ?? HEARTBEAT_MS);
  try {
    while (!opts.stopping?.()) {
      const jobs = await claimDueJobs(services.db, services.now(), { limit: opts.batch ?? 20, worker, leaseMs });
      if (!jobs.length) break;
      for (const job of jobs) held.add(job.id);
      for (const job of jobs) {
        if (opts.stopping?.()) {
          // Shutting down: hand the jobs not yet started back now rather than when their lease ends.
          await deferJob(services.db, job.id, job.due_at);
          held.delete(job.id);
          continue;
        }
        try {
          const outcome = await runJob(services, job);
          if (outcome === 'done') result.ran += 1;
          else if (outcome === 'deferred') result.deferred += 1;
          else result.failed += 1;
        } finally {
          held.delete(job.id);
        }
      }
    }
  } finally {
    await stopHeartbeat();
  }
  return result;
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

/**
 * Starts ticking every `everySeconds`. stop() cancels the ticks, lets the running job finish (the
 * jobs claimed after it are handed back) and resolves only then, so the caller can close the
 * database after it. A job still running after `stopWaitMs` is abandoned to its lease.
 */
export function startScheduler(services: Services, everySeconds = 15, stopWaitMs = 30_000): RunningScheduler {
  const worker = `w-${randomUUID().slice(0, 8)}`;
  let running: Promise<unknown> | null = null;
  let stopping = false;
  const job = schedule.scheduleJob(`*/${everySeconds} * * * * *`, () => {
    if (running || stopping) return;
    running = tick(services, { worker, stopping: () => stopping })
      .catch((err) => services.logger.error({ err: (err as Error).message }, 'scheduler tick failed'))
      .finally(() => {
        running = null;
      });
  });
  return {
    async stop() {
      stopping = true;
      job?.cancel();
      if (!running) return;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        running.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), stopWaitMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        services.logger.warn({ worker, waitedMs: stopWaitMs }, 'scheduler stopped with a job still running');
      }
    },
  };
}

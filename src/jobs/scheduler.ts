/**
 * The scheduler: node-schedule wakes it every few seconds; each tick runs the planners for every
 * workspace and then the due jobs. The `jobs` table is the only source of truth, so a restart loses
 * nothing and replicas share the work through PostgreSQL alone.
 */
import { randomUUID } from 'node:crypto';
import schedule from 'node-schedule';
import type { Services } from '../services/context';
import { claimDueJobs, completeJob, deferJob, failJob, type JobRow } from '../store/jobs';
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

const LEASE_MS = 5 * 60_000;

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
    return failJob(services.db, { ...job, attempts: job.max_attempts }, `no handler for job kind ${job.kind}`, now, now);
  }
  // Messages this job posts are exactly-once across crashes and reruns (src/slack/postOnce.ts).
  const posts: JobPosts = { jobId: job.id, mayHavePosted: job.attempts > 1, logger: services.logger, count: 0, config: services.config };
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
      metrics.jobsRun.inc({ kind: job.kind }); // /metrics (issue 8)
      return 'done';
    }
    await deferJob(services.db, job.id, result.deferUntil);
    return 'deferred';
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    metrics.jobsFailed.inc({ kind: job.kind }); // /metrics (issue 8)
    services.logger.warn({ jobId: job.id, kind: job.kind, teamId: job.team_id, attempts: job.attempts, err: message }, 'job failed');
    return failJob(services.db, job, message, services.now(), new Date(services.now().getTime() + retryDelayMs(job.attempts, err)));
  }
}

/** One pass: plan, then run every due job (in batches) until none is left. */
export async function tick(services: Services, opts: { worker?: string; batch?: number; plan?: boolean } = {}): Promise<TickResult> {
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
  for (;;) {
    const jobs = await claimDueJobs(services.db, services.now(), { limit: opts.batch ?? 20, worker, leaseMs: LEASE_MS });
    if (!jobs.length) break;
    for (const job of jobs) {
      const outcome = await runJob(services, job);
      if (outcome === 'done') result.ran += 1;
      else if (outcome === 'deferred') result.deferred += 1;
      else result.failed += 1;
    }
  }
  return result;
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

/** Starts ticking every `everySeconds`; stop() waits (bounded) for the running tick to finish. */
export function startScheduler(services: Services, everySeconds = 15): RunningScheduler {
  const worker = `w-${randomUUID().slice(0, 8)}`;
  let running: Promise<unknown> | null = null;
  const job = schedule.scheduleJob(`*/${everySeconds} * * * * *`, () => {
    if (running) return;
    running = tick(services, { worker })
      .catch((err) => services.logger.error({ err: (err as Error).message }, 'scheduler tick failed'))
      .finally(() => {
        running = null;
      });
  });
  return {
    async stop() {
      job?.cancel();
      if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}

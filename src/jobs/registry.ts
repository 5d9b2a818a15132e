/**
 * What the scheduler knows how to do. Features register:
 * - job kinds: `defineJob('prompt.send', handler)`; a handler gets the claimed job and returns
 *   'done', or { deferUntil } to wait (e.g. for the person's working hours) without counting an attempt;
 * - planners: `definePlanner('prompts', fn)`, run on every tick for every workspace, which enqueue
 *   jobs with idempotency keys (so planning twice, or on two replicas, enqueues once).
 */
import type { Services } from '../services/context';
import type { JobRow } from '../store/jobs';

export type JobResult = 'done' | { deferUntil: Date };
export type JobHandler = (services: Services, job: JobRow) => Promise<JobResult>;
export type Planner = (services: Services, teamId: string) => Promise<void>;

const handlers = new Map<string, JobHandler>();
const planners = new Map<string, Planner>();

export function defineJob(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export function definePlanner(name: string, planner: Planner): void {
  planners.set(name, planner);
}

export function jobHandler(kind: string): JobHandler | undefined {
  return handlers.get(kind);
}

export function allPlanners(): Array<[string, Planner]> {
  return [...planners.entries()];
}

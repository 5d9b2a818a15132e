import { DATABASE_LOST_EXIT, startWeaver } from '../../runtime';

export async function run(): Promise<void> {
  const running = await startWeaver();
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      running.services.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    running
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        running.services.logger.error({ err: String(err) }, 'shutdown failed');
        process.exit(1);
      });
  };
  running.failed.catch((err: Error) => {
    const exitCode = DATABASE_LOST_EXIT;
    running.services.logger.fatal({ err: err.message, exitCode }, 'giving up: exiting so a supervisor restarts Weaver');
    const exit = () => process.exit(DATABASE_LOST_EXIT);
    setTimeout(exit, 10_000).unref();
    running.stop().then(exit, exit);
  });
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await new Promise(() => undefined);
}

import { startWeaver } from '../../runtime';

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
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await new Promise(() => undefined);
}

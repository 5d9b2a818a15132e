import { loadConfig } from '../../config';
import { openDatabase } from '../../connections';
import { createLogger } from '../../logger';

export async function run(): Promise<void> {
  const config = loadConfig(process.env, 'database');
  const logger = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, migrate: false });
  try {
    const [, applied] = (await db.knex.migrate.latest()) as [number, string[]];
    console.log(
      applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.',
    );
  } finally {
    await db.close();
  }
}

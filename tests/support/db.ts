/**
 * A real, migrated PostgreSQL database for a test file. Each jest worker has its own database on
 * the server globalSetup started; every test starts from empty tables.
 *
 *   const db = useTestDatabase();
 *   it('...', async () => { await db().insert(...) });
 */
import type { Knex } from 'knex';
import { Client } from 'pg';
import { connect, migrateLatest } from '../../src/db';
import { createLogger } from '../../src/logger';

export function testDatabaseUrl(): string {
  const admin = process.env.WEAVER_TEST_ADMIN_URL;
  if (!admin)
    throw new Error('WEAVER_TEST_ADMIN_URL is not set: run the tests through jest (globalSetup starts PostgreSQL)');
  const url = new URL(admin);
  url.pathname = `/weaver_test_${process.env.WEAVER_TEST_RUN ?? '0'}_${process.env.JEST_WORKER_ID ?? '1'}`;
  return url.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.WEAVER_TEST_ADMIN_URL });
  await admin.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0)
      await admin.query(`create database "${name}"`).catch((e) => {
        if (!/already exists/.test(String(e))) throw e;
      });
  } finally {
    await admin.end();
  }
}

export async function truncateAll(knex: Knex): Promise<void> {
  const { rows } = await knex.raw(
    "select tablename from pg_tables where schemaname = 'public' and tablename not like 'knex_%'",
  );
  const names = rows.map((r: { tablename: string }) => `"${r.tablename}"`).join(', ');
  if (names) await knex.raw(`truncate ${names} restart identity cascade`);
}

/** Opens a migrated database for this file; tables are emptied before each test. */
export function useTestDatabase(): () => Knex {
  let knex: Knex | undefined;
  beforeAll(async () => {
    const url = testDatabaseUrl();
    await ensureDatabase(url);
    // knex's warnings (e.g. connections ended by a test that restarts PostgreSQL) go to the test log level.
    knex = connect(url, { min: 0, max: 8 }, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
    await migrateLatest(knex);
  });
  beforeEach(async () => {
    await truncateAll(knex!);
  });
  afterAll(async () => {
    await knex?.destroy();
  });
  return () => {
    if (!knex) throw new Error('the test database is opened in beforeAll; use it inside tests or hooks');
    return knex;
  };
}

/**
 * How long a full back-fill takes against the fake Slack API on loopback (so: our own cost —
 * SQL, pagination, ledger — not Slack's rate limits), and how long an idempotent re-run takes.
 *   node bin/run-ts.cjs bench/sync.ts [people=420] [projectChannels=400]
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary folder.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db';
import { createLogger } from '../src/logger';
import { runFullSync } from '../src/services/sync';
import { envTokenClients, webClient } from '../src/slack/clients';
import { FakeSlack } from '../tests/support/fakeSlack';
import { buildSyncFixture, expectedTotals } from '../tests/support/syncFixture';

async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 420);
  const projects = Number(process.argv[3] ?? 400);
  const fx = buildSyncFixture({ people, projects });
  const fake = await new FakeSlack(fx.ws).start();
  const dir = mkdtempSync(join(tmpdir(), 'weaver-bench-'));
  // PostgreSQL's initdb may run as another user (as in tests/support/globalSetup.mjs).
  chmodSync(dir, 0o755);
  const logger = createLogger('warn');
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir, logger });
  try {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'x', SLACK_API_URL: fake.url, LOG_LEVEL: 'warn' },
      'app',
    );
    const services = {
      db: database.knex,
      logger,
      config,
      now: () => fx.now,
      slackFor: envTokenClients(config, logger),
    };
    const client = webClient('xoxb-bench', config, logger);
    const t0 = performance.now();
    const first = await runFullSync(services, 'T0TEST', client);
    const t1 = performance.now();
    const calls = fake.calls.length;
    const again = await runFullSync(services, 'T0TEST', client);
    const t2 = performance.now();
    const totals = expectedTotals(fx.expected);
    console.log(
      `workspace: ${people} people, ${fx.readable.length} public channels, ${[...fx.expected.values()].reduce((a, b) => a + b, 0)} expected interactions`,
    );
    console.log(
      `first sync: ${((t1 - t0) / 1000).toFixed(2)} s, ${calls} Slack calls (${Math.round(calls / ((t1 - t0) / 1000))} calls/s)`,
    );
    console.log(`re-run:     ${((t2 - t1) / 1000).toFixed(2)} s, ${again.interactionsAdded} interactions added`);
    console.log(`counts match expected: ${JSON.stringify(first.interactions) === JSON.stringify(totals)}`);
  } finally {
    await database.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

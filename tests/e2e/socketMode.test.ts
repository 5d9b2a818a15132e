import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createLogger } from '../../src/logger';
import { metrics } from '../../src/metrics';
import type { Services } from '../../src/services/context';
import { buildSlackApp, type SlackApp } from '../../src/slack/app';
import { clientsForMode } from '../../src/slack/clients';
import { testDatabaseUrl, useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { eventEnvelope } from '../support/signedRequests';
import { oauthEnv, TestClock, testConfig } from '../support/testApp';

const APP_TOKEN = 'xapp-1-A0WEAVER-socket-token';
const INSTALLED_TOKEN = 'xoxb-888-installed-over-socket';

describe('Socket Mode (SLACK_APP_TOKEN): events over a WebSocket, with or without OAuth installs', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let slack: SlackApp | undefined;
  let baseUrl: string;

  async function start(env: Record<string, string>): Promise<Services> {
    const config = testConfig(fake, { SLACK_APP_TOKEN: APP_TOKEN, ...env });
    const logger = createLogger(config.logLevel);
    const services: Services = {
      db: db(),
      logger,
      config,
      now: new TestClock().now,
      slackFor: clientsForMode(db(), config, logger),
    };
    slack = buildSlackApp(services);
    const server = await slack.start();
    baseUrl = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    await fake.waitFor(() => fake.socketClients > 0);
    return services;
  }
  afterEach(async () => {
    await slack?.stop();
    slack = undefined;
  });

  it('connects with the app-level token (no signing secret needed), acks events over the socket, processes them, and still answers /healthz', async () => {
    await start({ SLACK_SIGNING_SECRET: '' });
    expect(fake.callsTo('apps.connections.open')[0].token).toBe(APP_TOKEN);
    await fake.socketEvent(eventEnvelope({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home' }));
    const publish = await fake.waitFor(() => fake.callsTo('views.publish')[0]);
    expect(publish.args.user_id).toBe('U0ALICE');
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });

  it('acks an event while PostgreSQL is unreachable only once it is in the journal, and processes it once the database is back', async () => {
    await start({ SLACK_SIGNING_SECRET: '' });
    const name = new URL(testDatabaseUrl()).pathname.slice(1);
    const admin = new Client({ connectionString: process.env.WEAVER_TEST_ADMIN_URL });
    await admin.connect();
    const body = eventEnvelope({ type: 'app_home_opened', user: 'U0DURING', tab: 'home' }, { eventId: 'EvSOCKET1' });
    try {
      // Outage: refuse new connections and end the open ones (what a restart does to the pool).
      await admin.query(`alter database "${name}" allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      expect(await (await fetch(`${baseUrl}/healthz`)).json()).toMatchObject({ database: 'down' });
      await fake.socketEvent(body); // acked: it is on disk
      expect(await (await fetch(`${baseUrl}/healthz`)).json()).toMatchObject({ journal: { events: 1 } });
      expect(fake.callsTo('views.publish')).toHaveLength(0);
    } finally {
      await admin.query(`alter database "${name}" allow_connections true`);
      await admin.end();
    }
    await slack!.idle();
    expect(fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0DURING')).toHaveLength(1);
    // Slack's late retry of the same event is acknowledged and dropped
    await fake.socketEvent({ ...body });
    await slack!.idle();
    expect(fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0DURING')).toHaveLength(1);
  });

  it('leaves an event unacknowledged when the journal cannot take it (full), so Slack resends it', async () => {
    await start({ SLACK_SIGNING_SECRET: '', WEAVER_JOURNAL_MAX_MB: '1' });
    const deferred = metrics.eventsDeferred.get();
    const big = { type: 'app_home_opened', user: 'U0BIG', tab: 'home', pad: 'x'.repeat(1024 * 1024) };
    await expect(fake.socketEvent(eventEnvelope(big, { eventId: 'EvBIG' }), 1_000)).rejects.toThrow();
    expect(metrics.eventsDeferred.get()).toBe(deferred + 1);
    // a delivery that fits is acked and processed
    await fake.socketEvent(eventEnvelope({ type: 'app_home_opened', user: 'U0SMALL', tab: 'home' }));
    await slack!.idle();
    expect(fake.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U0SMALL']);
  });

  it('installs workspaces through the OAuth install link on PORT and serves each over the socket with its own token', async () => {
    await start(oauthEnv(randomBytes(32)));
    fake.handle('oauth.v2.access', (args) =>
      args.code === 'good-code'
        ? {
            ok: true,
            app_id: 'A0WEAVER',
            authed_user: { id: 'U0INSTALLER' },
            scope: 'chat:write',
            token_type: 'bot',
            access_token: INSTALLED_TOKEN,
            bot_user_id: 'UBOTWEAVER',
            team: { id: 'T0ACME', name: 'Acme' },
            enterprise: null,
            is_enterprise_install: false,
          }
        : { ok: false, error: 'invalid_code' },
    );
    const page = await fetch(`${baseUrl}/slack/install`);
    const state = /state=([^"&]+)/.exec(await page.text())?.[1];
    const cookie = page.headers.get('set-cookie')?.split(';')[0];
    const done = await fetch(`${baseUrl}/slack/oauth_redirect?code=good-code&state=${state}`, {
      headers: { cookie: cookie! },
    });
    expect(done.status).toBe(200);
    expect(await db()('installations').where({ team_id: 'T0ACME' }).first()).toBeDefined();

    // A workspace that never installed Weaver gets nothing; the installed one gets its own token.
    await fake.socketEvent(
      eventEnvelope({ type: 'app_home_opened', user: 'U0STRANGER', tab: 'home' }, { teamId: 'T0OTHER' }),
    );
    await fake.socketEvent(
      eventEnvelope({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home' }, { teamId: 'T0ACME' }),
    );
    const publish = await fake.waitFor(() => fake.callsTo('views.publish')[0]);
    expect([publish.args.user_id, publish.token]).toEqual(['U0ALICE', INSTALLED_TOKEN]);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsTo('views.publish')).toHaveLength(1);
  });
});

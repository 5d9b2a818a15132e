import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import type { Services } from '../../src/services/context';
import { rotateEncryptionKey } from '../../src/services/keyRotation';
import { buildSlackApp, type SlackApp } from '../../src/slack/app';
import { clientsForMode } from '../../src/slack/clients';
import { postgresInstallationStore } from '../../src/slack/installationStore';
import { tokenCipher } from '../../src/security/tokenCipher';
import { main } from '../../src/cli/main';
import { testDatabaseUrl, useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { sendEvent } from '../support/signedRequests';
import { oauthEnv, TestClock, testConfig } from '../support/testApp';

const INSTALLED_TOKEN = 'xoxb-777-installed-secret-token-do-not-log';
const KEY = randomBytes(32);

describe('OAuth distribution with a PostgreSQL installation store', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let logLines: string[];
  let services: Services;
  let slack: SlackApp;
  let baseUrl: string;

  beforeEach(async () => {
    logLines = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const config = testConfig(fake, oauthEnv(KEY));
    const logger = createLogger('trace', sink);
    services = { db: db(), logger, config, now: new TestClock().now, slackFor: clientsForMode(db(), config, logger) };
    slack = buildSlackApp(services);
    const server = await slack.start();
    baseUrl = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    fake.handle('oauth.v2.access', (args) => {
      if (args.code !== 'good-code' || args.client_secret !== 'client-secret-xyz')
        return { ok: false, error: 'invalid_code' };
      return {
        ok: true,
        app_id: 'A0WEAVER',
        authed_user: { id: 'U0INSTALLER' },
        scope: 'chat:write,users:read',
        token_type: 'bot',
        access_token: INSTALLED_TOKEN,
        bot_user_id: 'UBOTWEAVER',
        team: { id: 'T0ACME', name: 'Acme' },
        enterprise: null,
        is_enterprise_install: false,
      };
    });
  });
  afterEach(async () => {
    await slack.stop();
  });

  async function install(): Promise<Response> {
    const page = await fetch(`${baseUrl}/slack/install`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const state = /state=([^"&]+)/.exec(html)?.[1];
    const cookie = page.headers.get('set-cookie')?.split(';')[0];
    expect(state && cookie).toBeTruthy();
    expect(html).toContain('client_id=1111.2222');
    return fetch(`${baseUrl}/slack/oauth_redirect?code=good-code&state=${state}`, { headers: { cookie: cookie! } });
  }

  it('installs into a workspace from the install link and stores the token only encrypted', async () => {
    const done = await install();
    expect(done.status).toBe(200);
    const row = await db()('installations').where({ team_id: 'T0ACME' }).first();
    expect(row).toMatchObject({ enterprise_id: '', bot_user_id: 'UBOTWEAVER', installer_user_id: 'U0INSTALLER' });
    expect(row.bot_token_enc).toMatch(/^v1:/);
    const everything = JSON.stringify(await db()('installations').select());
    expect(everything).not.toContain(INSTALLED_TOKEN);
    expect(tokenCipher(KEY).open(row.bot_token_enc)).toBe(INSTALLED_TOKEN);
  });

  it('answers requests from the installed workspace with its own token, and jobs get it too', async () => {
    await install();
    await sendEvent(baseUrl, { type: 'app_home_opened', user: 'U0ALICE', tab: 'home' }, { teamId: 'T0ACME' });
    const publish = await fake.waitFor(() => fake.callsTo('views.publish')[0]);
    expect(publish.token).toBe(INSTALLED_TOKEN);
    const client = await services.slackFor('T0ACME');
    await client!.auth.test();
    expect(fake.callsTo('auth.test').at(-1)!.token).toBe(INSTALLED_TOKEN);
    expect(await services.slackFor('T0NOTINSTALLED')).toBeNull();
  });

  it('ignores events from a workspace that never installed Weaver', async () => {
    await sendEvent(baseUrl, { type: 'app_home_opened', user: 'U0ALICE', tab: 'home' }, { teamId: 'T0STRANGER' });
    await slack.idle();
    expect(fake.callsTo('views.publish')).toHaveLength(0);
  });

  it('never writes the token to the logs during install, requests and jobs', async () => {
    await install();
    await sendEvent(baseUrl, { type: 'app_home_opened', user: 'U0ALICE', tab: 'home' }, { teamId: 'T0ACME' });
    await fake.waitFor(() => fake.callsTo('views.publish')[0]);
    await (await services.slackFor('T0ACME'))!.auth.test();
    expect(logLines.length).toBeGreaterThan(0);
    const logs = logLines.join('');
    expect(logs).not.toContain(INSTALLED_TOKEN);
    expect(logs).not.toContain('installed-secret');
    expect(logs).not.toContain('client-secret-xyz');
  });

  it('stamps log lines of a request with its workspace and request id', async () => {
    await install();
    await sendEvent(
      baseUrl,
      { type: 'app_home_opened', user: 'U0ALICE', tab: 'home' },
      { teamId: 'T0ACME', eventId: 'EvLOGGED0001' },
    );
    await fake.waitFor(() => fake.callsTo('views.publish')[0]);
    await fake.waitFor(() => logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'EvLOGGED0001'));
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'EvLOGGED0001');
    expect(line).toMatchObject({ teamId: 'T0ACME', requestId: 'EvLOGGED0001' });
  });

  it('rejects an OAuth callback with a forged state and stores nothing', async () => {
    const res = await fetch(`${baseUrl}/slack/oauth_redirect?code=good-code&state=forged`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await db()('installations').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});

describe('the installation store', () => {
  const db = useTestDatabase();
  const installation = (o: { team?: string; enterprise?: string; org?: boolean; token: string }) =>
    ({
      team: o.org ? undefined : { id: o.team! },
      enterprise: o.enterprise ? { id: o.enterprise } : undefined,
      isEnterpriseInstall: Boolean(o.org),
      user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
      bot: { token: o.token, scopes: ['chat:write'], id: 'B1', userId: 'UBOT' },
      tokenType: 'bot',
      appId: 'A0WEAVER',
    }) as any;

  it('serves every workspace of an enterprise from its org-wide install, keyed by enterprise id', async () => {
    const store = postgresInstallationStore(db(), tokenCipher(KEY));
    await store.storeInstallation(installation({ enterprise: 'E0GRID', org: true, token: 'xoxb-org' }));
    const row = await db()('installations').first();
    expect(row).toMatchObject({ enterprise_id: 'E0GRID', team_id: '', is_enterprise_install: true });
    const fetched = await store.fetchInstallation({
      teamId: 'T0BRANCH',
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: false,
    });
    expect(fetched.bot?.token).toBe('xoxb-org');
    await expect(
      store.fetchInstallation({ teamId: 'T0BRANCH', enterpriseId: 'E0OTHER', isEnterpriseInstall: false }),
    ).rejects.toThrow(/no installation/);
  });

  it('keeps a workspace install of a Grid workspace apart from the org-wide one', async () => {
    const store = postgresInstallationStore(db(), tokenCipher(KEY));
    await store.storeInstallation(installation({ enterprise: 'E0GRID', org: true, token: 'xoxb-org' }));
    await store.storeInstallation(installation({ enterprise: 'E0GRID', team: 'T0OWN', token: 'xoxb-own' }));
    expect(
      (await store.fetchInstallation({ teamId: 'T0OWN', enterpriseId: 'E0GRID', isEnterpriseInstall: false })).bot
        ?.token,
    ).toBe('xoxb-own');
    await store.deleteInstallation({ teamId: 'T0OWN', enterpriseId: 'E0GRID', isEnterpriseInstall: false });
    expect(
      (await store.fetchInstallation({ teamId: 'T0OWN', enterpriseId: 'E0GRID', isEnterpriseInstall: false })).bot
        ?.token,
    ).toBe('xoxb-org');
  });

  it('re-encrypts every stored token with a new key in one go (weaver keys rotate)', async () => {
    const store = postgresInstallationStore(db(), tokenCipher(KEY));
    await store.storeInstallation(installation({ team: 'T0ONE', token: 'xoxb-one' }));
    await store.storeInstallation(installation({ team: 'T0TWO', token: 'xoxb-two' }));
    const newKey = randomBytes(32);
    expect(await rotateEncryptionKey(db(), KEY, newKey)).toEqual({ rows: 2, alreadyRotated: 0 });
    const rotated = postgresInstallationStore(db(), tokenCipher(newKey));
    expect(
      (await rotated.fetchInstallation({ teamId: 'T0TWO', enterpriseId: undefined, isEnterpriseInstall: false })).bot
        ?.token,
    ).toBe('xoxb-two');
    await expect(
      store.fetchInstallation({ teamId: 'T0TWO', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/another key/);
    expect(await rotateEncryptionKey(db(), KEY, newKey)).toEqual({ rows: 0, alreadyRotated: 2 });
  });

  it('weaver keys rotate --new-key re-encrypts from the key in WEAVER_ENCRYPTION_KEY, and explains a bad key', async () => {
    const store = postgresInstallationStore(db(), tokenCipher(KEY));
    await store.storeInstallation(installation({ team: 'T0ONE', token: 'xoxb-one' }));
    const newKey = randomBytes(32);
    const saved = { ...process.env };
    Object.assign(process.env, {
      DATABASE_URL: testDatabaseUrl(),
      WEAVER_ENCRYPTION_KEY: KEY.toString('base64'),
      LOG_LEVEL: 'silent',
    });
    const out = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['keys', 'rotate', '--new-key', 'too-short'])).toBe(2);
      expect(err.mock.calls.join(' ')).toMatch(/--new-key must be 32 bytes/);
      expect(await main(['keys', 'rotate', '--new-key', newKey.toString('hex')])).toBe(0);
      expect(out.mock.calls.join(' ')).toMatch(/Re-encrypted 1 installation/);
    } finally {
      for (const k of ['DATABASE_URL', 'WEAVER_ENCRYPTION_KEY', 'LOG_LEVEL']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      out.mockRestore();
      err.mockRestore();
    }
    const rotated = postgresInstallationStore(db(), tokenCipher(newKey));
    expect(
      (await rotated.fetchInstallation({ teamId: 'T0ONE', enterpriseId: undefined, isEnterpriseInstall: false })).bot
        ?.token,
    ).toBe('xoxb-one');
  });

  it('changes nothing when rotation is given the wrong current key', async () => {
    const store = postgresInstallationStore(db(), tokenCipher(KEY));
    await store.storeInstallation(installation({ team: 'T0ONE', token: 'xoxb-one' }));
    const before = await db()('installations').select('bot_token_enc', 'installation_enc');
    await expect(rotateEncryptionKey(db(), randomBytes(32), randomBytes(32))).rejects.toThrow(/another key/);
    expect(await db()('installations').select('bot_token_enc', 'installation_enc')).toEqual(before);
  });
});

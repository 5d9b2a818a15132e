/**
 * Starts the real Weaver Slack app (Bolt, HTTP receiver on a free loopback port) against the
 * fake Slack API and the test database, with a clock the test controls.
 *
 *   const db = useTestDatabase();
 *   const slack = useFakeSlack();
 *   const app = useTestApp(db, slack);
 *   await app().event({ type: 'app_home_opened', user: 'U1', tab: 'home' });
 */
import type { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { tick } from '../../src/jobs/scheduler';
import type { Services } from '../../src/services/context';
import { buildSlackApp, type SlackApp } from '../../src/slack/app';
import { clientsForMode } from '../../src/slack/clients';
import type { FakeSlack } from './fakeSlack';
import {
  type EventOptions,
  type SendOptions,
  type SlackResponse,
  TEST_SIGNING_SECRET,
  type Who,
  sendBlockAction,
  sendEvent,
  sendOptionsRequest,
  sendSlashCommand,
  sendViewSubmission,
} from './signedRequests';

export const TEST_BOT_TOKEN = 'xoxb-test-0000-weaver-token';

/** A clock tests move by hand; services read time only through it. */
export class TestClock {
  constructor(private current = new Date('2026-11-16T09:00:00Z')) {}
  now = (): Date => new Date(this.current);
  set(d: Date | string): void {
    this.current = new Date(d);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  baseUrl: string;
  services: Services;
  clock: TestClock;
  slack: SlackApp;
  event(event: Record<string, unknown>, o?: EventOptions): Promise<SlackResponse>;
  action(
    who: Who | string,
    action: Parameters<typeof sendBlockAction>[2],
    o?: Parameters<typeof sendBlockAction>[3],
  ): Promise<SlackResponse>;
  submit(who: Who | string, view: Parameters<typeof sendViewSubmission>[2], o?: SendOptions): Promise<SlackResponse>;
  options(
    who: Who | string,
    request: Parameters<typeof sendOptionsRequest>[2],
    o?: SendOptions,
  ): Promise<SlackResponse>;
  command(who: Who | string, text: string, o?: Parameters<typeof sendSlashCommand>[3]): Promise<SlackResponse>;
  /** Waits until every request the app acked has been processed: assert "nothing happened" after this. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The environment of OAuth distribution mode (client id, secret, state secret, encryption key). */
const HOUR_MS = 3_600_000;

/** Runs the scheduler as production would, a tick every `step` of the test clock, until `until`. */
export async function runSchedulerUntil(t: TestApp, until: Date, step = HOUR_MS): Promise<void> {
  while (t.clock.now() < until) {
    await tick(t.services);
    t.clock.advance(step);
  }
  t.clock.set(until);
  await tick(t.services);
}

export function oauthEnv(key: Buffer): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: '1111.2222',
    SLACK_CLIENT_SECRET: 'client-secret-xyz',
    SLACK_STATE_SECRET: 'state-secret-with-enough-entropy',
    WEAVER_ENCRYPTION_KEY: key.toString('base64'),
  };
}

export function testConfig(fake: FakeSlack, env: Record<string, string> = {}): Config {
  return loadConfig(
    {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // each app its own event journal (a test that restarts an app on the same journal passes its own)
      WEAVER_JOURNAL_DIR: mkdtempSync(path.join(os.tmpdir(), 'weaver-journal-')),
      ...env,
    },
    'app',
  );
}

export function testServices(
  db: Knex,
  fake: FakeSlack,
  clock = new TestClock(),
  env: Record<string, string> = {},
): Services {
  const config = testConfig(fake, env);
  const logger = createLogger(config.logLevel);
  return { db, logger, config, now: clock.now, slackFor: clientsForMode(db, config, logger) };
}

const asWho = (w: Who | string): Who => (typeof w === 'string' ? { userId: w } : w);

export async function startTestApp(
  db: Knex,
  fake: FakeSlack,
  opts: { clock?: TestClock; env?: Record<string, string>; eventConcurrency?: number; eventsInMemory?: number } = {},
): Promise<TestApp> {
  const clock = opts.clock ?? new TestClock();
  const services = testServices(db, fake, clock, opts.env);
  const slack = buildSlackApp(services, {
    eventConcurrency: opts.eventConcurrency,
    eventsInMemory: opts.eventsInMemory,
  });
  const server = await slack.start();
  const baseUrl = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return {
    baseUrl,
    services,
    clock,
    slack,
    event: (event, o) => sendEvent(baseUrl, event, o),
    action: (who, action, o) => sendBlockAction(baseUrl, asWho(who), action, { responseUrl: fake.responseUrl, ...o }),
    submit: async (who, view, o) =>
      fake.noteAnswer('view_submission', await sendViewSubmission(baseUrl, asWho(who), view, o)),
    options: (who, request, o) => sendOptionsRequest(baseUrl, asWho(who), request, o),
    command: async (who, text, o) =>
      fake.noteAnswer(
        'slash_command',
        await sendSlashCommand(baseUrl, asWho(who), text, { responseUrl: fake.responseUrl, ...o }),
      ),
    idle: () => slack.idle(),
    stop: () => slack.stop(),
  };
}

/** One app per test (fresh state, fresh clock); stopped after each test. */
export function useTestApp(
  db: () => Knex,
  fake: FakeSlack,
  opts: { env?: Record<string, string>; eventConcurrency?: number } = {},
): () => TestApp {
  let current: TestApp | undefined;
  beforeEach(async () => {
    current = await startTestApp(db(), fake, opts);
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the test app starts in beforeEach');
    return current;
  };
}

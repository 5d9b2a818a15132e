/**
 * Signed requests that are malformed, or dated in the future (issue 13, cases 4-6): the app answers
 * each with a 4xx (or 200 for a well-formed body it does not know) and one log line, never a 500 and
 * never a crash, and goes on serving the next real event.
 */
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createLogger } from '../../src/logger';
import { buildSlackApp, type SlackApp } from '../../src/slack/app';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { eventEnvelope, postToSlackEndpoint, sendEvent, sign, TEST_SIGNING_SECRET } from '../support/signedRequests';
import { testServices } from '../support/testApp';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const FORM = FORM_TYPE;
const EVENT_TYPES = ['app_home_opened', 'user_change', 'member_joined_channel', 'message', 'reaction_added'];
const BODY_TYPES = ['event_callback', 'block_actions', 'view_submission', 'shortcut', 'block_suggestion'];
BODY_TYPES.push('url_verification');
const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

describe('signed requests with malformed bodies', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let slack: SlackApp;
  let baseUrl: string;
  let logLines: Array<{ level: number; msg: string; problem?: string; status?: number }>;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  beforeAll(() => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
  });
  afterAll(() => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });
  beforeEach(async () => {
    logLines = [];
    const services = testServices(db(), fake);
    services.logger = createLogger('info', { write: (line: string) => logLines.push(JSON.parse(line)) });
    slack = buildSlackApp(services);
    const server = await slack.start();
    baseUrl = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  });
  afterEach(() => slack.stop());

  /** The app still handles a real event end to end: the person's Home tab is published. */
  async function stillServes(user: string): Promise<void> {
    expect((await sendEvent(baseUrl, { type: 'app_home_opened', user, tab: 'home' })).status).toBe(200);
    await fake.waitFor(() => fake.callsTo('views.publish').some((c) => c.args.user_id === user), 10_000);
    expect(crashes).toEqual([]);
  }

  const refusals = () => logLines.filter((l) => l.msg === 'Slack request refused');

  it.each([
    ['JSON null', 'null', JSON_TYPE],
    ['a form body payload=null', 'payload=null', FORM_TYPE],
    ['a JSON array', '[{"type":"event_callback"}]', JSON_TYPE],
    ['a number', '42', JSON_TYPE],
    ['a string', '"event_callback"', JSON_TYPE],
    ['an object without a type', '{"team_id":"T0TEST","event":{"type":"app_home_opened"}}', JSON_TYPE],
    ['an event_callback whose event is null', '{"type":"event_callback","team_id":"T0TEST","event":null}', JSON_TYPE],
    ['an event whose user is null', JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: null })), JSON_TYPE],
    [
      'an event whose first authorization is null',
      JSON.stringify({ ...eventEnvelope({ type: 'app_home_opened', user: 'U1' }), authorizations: [null] }),
      JSON_TYPE,
    ],
    ['a block action without a user', form({ type: 'block_actions', actions: [] }), FORM_TYPE],
    ['a view submission whose view is null', form({ type: 'view_submission', user: { id: 'U1' }, view: null }), FORM],
    ['a form without a command or payload', 'hello=world', FORM_TYPE],
  ])('answers %s with 400 and a log line, and keeps serving', async (_label, body, contentType) => {
    const res = await postToSlackEndpoint(baseUrl, body, contentType);
    expect(res.status).toBe(400);
    expect(refusals()).toEqual([expect.objectContaining({ status: 400, problem: expect.any(String) })]);
    await stillServes('U0AFTER');
  });

  it('answers a well-formed body of a type it does not know (app_rate_limited) with 200 and logs it', async () => {
    const body = JSON.stringify({ type: 'app_rate_limited', team_id: 'T0TEST', minute_rate_limited: 1 });
    const res = await postToSlackEndpoint(baseUrl, body, JSON_TYPE);
    expect(res.status).toBe(200);
    const ignored = logLines.filter((l) => l.msg === 'Slack request ignored');
    expect(ignored.some((l) => /app_rate_limited/.test(String(l.problem)))).toBe(true);
  });

  it('refuses what Bolt refuses: junk after the signature, two signatures joined by a comma, a hexadecimal timestamp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: 'U0FORGED', tab: 'home' }));
    const good = sign(TEST_SIGNING_SECRET, now, body);
    const post = (signature: string, timestamp: string) =>
      fetch(`${baseUrl}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': JSON_TYPE, 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        body,
      }).then((r) => r.status);
    expect(await post(`${good}junk`, String(now))).toBe(401);
    expect(await post(`${good}, v0=${'0'.repeat(64)}`, String(now))).toBe(401);
    expect(await post(`v0=${'0'.repeat(64)}, ${good}`, String(now))).toBe(401);
    const hex = `0x${now.toString(16)}`;
    expect(await post(sign(TEST_SIGNING_SECRET, hex as unknown as number, body), hex)).toBe(401);
    expect(refusals().map((l) => l.status)).toEqual([401, 401, 401, 401]);
    expect(await post(good, String(now))).toBe(200);
  });

  it('refuses a signed timestamp more than 5 minutes in the future with 401, like an old one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const event = JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: 'U0LATER', tab: 'home' }));
    expect((await postToSlackEndpoint(baseUrl, event, JSON_TYPE, { timestamp: now + 3600 })).status).toBe(401);
    expect((await postToSlackEndpoint(baseUrl, event, JSON_TYPE, { timestamp: now + 6 * 60 })).status).toBe(401);
    expect((await postToSlackEndpoint(baseUrl, event, JSON_TYPE, { timestamp: now - 6 * 60 })).status).toBe(401);
    expect(refusals().map((l) => l.status)).toEqual([401, 401, 401]);
    // A clock a little ahead of ours (within the 5 minutes) is still fine.
    expect((await postToSlackEndpoint(baseUrl, event, JSON_TYPE, { timestamp: now + 60 })).status).toBe(200);
    await fake.waitFor(() => fake.callsTo('views.publish').some((c) => c.args.user_id === 'U0LATER'), 10_000);
  });

  it('answers random signed shapes with 200 or a 4xx, never a 5xx, and the process stays up', async () => {
    // Values that trip naive property reads: null, wrong types, nested junk.
    const value = fc.oneof(
      fc.constantFrom(null, true, 0, '', 'x', [], {}, [null], { id: null }, { id: 'U1' }, { channel: null }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const eventShape = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...EVENT_TYPES), value),
        user: value,
        channel: value,
        item: value,
        subteam: value,
        message: value,
        ts: value,
      },
      { requiredKeys: [] },
    );
    const envelope = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...BODY_TYPES), value),
        team_id: value,
        event: fc.oneof(eventShape, value),
        event_id: value,
        authorizations: fc.oneof(fc.array(value, { maxLength: 2 }), value),
        user: value,
        team: value,
        view: value,
        actions: fc.oneof(fc.array(value, { maxLength: 2 }), value),
        enterprise: value,
        challenge: value,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      { weight: 4, arbitrary: envelope.map((e) => [JSON.stringify(e), JSON_TYPE] as const) },
      { weight: 2, arbitrary: envelope.map((e) => [form(e), FORM_TYPE] as const) },
      { weight: 1, arbitrary: value.map((v) => [JSON.stringify(v) ?? 'null', JSON_TYPE] as const) },
      { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 60 }), fc.constantFrom(JSON_TYPE, FORM_TYPE)) },
    );
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(body, async ([text, contentType]) => {
        const res = await postToSlackEndpoint(baseUrl, text, contentType);
        statuses.push(res.status);
        return res.status === 200 || (res.status >= 400 && res.status < 500);
      }),
      { numRuns: 150 },
    );
    // The samples reached the checks (not all refused for one reason): both outcomes occurred.
    expect(statuses.some((s) => s === 200)).toBe(true);
    expect(statuses.some((s) => s === 400)).toBe(true);
    await stillServes('U0PROPERTY');
  }, 60_000);
});

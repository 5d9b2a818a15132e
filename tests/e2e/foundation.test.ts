import { request } from 'node:http';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { sendEvent, postToSlackEndpoint, eventEnvelope } from '../support/signedRequests';
import { useTestApp } from '../support/testApp';

describe('the running Slack app', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const app = useTestApp(db, slack);

  it('publishes a Home view when a person opens the Home tab', async () => {
    const res = await app().event({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home', channel: 'D0ALICE' });
    expect(res.status).toBe(200);
    const publish = await slack.waitFor(() => slack.callsTo('views.publish')[0]);
    expect(publish.args.user_id).toBe('U0ALICE');
    expect(publish.token).toBe('xoxb-test-0000-weaver-token');
    expect(publish.args.view.type).toBe('home');
    expect(JSON.stringify(publish.args.view.blocks)).toContain('Welcome to Weaver');
  });

  it('answers /healthz with 200 while the database answers', async () => {
    const res = await fetch(`${app().baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'up', journal: { events: 0, bytes: 0 } });
  });

  it.each([
    ['unsigned', { signature: 'none' as const }],
    ['wrongly signed', { signature: 'wrong' as const }],
    ['six minutes old', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('rejects %s requests with 401 and changes nothing', async (_label, options) => {
    const res = await sendEvent(
      app().baseUrl,
      { type: 'app_home_opened', user: 'U0MALLORY', tab: 'home' },
      { ...options, eventId: 'EvREJECTED1' },
    );
    expect(res.status).toBe(401);
    await app().idle();
    expect(slack.callsTo('views.publish')).toHaveLength(0);
    expect(await db()('events_seen').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('processes an event delivered four times (Slack retries) exactly once', async () => {
    const event = { type: 'app_home_opened', user: 'U0BOB', tab: 'home', channel: 'D0BOB' };
    for (let retry = 0; retry < 4; retry += 1) {
      const res = await sendEvent(app().baseUrl, event, { eventId: 'EvSAMEEVENT1', retryNum: retry });
      expect(res.status).toBe(200);
    }
    await app().idle();
    expect(slack.callsTo('views.publish')).toHaveLength(1);
    expect(await db()('events_seen').where({ event_id: 'EvSAMEEVENT1' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('rejects a request whose body is not what was signed', async () => {
    const body = JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: 'U0EVE', tab: 'home' }));
    const ts = Math.floor(Date.now() / 1000);
    const { sign, TEST_SIGNING_SECRET } = await import('../support/signedRequests');
    const res = await fetch(`${app().baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(TEST_SIGNING_SECRET, ts, body.replace('U0EVE', 'U0TAMPERED')),
      },
      body,
    });
    expect(res.status).toBe(401);
    expect(slack.callsTo('views.publish')).toHaveLength(0);
    void postToSlackEndpoint;
  });

  /** An unsigned POST with a raw request target, as an attacker could write it (fetch normalizes paths). */
  function unsignedPost(target: string, body: string, contentType: string): Promise<number> {
    const { port } = new URL(app().baseUrl);
    return new Promise((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: target,
        headers: { 'content-type': contentType },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  // Signatures are checked once, by the request guard in front of Bolt (whose own check is off):
  // every spelling of the events path that Bolt routes must meet it.
  it.each([['/slack/./events'], ['/slack/events/../events'], ['http://attacker.example/slack/events']])(
    'rejects an unsigned event sent to %s with 401 and changes nothing',
    async (target) => {
      const body = JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: 'U0MALLORY', tab: 'home' }));
      expect(await unsignedPost(target, body, 'application/json')).toBe(401);
      await app().idle();
      expect(slack.callsTo('views.publish')).toHaveLength(0);
      expect(await db()('events_seen').count({ n: '*' }).first()).toEqual({ n: 0 });
    },
  );

  it('answers an unsigned ssl_check with 200 and ignores an event smuggled into it', async () => {
    const smuggled = eventEnvelope({ type: 'app_home_opened', user: 'U0MALLORY', tab: 'home' });
    const body = `ssl_check=1&payload=${encodeURIComponent(JSON.stringify(smuggled))}`;
    expect(await unsignedPost('/slack/events', body, 'application/x-www-form-urlencoded')).toBe(200);
    await app().idle();
    expect(slack.callsTo('views.publish')).toHaveLength(0);
    expect(await db()('events_seen').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});

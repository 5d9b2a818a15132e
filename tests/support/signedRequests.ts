/**
 * Sends requests to the app's real HTTP receiver exactly as Slack does: signed with the signing
 * secret (v0 HMAC-SHA256 over "v0:<timestamp>:<body>"), or deliberately badly signed or stale.
 */
import { createHmac, randomUUID } from 'node:crypto';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface SendOptions {
  secret?: string;
  /** seconds since the epoch; defaults to now */
  timestamp?: number;
  /** 'none' sends no signature headers; 'wrong' signs with another secret */
  signature?: 'valid' | 'none' | 'wrong';
  headers?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  body: string;
  json(): any;
  ms: number;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postToSlackEndpoint(
  baseUrl: string,
  body: string,
  contentType: string,
  o: SendOptions = {},
): Promise<SlackResponse> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const secret = o.signature === 'wrong' ? 'not-the-signing-secret' : (o.secret ?? TEST_SIGNING_SECRET);
  const headers: Record<string, string> = { 'content-type': contentType, ...(o.headers ?? {}) };
  if (o.signature !== 'none') {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = sign(secret, timestamp, body);
  }
  const started = Date.now();
  const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text, json: () => JSON.parse(text), ms: Date.now() - started };
}

export interface EventOptions extends SendOptions {
  teamId?: string;
  eventId?: string;
  retryNum?: number;
  eventTime?: number;
}

export function eventEnvelope(event: Record<string, unknown>, o: EventOptions = {}): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: o.teamId ?? 'T0TEST',
    api_app_id: 'A0WEAVER',
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: o.teamId ?? 'T0TEST', user_id: 'UBOTWEAVER', is_bot: true }],
    event: { event_ts: `${Math.floor(Date.now() / 1000)}.000100`, ...event },
  };
}

export function sendEvent(
  baseUrl: string,
  event: Record<string, unknown>,
  o: EventOptions = {},
): Promise<SlackResponse> {
  const headers = { ...(o.headers ?? {}) };
  if (o.retryNum) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return postToSlackEndpoint(baseUrl, JSON.stringify(eventEnvelope(event, o)), 'application/json', { ...o, headers });
}

function interactive(baseUrl: string, payload: Record<string, unknown>, o: SendOptions): Promise<SlackResponse> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postToSlackEndpoint(baseUrl, body, 'application/x-www-form-urlencoded', o);
}

export interface Who {
  userId: string;
  teamId?: string;
}

export function sendBlockAction(
  baseUrl: string,
  who: Who,
  action: {
    action_id: string;
    value?: string;
    block_id?: string;
    selected_option?: { value: string };
    selected_user?: string;
    type?: string;
  },
  o: SendOptions & {
    channelId?: string;
    messageTs?: string;
    view?: Record<string, unknown>;
    responseUrl?: string;
  } = {},
): Promise<SlackResponse> {
  const teamId = who.teamId ?? 'T0TEST';
  return interactive(
    baseUrl,
    {
      type: 'block_actions',
      team: { id: teamId, domain: 'fake' },
      user: { id: who.userId, team_id: teamId, username: who.userId.toLowerCase() },
      api_app_id: 'A0WEAVER',
      token: 'legacy-verification-token',
      trigger_id: `${Date.now()}.trigger`,
      ...(o.responseUrl ? { response_url: o.responseUrl } : {}),
      ...(o.channelId
        ? {
            channel: { id: o.channelId },
            container: { type: 'message', channel_id: o.channelId, message_ts: o.messageTs },
          }
        : {}),
      ...(o.view ? { view: o.view, container: { type: 'view', view_id: o.view.id } } : {}),
      actions: [
        {
          type: action.type ?? 'button',
          block_id: action.block_id ?? 'b',
          action_ts: `${Date.now() / 1000}`,
          ...action,
        },
      ],
    },
    o,
  );
}

export function sendViewSubmission(
  baseUrl: string,
  who: Who,
  view: {
    callback_id: string;
    values: Record<string, Record<string, unknown>>;
    private_metadata?: string;
    id?: string;
  },
  o: SendOptions = {},
): Promise<SlackResponse> {
  const teamId = who.teamId ?? 'T0TEST';
  return interactive(
    baseUrl,
    {
      type: 'view_submission',
      team: { id: teamId, domain: 'fake' },
      user: { id: who.userId, team_id: teamId },
      api_app_id: 'A0WEAVER',
      token: 'legacy-verification-token',
      trigger_id: `${Date.now()}.trigger`,
      view: {
        id: view.id ?? 'VSUBMIT',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata ?? '',
        state: { values: view.values },
        team_id: teamId,
      },
    },
    o,
  );
}

export function sendOptionsRequest(
  baseUrl: string,
  who: Who,
  request: { action_id: string; block_id?: string; value: string; callback_id?: string },
  o: SendOptions = {},
): Promise<SlackResponse> {
  const teamId = who.teamId ?? 'T0TEST';
  return interactive(
    baseUrl,
    {
      type: 'block_suggestion',
      team: { id: teamId, domain: 'fake' },
      user: { id: who.userId, team_id: teamId },
      api_app_id: 'A0WEAVER',
      token: 'legacy-verification-token',
      action_id: request.action_id,
      block_id: request.block_id ?? 'b',
      value: request.value,
      view: { id: 'VOPTS', type: 'modal', callback_id: request.callback_id ?? '', team_id: teamId },
    },
    o,
  );
}

export function sendSlashCommand(
  baseUrl: string,
  who: Who,
  text: string,
  o: SendOptions & { command?: string; channelId?: string; responseUrl?: string } = {},
): Promise<SlackResponse> {
  const teamId = who.teamId ?? 'T0TEST';
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: teamId,
    team_domain: 'fake',
    channel_id: o.channelId ?? 'DFAKECMD',
    channel_name: 'directmessage',
    user_id: who.userId,
    user_name: who.userId.toLowerCase(),
    command: o.command ?? '/weaver',
    text,
    api_app_id: 'A0WEAVER',
    response_url: o.responseUrl ?? 'http://127.0.0.1:9/unused',
    trigger_id: `${Date.now()}.trigger`,
  }).toString();
  return postToSlackEndpoint(baseUrl, body, 'application/x-www-form-urlencoded', o);
}

/**
 * A fake Slack Web API at the HTTP boundary: a real HTTP server on 127.0.0.1 that the app reaches
 * through SLACK_API_URL. It answers from an in-memory workspace built with the factories in
 * tests/support/factories.ts, records every call, paginates with cursors like Slack, and can be
 * told to answer 429 (with Retry-After), 500, ok:false errors or to hang. A method it does not
 * know is recorded in `unknownCalls` and answered `unknown_method`; `assertNoUnknownCalls()` fails
 * the test loudly (useFakeSlack() does it after every test).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { VirtualClock } from './virtualClock';

export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  tz: string;
  tz_offset: number;
  profile: {
    real_name: string;
    display_name: string;
    email?: string;
    title?: string;
    fields?: Record<string, { value: string; alt: string }>;
  };
  /** What SCIM's enterprise extension says (default: department from the Department profile field). */
  scim?: { department?: string | null; division?: string; manager?: string };
}

export interface FakeMessage {
  type: 'message';
  user?: string;
  bot_id?: string;
  subtype?: string;
  text: string;
  ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reactions?: Array<{ name: string; users: string[]; count: number }>;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_private: boolean;
  is_archived: boolean;
  created: number;
  creator: string;
  purpose: { value: string };
  topic: { value: string };
  members: string[];
  messages: FakeMessage[];
}

export interface FakeWorkspace {
  teamId: string;
  botUserId: string;
  botId: string;
  profileFields: Array<{ id: string; label: string; type: string }>;
  users: FakeUser[];
  channels: FakeChannel[];
}

export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  token?: string;
  at: number;
}

type Fault =
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'server_error'; status?: number }
  | { kind: 'error'; error: string }
  | { kind: 'hang'; ms: number }
  /** the call takes effect (a message is posted) but its answer never arrives */
  | { kind: 'lost_response' };

type Handler = (
  args: Record<string, any>,
  call: RecordedCall,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Slack's published rate tiers, per method and workspace (calls a minute). Methods not listed are
 * Tier 3. chat.postMessage is limited per channel (about 1 a second); the SCIM API is treated as
 * Tier 2, on the safe side (Slack documents its SCIM reads at up to 1,000 GETs a minute per org, the
 * listing of users lower; each GET /Users page carries up to 1,000 people).
 */
export const METHOD_TIERS: Record<string, 1 | 2 | 3 | 4> = {
  'users.list': 2,
  'conversations.list': 2,
  'scim.Users': 2,
  'team.profile.get': 3,
  'team.info': 3,
  'conversations.history': 3,
  'conversations.replies': 3,
  'conversations.info': 3,
  'conversations.join': 3,
  'conversations.open': 3,
  'chat.update': 3,
  'conversations.members': 4,
  'users.profile.get': 4,
  'users.info': 4,
  'views.publish': 4,
  'views.open': 4,
  'views.update': 4,
  'views.push': 4,
  'chat.postEphemeral': 4,
  'auth.test': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
  'files.info': 4,
};
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
/** The 2025 limit for apps distributed outside the Marketplace: 1 request a minute, 15 messages a page. */
export const HISTORY_2025 = { perMinute: 1, pageSize: 15 } as const;

export interface RateLimitOptions {
  clock: VirtualClock;
  /** apply the 2025 history limit to conversations.history and conversations.replies */
  history2025?: boolean;
  /** virtual time each answered call takes (default 0: only Slack's limits cost time) */
  latencyMs?: number;
}

export function emptyWorkspace(teamId = 'T0TEST'): FakeWorkspace {
  return {
    teamId,
    botUserId: 'UBOTWEAVER',
    botId: 'BWEAVER',
    profileFields: [{ id: 'Xf0DEPT', label: 'Department', type: 'text' }],
    users: [],
    channels: [],
  };
}

function page<T>(items: T[], args: Record<string, any>, defaultLimit: number): { items: T[]; next: string } {
  const limit = Math.max(1, Math.min(Number(args.limit) || defaultLimit, 1000));
  const offset = args.cursor
    ? Number.parseInt(Buffer.from(String(args.cursor), 'base64').toString('utf8').replace('offset:', ''), 10)
    : 0;
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
  return { items: slice, next };
}

export class FakeSlack {
  workspace: FakeWorkspace;
  calls: RecordedCall[] = [];
  unknownCalls: RecordedCall[] = [];
  uploads: Array<{ fileId: string; bytes: Buffer; filename: string; title?: string; channels?: string }> = [];
  /** Messages the app sent to a response_url (slash commands, block actions). */
  responses: Array<{ path: string; body: Record<string, unknown> }> = [];
  /** What the app answered in the HTTP response itself (modal errors, a slash command's reply), for `npm run views`. */
  answers: Array<{ kind: string; body: unknown }> = [];
  private server?: Server;
  /** Socket Mode: the app's open WebSocket connections and the acks awaited by envelope id. */
  private sockets = new WebSocketServer({ noServer: true });
  private socketAcks = new Map<string, (payload: unknown) => void>();
  private envelopeCounter = 0;
  private faults: Array<{ method: string; fault: Fault; remaining: number; skip: number }> = [];
  private overrides = new Map<string, Handler>();
  private tsCounter = 0;
  private viewCounter = 0;
  private fileCounter = 0;
  private dmCounter = 0;
  private dms = new Map<string, string>();
  private pendingUploads = new Map<string, { filename: string; bytes?: Buffer }>();
  /** files people uploaded, served by files.info and url_private_download */
  private sharedFiles = new Map<string, { name: string; bytes: Buffer; created: number }>();
  /** downloads of url_private_download, with the token they carried */
  downloads: Array<{ fileId: string; token: string }> = [];
  /** Messages the bot posted, by conversation (a user id's messages are in the bot's DM with them). */
  private posted = new Map<string, Array<{ ts: string; text?: string; user: string; metadata?: unknown }>>();
  /** Rate limits on a virtual clock (off unless a test or bench asks: see enforceRateLimits). */
  private limits?: RateLimitOptions;
  /** accepted calls in the last minute, by limit key (method, or method + channel) */
  private windows = new Map<string, number[]>();
  /** calls answered 429 because of the rate limits (not faults), by method */
  rateLimited = new Map<string, number>();
  /** SCIM API: the token it accepts (the fake answers 401 to any other) */
  scimToken = 'xoxp-scim-test';
  port = 0;

  constructor(workspace: FakeWorkspace = emptyWorkspace()) {
    this.workspace = workspace;
  }

  /** Keeps what the app answered a view submission or slash command (the answer is passed through). */
  noteAnswer<T extends { body: string }>(kind: string, res: T): T {
    const body = safeJson(res.body);
    if (body && typeof body === 'object') this.answers.push({ kind, body });
    return res;
  }

  /** A file a person uploaded in Slack (e.g. through a modal's file_input); its id, for the view state. */
  addSharedFile(name: string, content: string | Buffer): string {
    this.fileCounter += 1;
    const id = `FSHARED${String(this.fileCounter).padStart(4, '0')}`;
    this.sharedFiles.set(id, { name, bytes: Buffer.from(content), created: Math.floor(Date.now() / 1000) });
    return id;
  }

  /** A response_url that records what the app answers there. */
  get responseUrl(): string {
    return `http://127.0.0.1:${this.port}/response/${this.calls.length}`;
  }

  /** Base URL for SLACK_SCIM_URL (ends with /scim/v2/). */
  get scimUrl(): string {
    return `http://127.0.0.1:${this.port}/scim/v2/`;
  }

  /**
   * From now on answer like Slack under its rate limits: at most the tier's calls in any minute
   * per method (chat.postMessage: 1 a second per channel), measured on `clock`; a call over the
   * limit is answered 429 with Retry-After (whole seconds until a slot frees) and does nothing.
   */
  enforceRateLimits(opts: RateLimitOptions): void {
    this.limits = opts;
    this.windows.clear();
    this.rateLimited.clear();
  }

  /** Calls by method (429s included), for benches and call-count assertions. */
  callCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of this.calls) counts[c.method] = (counts[c.method] ?? 0) + 1;
    return counts;
  }

  /** Seconds to wait before this call fits Slack's limit, or 0 when it fits (and is counted). */
  private overLimit(method: string, args: Record<string, any>): number {
    if (!this.limits) return 0;
    const now = this.limits.clock.nowMs();
    let key = method;
    let perWindow: number;
    let windowMs = 60_000;
    if (method === 'chat.postMessage') {
      key = `${method}:${String(args.channel)}`;
      perWindow = 1;
      windowMs = 1000;
    } else if (this.limits.history2025 && (method === 'conversations.history' || method === 'conversations.replies')) {
      perWindow = HISTORY_2025.perMinute;
    } else {
      perWindow = TIER_PER_MINUTE[METHOD_TIERS[method] ?? 3];
    }
    const recent = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    this.windows.set(key, recent);
    if (recent.length >= perWindow) {
      this.rateLimited.set(method, (this.rateLimited.get(method) ?? 0) + 1);
      return Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000));
    }
    recent.push(now);
    return 0;
  }

  /** The Slack time an answered call takes (the caller waits for it on the virtual clock). */
  private async latency(): Promise<void> {
    if (this.limits?.latencyMs) await this.limits.clock.elapse(this.limits.latencyMs);
  }

  /** Base URL for SLACK_API_URL (ends with /api/). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    // Socket Mode: apps.connections.open hands out ws://…/socket-mode; the app connects here.
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket-mode')) return socket.destroy();
      this.sockets.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (data) => {
          const msg = safeJson(String(data)) as { envelope_id?: string; payload?: unknown } | null;
          const done = msg?.envelope_id ? this.socketAcks.get(msg.envelope_id) : undefined;
          if (done) {
            this.socketAcks.delete(msg!.envelope_id!);
            done(msg!.payload);
          }
        });
        ws.send(
          JSON.stringify({
            type: 'hello',
            num_connections: 1,
            connection_info: { app_id: 'A0WEAVER' },
            debug_info: { host: 'fake', approximate_connection_time: 3600 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Socket Mode connections the app holds open. */
  get socketClients(): number {
    return [...this.sockets.clients].filter((c) => c.readyState === WebSocket.OPEN).length;
  }

  /**
   * Delivers an Events API body over Socket Mode (as Slack does when the app has an app-level
   * token) and resolves with the app's acknowledgement once it arrives.
   */
  async socketEvent(body: Record<string, unknown>, timeoutMs = 5000): Promise<unknown> {
    const ws = [...this.sockets.clients].find((c) => c.readyState === WebSocket.OPEN);
    if (!ws) throw new Error('fake Slack: no Socket Mode connection is open');
    this.envelopeCounter += 1;
    const envelopeId = `env-${this.envelopeCounter}`;
    const acked = new Promise((resolve, reject) => {
      this.socketAcks.set(envelopeId, resolve);
      setTimeout(() => reject(new Error(`fake Slack: envelope ${envelopeId} was not acknowledged`)), timeoutMs).unref();
    });
    ws.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: body,
      }),
    );
    return acked;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const ws of this.sockets.clients) ws.terminate();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  reset(workspace: FakeWorkspace = emptyWorkspace()): void {
    this.workspace = workspace;
    this.calls = [];
    this.unknownCalls = [];
    this.uploads = [];
    this.responses = [];
    this.answers = [];
    this.sharedFiles.clear();
    this.downloads = [];
    this.faults = [];
    this.overrides.clear();
    this.dms.clear();
    this.posted.clear();
    this.limits = undefined;
    this.windows.clear();
    this.rateLimited.clear();
  }

  /** The next `times` calls to `method` fail with `fault` (then it answers normally again). */
  failNext(method: string, fault: Fault, times = 1): void {
    this.faults.push({ method, fault, remaining: times, skip: 0 });
  }

  /** After `okCalls` normal answers, the next `times` calls to `method` fail with `fault` (e.g. a sync interrupted halfway). */
  failAfter(method: string, okCalls: number, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ method, fault, remaining: times, skip: okCalls });
  }

  /** Drops every pending fault (the outage is over). */
  clearFaults(): void {
    this.faults = [];
  }

  /** Replace or add the answer to one method for this test. */
  handle(method: string, handler: Handler): void {
    this.overrides.set(method, handler);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  assertNoUnknownCalls(): void {
    if (this.unknownCalls.length) {
      const names = [...new Set(this.unknownCalls.map((c) => c.method))].join(', ');
      throw new Error(
        `The app called Slack methods the fake does not know: ${names}. Add them to tests/support/fakeSlack.ts.`,
      );
    }
  }

  /** Waits until `predicate` holds for the recorded calls (events are processed after the ack). */
  async waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v instanceof Promise)
        throw new Error('fake Slack waitFor: the probe must be synchronous (a Promise is always truthy)');
      if (v) return v;
      if (Date.now() > deadline)
        throw new Error(
          `fake Slack: condition not met within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  user(id: string): FakeUser | undefined {
    return this.workspace.users.find((u) => u.id === id);
  }

  channel(id: string): FakeChannel | undefined {
    return this.workspace.channels.find((c) => c.id === id);
  }

  nextTs(): string {
    this.tsCounter += 1;
    return `${1_700_000_000 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private async readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  private parseArgs(req: IncomingMessage, body: Buffer, url: URL): Record<string, any> {
    const args: Record<string, any> = Object.fromEntries(url.searchParams.entries());
    const type = String(req.headers['content-type'] ?? '');
    if (type.includes('application/json')) {
      Object.assign(args, JSON.parse(body.toString('utf8') || '{}'));
    } else if (type.includes('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
        args[k] = /^[[{]/.test(v) ? safeJson(v) : v;
      }
    }
    return args;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await this.readBody(req);
    if (url.pathname.startsWith('/response/')) {
      this.responses.push({ path: url.pathname, body: safeJson(body.toString('utf8')) as Record<string, unknown> });
      return this.send(res, { ok: true });
    }
    if (url.pathname.startsWith('/upload/')) {
      const id = url.pathname.slice('/upload/'.length);
      const pending = this.pendingUploads.get(id);
      if (pending) pending.bytes = extractUpload(body, String(req.headers['content-type'] ?? ''));
      res.writeHead(pending ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(pending ? `OK - ${body.length}` : 'unknown upload');
      return;
    }
    if (url.pathname.startsWith('/files-pri/')) {
      // url_private_download: only with a bot token, as Slack serves a private file
      const id = url.pathname.split('/')[2];
      const file = this.sharedFiles.get(id);
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      this.downloads.push({ fileId: id, token });
      res.writeHead(file && token.startsWith('xoxb-') ? 200 : file ? 403 : 404, { 'content-type': 'text/csv' });
      res.end(file && token.startsWith('xoxb-') ? file.bytes : 'not found');
      return;
    }
    if (url.pathname.startsWith('/scim/v2/')) return this.scim(req, res, url);
    const method = url.pathname.replace(/^\/api\//, '');
    const args = this.parseArgs(req, body, url);
    const auth = String(req.headers.authorization ?? '');
    const at = this.limits ? this.limits.clock.nowMs() : Date.now();
    const call: RecordedCall = { method, args, token: auth.replace(/^Bearer /, '') || args.token, at };
    this.calls.push(call);

    const faultIndex = this.faults.findIndex((f) => f.method === method && f.remaining > 0);
    if (faultIndex >= 0 && this.faults[faultIndex].skip > 0) {
      this.faults[faultIndex].skip -= 1;
    } else if (faultIndex >= 0) {
      const f = this.faults[faultIndex];
      f.remaining -= 1;
      if (f.remaining === 0) this.faults.splice(faultIndex, 1);
      const fault = f.fault;
      if (fault.kind === 'rate_limited') {
        res.writeHead(429, { 'retry-after': String(fault.retryAfter), 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      if (fault.kind === 'server_error') {
        res.writeHead(fault.status ?? 500, { 'content-type': 'text/plain' });
        res.end('internal error');
        return;
      }
      if (fault.kind === 'error') return this.send(res, { ok: false, error: fault.error });
      if (fault.kind === 'hang') {
        await new Promise((r) => setTimeout(r, fault.ms));
      }
      if (fault.kind === 'lost_response') {
        const handler = this.overrides.get(method) ?? (this.builtins as Record<string, Handler>)[method];
        await handler?.call(this, args, call);
        await new Promise<void>((resolve) => res.once('close', resolve)); // never answered
        return;
      }
    }

    const wait = this.overLimit(method, args);
    if (wait > 0) {
      res.writeHead(429, { 'retry-after': String(wait), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    await this.latency();
    if (this.limits?.history2025 && (method === 'conversations.history' || method === 'conversations.replies')) {
      args.limit = Math.min(Number(args.limit) || HISTORY_2025.pageSize, HISTORY_2025.pageSize);
    }
    const handler = this.overrides.get(method) ?? (this.builtins as Record<string, Handler>)[method];
    if (!handler) {
      this.unknownCalls.push(call);
      return this.send(res, { ok: false, error: 'unknown_method' }, 404);
    }
    const answer = await handler.call(this, args, call);
    return this.send(res, answer);
  }

  /**
   * SCIM v2 (Business+ and Enterprise Grid): GET /Users?startIndex=1&count=N (N at most 1,000),
   * with Slack's enterprise extension (department, division, manager). Recorded as `scim.Users`.
   */
  private async scim(req: IncomingMessage, res: ServerResponse, url: URL): Promise<undefined> {
    const method = 'scim.Users';
    const args = Object.fromEntries(url.searchParams.entries());
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    const at = this.limits ? this.limits.clock.nowMs() : Date.now();
    this.calls.push({ method, args, token, at });
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): undefined => {
      res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
      res.end(JSON.stringify(body));
    };
    const scimError = (status: number, detail: string): undefined =>
      reply(status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });
    const faultIndex = this.faults.findIndex((f) => f.method === method && f.remaining > 0);
    if (faultIndex >= 0) {
      const f = this.faults[faultIndex];
      f.remaining -= 1;
      if (f.remaining === 0) this.faults.splice(faultIndex, 1);
      if (f.fault.kind === 'rate_limited')
        return reply(429, { detail: 'rate_limited' }, { 'retry-after': String(f.fault.retryAfter) });
      if (f.fault.kind === 'server_error') return scimError(f.fault.status ?? 500, 'internal error');
      if (f.fault.kind === 'error') return scimError(400, f.fault.error);
    }
    if (req.method !== 'GET' || !/^\/scim\/v2\/Users\/?$/.test(url.pathname)) return scimError(404, 'not found');
    if (token !== this.scimToken) return scimError(401, 'invalid_authentication');
    const wait = this.overLimit(method, args);
    if (wait > 0) return reply(429, { detail: 'rate_limited' }, { 'retry-after': String(wait) });
    await this.latency();
    const startIndex = Math.max(1, Number(args.startIndex) || 1);
    const count = Math.max(0, Math.min(Number(args.count ?? 100) || 0, 1000));
    const users = this.workspace.users.filter((u) => !u.is_bot);
    const deptField = this.workspace.profileFields.find((f) => f.label === 'Department');
    const resources = users.slice(startIndex - 1, startIndex - 1 + count).map((u) => {
      const department =
        u.scim?.department !== undefined
          ? u.scim.department
          : deptField
            ? (u.profile.fields?.[deptField.id]?.value ?? null)
            : null;
      const ext: Record<string, unknown> = {};
      if (department) ext.department = department;
      if (u.scim?.division) ext.division = u.scim.division;
      if (u.scim?.manager) ext.manager = { managerId: u.scim.manager };
      return {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id: u.id,
        userName: u.name,
        active: !u.deleted,
        emails: u.profile.email ? [{ value: u.profile.email, primary: true }] : [],
        ...(Object.keys(ext).length ? { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': ext } : {}),
      };
    });
    reply(200, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: users.length,
      itemsPerPage: resources.length,
      startIndex,
      Resources: resources,
    });
  }

  private send(res: ServerResponse, payload: Record<string, unknown>, status = 200): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  private dmFor(users: string[]): string {
    const key = [...users].sort().join(',');
    let id = this.dms.get(key);
    if (!id) {
      this.dmCounter += 1;
      id = `${users.length > 1 ? 'G' : 'D'}FAKE${String(this.dmCounter).padStart(4, '0')}`;
      this.dms.set(key, id);
    }
    return id;
  }

  /** The members of a DM or group DM the app opened (by channel id). */
  dmMembers(channelId: string): string[] | undefined {
    for (const [key, id] of this.dms) if (id === channelId) return key.split(',');
    return undefined;
  }

  private readonly builtins: Record<string, Handler> = {
    'apps.connections.open': () => ({ ok: true, url: `ws://127.0.0.1:${this.port}/socket-mode` }),
    'auth.test': () => ({
      ok: true,
      url: 'https://fake.slack.test/',
      team: 'Fake Team',
      team_id: this.workspace.teamId,
      user: 'weaver',
      user_id: this.workspace.botUserId,
      bot_id: this.workspace.botId,
    }),
    'team.profile.get': () => ({ ok: true, profile: { fields: this.workspace.profileFields } }),
    'users.list': (args) => {
      const { items, next } = page(this.workspace.users, args, 200);
      return { ok: true, members: items, response_metadata: { next_cursor: next } };
    },
    'users.info': (args) => {
      const u = this.user(String(args.user));
      return u ? { ok: true, user: u } : { ok: false, error: 'user_not_found' };
    },
    'users.profile.get': (args) => {
      const u = this.user(String(args.user));
      return u ? { ok: true, profile: u.profile } : { ok: false, error: 'user_not_found' };
    },
    'conversations.list': (args) => {
      const types = String(args.types ?? 'public_channel').split(',');
      const wanted = this.workspace.channels
        .filter(
          (c) =>
            (types.includes('public_channel') && !c.is_private) || (types.includes('private_channel') && c.is_private),
        )
        .filter((c) => !(args.exclude_archived === 'true' || args.exclude_archived === true) || !c.is_archived);
      const { items, next } = page(wanted, args, 100);
      return { ok: true, channels: items.map(channelInfo), response_metadata: { next_cursor: next } };
    },
    'conversations.info': (args) => {
      const c = this.channel(String(args.channel));
      return c ? { ok: true, channel: channelInfo(c) } : { ok: false, error: 'channel_not_found' };
    },
    'conversations.members': (args) => {
      const c = this.channel(String(args.channel));
      if (!c) return { ok: false, error: 'channel_not_found' };
      const { items, next } = page(c.members, args, 100);
      return { ok: true, members: items, response_metadata: { next_cursor: next } };
    },
    'conversations.history': (args) => {
      const c = this.channel(String(args.channel));
      // What the bot posted there too (a DM or group DM has only those); metadata only when asked.
      const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
      const posted = (this.posted.get(String(args.channel)) ?? []).map((m) => ({
        type: 'message',
        ts: m.ts,
        text: m.text,
        user: m.user,
        ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
      }));
      if (!c && !posted.length) return { ok: false, error: 'channel_not_found' };
      const oldest = args.oldest ? Number(args.oldest) : 0;
      const latest = args.latest ? Number(args.latest) : Infinity;
      const top = [...(c?.messages ?? []), ...posted]
        .filter((m) => !('thread_ts' in m) || !m.thread_ts || m.thread_ts === m.ts)
        .filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest)
        .sort((a, b) => Number(b.ts) - Number(a.ts));
      const { items, next } = page(top, args, 100);
      return { ok: true, messages: items, has_more: Boolean(next), response_metadata: { next_cursor: next } };
    },
    'conversations.replies': (args) => {
      const c = this.channel(String(args.channel));
      if (!c) return { ok: false, error: 'channel_not_found' };
      const thread = c.messages
        .filter((m) => m.ts === String(args.ts) || m.thread_ts === String(args.ts))
        .sort((a, b) => Number(a.ts) - Number(b.ts));
      if (!thread.length) return { ok: false, error: 'thread_not_found' };
      const { items, next } = page(thread, args, 100);
      return { ok: true, messages: items, has_more: Boolean(next), response_metadata: { next_cursor: next } };
    },
    'conversations.open': (args) => {
      const users = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (!users.length) return { ok: false, error: 'users_list_not_supplied' };
      const missing = users.find((u) => !this.user(u));
      if (missing) return { ok: false, error: 'user_not_found' };
      return { ok: true, channel: { id: this.dmFor(users) } };
    },
    'conversations.join': (args) => ({ ok: true, channel: { id: args.channel } }),
    'chat.postMessage': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
      const ts = this.nextTs();
      const conversation = /^[UW]/.test(String(args.channel))
        ? this.dmFor([String(args.channel)])
        : String(args.channel);
      const metadata = typeof args.metadata === 'string' ? safeJson(args.metadata) : args.metadata;
      this.posted.set(conversation, [
        ...(this.posted.get(conversation) ?? []),
        { ts, text: args.text, user: 'UBOTWEAVER', metadata },
      ]);
      return { ok: true, channel: args.channel, ts, message: { text: args.text, ts, blocks: args.blocks } };
    },
    'chat.postEphemeral': (args) =>
      args.channel && args.user ? { ok: true, message_ts: this.nextTs() } : { ok: false, error: 'channel_not_found' },
    'chat.update': (args) =>
      args.channel && args.ts
        ? { ok: true, channel: args.channel, ts: args.ts }
        : { ok: false, error: 'message_not_found' },
    'views.publish': (args) => {
      if (!args.user_id || !args.view) return { ok: false, error: 'invalid_arguments' };
      return { ok: true, view: { id: this.nextViewId(), ...args.view } };
    },
    'views.open': (args) => {
      if (!args.trigger_id || !args.view) return { ok: false, error: 'invalid_arguments' };
      return { ok: true, view: { id: this.nextViewId(), ...args.view } };
    },
    'views.update': (args) =>
      args.view
        ? { ok: true, view: { id: args.view_id ?? this.nextViewId(), ...args.view } }
        : { ok: false, error: 'invalid_arguments' },
    'views.push': (args) =>
      args.view
        ? { ok: true, view: { id: this.nextViewId(), ...args.view } }
        : { ok: false, error: 'invalid_arguments' },
    'files.getUploadURLExternal': (args) => {
      if (!args.filename || !args.length) return { ok: false, error: 'invalid_arguments' };
      this.fileCounter += 1;
      const fileId = `FFAKE${String(this.fileCounter).padStart(4, '0')}`;
      this.pendingUploads.set(fileId, { filename: String(args.filename) });
      return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
    },
    'files.info': (args) => {
      const file = this.sharedFiles.get(String(args.file ?? ''));
      if (!file) return { ok: false, error: 'file_not_found' };
      return {
        ok: true,
        file: {
          id: args.file,
          name: file.name,
          size: file.bytes.length,
          created: file.created,
          filetype: 'csv',
          url_private_download: `http://127.0.0.1:${this.port}/files-pri/${args.file}/${encodeURIComponent(file.name)}`,
        },
      };
    },
    'files.completeUploadExternal': (args) => {
      const files = (Array.isArray(args.files) ? args.files : safeJson(String(args.files))) as Array<{
        id: string;
        title?: string;
      }>;
      const done = [];
      for (const f of files ?? []) {
        const pending = this.pendingUploads.get(f.id);
        if (!pending?.bytes) return { ok: false, error: 'file_not_found' };
        this.uploads.push({
          fileId: f.id,
          bytes: pending.bytes,
          filename: pending.filename,
          title: f.title,
          channels: args.channel_id ?? args.channels,
        });
        done.push({ id: f.id, title: f.title ?? pending.filename });
      }
      return { ok: true, files: done };
    },
  };

  private nextViewId(): string {
    this.viewCounter += 1;
    return `VFAKE${String(this.viewCounter).padStart(4, '0')}`;
  }
}

function channelInfo(c: FakeChannel): Record<string, unknown> {
  const { messages: _m, members, ...info } = c;
  return { ...info, num_members: members.length, is_member: true };
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Pulls the file bytes out of a multipart body (or returns the raw body). */
function extractUpload(body: Buffer, contentType: string): Buffer {
  const m = /boundary=(.+)$/.exec(contentType);
  if (!m) return body;
  const boundary = Buffer.from(`--${m[1]}`);
  const start = body.indexOf(boundary);
  const headerEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(boundary, headerEnd);
  if (start < 0 || headerEnd < 0 || end < 0) return body;
  return body.subarray(headerEnd + 4, end - 2);
}

/** Starts one fake per test file; resets it before each test and fails a test that called an unknown method. */
export function useFakeSlack(): FakeSlack {
  const fake = new FakeSlack();
  beforeAll(async () => {
    await fake.start();
  });
  beforeEach(() => fake.reset());
  afterEach(() => {
    if (process.env.WEAVER_VIEWS_DIR) recordSurfaces(fake, process.env.WEAVER_VIEWS_DIR);
    fake.assertNoUnknownCalls();
  });
  afterAll(async () => {
    await fake.stop();
  });
  return fake;
}

/** What people see, among the recorded calls: published and opened views, and every message. */
const SURFACE_METHODS = new Set([
  'views.publish',
  'views.open',
  'views.update',
  'views.push',
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
]);

/**
 * `npm run views` (scripts/views.ts): with WEAVER_VIEWS_DIR set, each test appends what the app
 * showed people (views, messages, response_url answers) to one JSON-lines file per test file.
 */
function recordSurfaces(fake: FakeSlack, dir: string): void {
  const { testPath, currentTestName } = expect.getState();
  const lines: string[] = [];
  for (const c of fake.calls) {
    if (SURFACE_METHODS.has(c.method))
      lines.push(JSON.stringify({ test: currentTestName, method: c.method, args: c.args }));
  }
  for (const r of fake.responses)
    lines.push(JSON.stringify({ test: currentTestName, method: 'response_url', args: r.body }));
  for (const a of fake.answers) lines.push(JSON.stringify({ test: currentTestName, method: a.kind, args: a.body }));
  if (!lines.length) return;
  // the names Slack would show for mentions
  const names = Object.fromEntries(
    fake.workspace.users.map((u) => [u.id, u.profile.display_name || u.real_name || u.name]),
  );
  lines.push(JSON.stringify({ test: currentTestName, method: 'users', args: names }));
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${basename(testPath ?? 'unknown')}.jsonl`), `${lines.join('\n')}\n`);
}

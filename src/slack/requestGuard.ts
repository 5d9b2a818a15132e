/**
 * A gate in front of Bolt's HTTP receiver for POSTs to /slack/events. Bolt verifies the signature
 * but refuses only stale timestamps, and it dereferences the parsed body before any listener runs:
 * a signed `null` body crashed the process, and a signed event whose `event`, `user` or `view` is
 * null or of the wrong type got a 500, which Slack retries. Here every request is buffered,
 * verified (timestamps more than 5 minutes away from now, past or future, get 401) and its
 * envelope checked against the fields Bolt reads; what fails gets a 4xx and one log line. A
 * well-formed body of a type Weaver does not know gets 200 (logged), so Slack does not resend it.
 *
 * This is the only signature check: the receiver is built with `signatureVerification: false`
 * (src/slack/app.ts), so every request Bolt would treat as one to /slack/events must pass here.
 * The path is therefore read exactly as Bolt reads it (WHATWG URL: `/slack/./events` and an
 * absolute-form `http://host/slack/events` are the same endpoint), and an unsigned `ssl_check`
 * body is cut to `ssl_check=1` as Bolt's own check did. Verifying twice with Bolt's function (here
 * and in Bolt) cost six HMACs and two random-byte draws per request, its constant-time compare
 * (tsscmp) hashing both strings again with a random key; one HMAC is needed (bench/load.ts).
 */
import { HTTPModuleFunctions, type BufferedIncomingMessage } from '@slack/bolt';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../logger';

const MAX_SKEW_SEC = 5 * 60;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const object = z.record(z.string(), z.unknown());
const idObject = z.object({ id: z.string() }).passthrough();
const optionalObject = object.nullish();

const authorization = z.object({ team_id: z.string().nullish(), enterprise_id: z.string().nullish() }).passthrough();

/** What Bolt's routing (helpers.getTypeAndConversation, App.buildSource) reads of an event envelope. */
const eventEnvelope = z
  .object({
    type: z.literal('event_callback'),
    team_id: z.string().optional(),
    enterprise_id: z.string().nullish(),
    is_enterprise_install: z.union([z.boolean(), z.string()]).optional(),
    authorizations: z.array(authorization).optional(),
    event: z
      .object({
        type: z.string(),
        user: z.union([z.string(), idObject.partial()]).optional(),
        channel: z.union([z.string(), object]).optional(),
        channel_id: z.string().optional(),
        item: object.optional(),
        message: object.optional(),
        previous_message: object.optional(),
        assistant_thread: object.optional(),
        subteam: object.optional(),
      })
      .passthrough(),
  })
  .passthrough();

/** Interactive payloads: Bolt reads user.id, team, enterprise, view and the first action. */
const interactivePayload = z
  .object({
    type: z.string(),
    user: idObject.extend({ team_id: z.string().optional() }),
    team: idObject.extend({ enterprise_id: z.string().nullish() }).nullish(),
    enterprise: idObject.nullish(),
    actions: z.array(object).optional(),
    view: optionalObject,
    channel: optionalObject,
  })
  .passthrough();
const viewPayload = interactivePayload.extend({ view: object });

/** A slash command: a flat form whose values are single strings. */
const slashCommand = z.object({ command: z.string(), user_id: z.string(), team_id: z.string() }).catchall(z.string());

const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'interactive_message',
  'dialog_submission',
  'dialog_cancellation',
  'dialog_suggestion',
  'shortcut',
  'message_action',
  'workflow_step_edit',
]);

export type Verdict = { status: 200 | 400; problem: string } | null;

/** null: hand the request to Bolt; otherwise answer with `status` and log `problem`. */
export function checkSlackBody(body: unknown, isForm: boolean): Verdict {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 400, problem: 'body is not an object' };
  }
  const fields = body as Record<string, unknown>;
  if (isForm && fields.ssl_check === '1') return null;
  if (isForm && fields.type === undefined && fields.command !== undefined) {
    return slashCommand.safeParse(fields).success ? null : { status: 400, problem: 'malformed slash command' };
  }
  const type = fields.type;
  if (typeof type !== 'string') return { status: 400, problem: 'body has no type' };
  const shape =
    type === 'event_callback'
      ? eventEnvelope
      : type === 'view_submission' || type === 'view_closed'
        ? viewPayload
        : INTERACTIVE_TYPES.has(type)
          ? interactivePayload
          : type === 'url_verification'
            ? z.object({ challenge: z.string() }).passthrough()
            : null;
  if (!shape) return { status: 200, problem: `ignored a request of unknown type ${type.slice(0, 40)}` };
  const parsed = shape.safeParse(fields);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return { status: 400, problem: `malformed ${type.slice(0, 40)}: ${issue.path.join('.')} ${issue.message}` };
}

/**
 * Throws when the signature is missing or wrong, or the timestamp is more than 5 minutes off. The
 * HMAC-SHA256 of `v0:<timestamp>:<raw body>` (what Slack signs) is compared in constant time.
 */
export function verifySignature(req: BufferedIncomingMessage, signingSecret: string, nowMs: number): void {
  if (!signingSecret) throw new Error('no signing secret configured');
  const signature = req.headers['x-slack-signature'];
  const timestampText = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestampText !== 'string') {
    throw new Error('x-slack-signature or x-slack-request-timestamp missing');
  }
  // Decimal digits only, as Bolt reads it: Number() would also take "0x…", " 1e9" and "+…".
  if (!/^\d{1,12}$/.test(timestampText)) throw new Error('x-slack-request-timestamp is not a number');
  const timestamp = Number(timestampText);
  const nowSec = Math.floor(nowMs / 1000);
  if (timestamp > nowSec + MAX_SKEW_SEC) throw new Error('x-slack-request-timestamp is in the future');
  if (timestamp < nowSec - MAX_SKEW_SEC) throw new Error('x-slack-request-timestamp is stale');
  if (!signature.startsWith('v0=')) throw new Error('unknown signature version');
  // Exactly 64 hex digits: Buffer.from(…, 'hex') stops at the first non-hex character, so
  // "v0=<hex>junk" and two headers joined by Node with a comma would otherwise pass.
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) throw new Error('malformed signature');
  const given = Buffer.from(signature.slice(3), 'hex');
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestampText}:`).update(req.rawBody).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('signature mismatch');
}

/** The path as Bolt's HTTPReceiver routes it (WHATWG URL against http://localhost); undefined if unparsable. */
function routedPath(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** What the receiver does with a verified, well-formed event delivery instead of handing it to Bolt. */
export type EventDelivery = (
  rawBody: Buffer,
  body: Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

export function guardSlackRequests(
  boltListener: Listener,
  opts: {
    signingSecret: string;
    logger: Logger;
    /** the receiver's own endpoint paths (HTTPReceiver's `endpoints`), read, not copied */
    paths: readonly string[];
    bodyLimit?: number;
    /** event_callback deliveries go here (the journal) rather than to Bolt */
    onEvent?: EventDelivery;
  },
): Listener {
  const log = opts.logger.child({ component: 'request-guard' });
  const refuse = (res: ServerResponse, status: number, problem: string) => {
    log.warn({ status, problem }, 'Slack request refused');
    if (!res.headersSent) {
      res.writeHead(status);
      res.end();
    }
  };
  const guarded = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let buffered: BufferedIncomingMessage;
    try {
      const limit = opts.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, limit);
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err as { statusCode: number }).statusCode === 413;
      if (tooLarge) return refuse(res, 413, 'body too large');
      return refuse(res, 400, `body unreadable: ${(err as Error).message}`);
    }
    const isForm = req.headers['content-type'] === 'application/x-www-form-urlencoded';
    // ssl_check is unsigned by design; anything else in such a body is cut (Bolt's own check is off).
    const sslCheck = isForm && new URLSearchParams(buffered.rawBody.toString()).get('ssl_check') === '1';
    if (sslCheck) {
      buffered.rawBody = Buffer.from('ssl_check=1');
    } else {
      try {
        verifySignature(buffered, opts.signingSecret, Date.now());
      } catch (err) {
        return refuse(res, 401, (err as Error).message);
      }
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch (err) {
      return refuse(res, 400, `body is not valid JSON: ${(err as Error).message}`);
    }
    const verdict = sslCheck ? null : checkSlackBody(body, isForm);
    if (verdict?.status === 200) {
      log.info({ problem: verdict.problem }, 'Slack request ignored');
      res.writeHead(200);
      res.end();
      return;
    }
    if (verdict) return refuse(res, verdict.status, verdict.problem);
    const fields = body as Record<string, unknown>;
    if (opts.onEvent && !isForm && fields.type === 'event_callback')
      return opts.onEvent(buffered.rawBody, fields, req, res);
    return boltListener(buffered, res);
  };
  return (req, res) => {
    // Other routes (health, metrics, OAuth) go to Bolt untouched; it throws for unknown paths (404).
    // Bolt's own test, so no request it would read as an event escapes the signature check.
    const pathname = routedPath(req.url);
    if (pathname === undefined) return refuse(res, 400, 'request target is not a URL path');
    if (req.method?.toUpperCase() !== 'POST' || !opts.paths.includes(pathname)) return boltListener(req, res);
    guarded(req, res).catch((err) => refuse(res, 400, `request failed before processing: ${(err as Error).message}`));
  };
}

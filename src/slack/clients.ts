/**
 * Web API clients for work that does not come from a Slack request (jobs, CLI).
 * Every client points at SLACK_API_URL, has a per-request timeout, retries 5xx answers and
 * timeouts a configurable number of times (WEAVER_SLACK_*; tests make them fast), counts calls for
 * /metrics and logs each rate-limit pause. A 429 is always waited out (Retry-After) and the call
 * made again, however often Slack says so: at 50,000 people a back-fill meets thousands of them,
 * and each is Slack telling us the pace, not a failure. The pause is injectable (`sleep`) so a bench
 * can wait on a virtual clock. Other errors that outlast the retries reach the job, which the
 * scheduler retries later: nothing lost.
 */
import {
  ErrorCode,
  LogLevel,
  WebClient,
  WebClientEvent,
  type WebAPICallResult,
  type WebClientOptions,
} from '@slack/web-api';
import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { countingFetch } from '../metrics';
import { tokenCipher, type TokenCipher } from '../security/tokenCipher';
import { sealedBotTokenForTeam } from '../store/installations';

/** Options shared by our clients and the ones Bolt builds for listeners. */
export function webClientOptions(config: Config): WebClientOptions {
  return {
    slackApiUrl: config.slack.apiUrl,
    timeout: config.slack.timeoutMs,
    retryConfig: {
      retries: config.slack.retries,
      factor: 2,
      minTimeout: config.slack.retryBaseMs,
      maxTimeout: config.slack.retryBaseMs * 30,
      randomize: true,
    },
    fetch: countingFetch,
  };
}

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A WebClient that waits out every 429 (Retry-After) with `sleep` and calls again, and can keep a method to a pace. */
class PacedWebClient extends WebClient {
  /** least time between two calls of a method (Slack's 2025 history limit: 60 s) */
  readonly minIntervalMs = new Map<string, number>();
  private readonly lastCallAt = new Map<string, number>();

  constructor(
    token: string | undefined,
    options: WebClientOptions,
    private readonly sleep: Sleep,
    private readonly now: () => number,
  ) {
    super(token, { ...options, rejectRateLimitedCalls: true });
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    const interval = this.minIntervalMs.get(method);
    if (interval) {
      const last = this.lastCallAt.get(method);
      if (last !== undefined && this.now() < last + interval) await this.sleep(last + interval - this.now());
      this.lastCallAt.set(method, this.now());
    }
    for (;;) {
      try {
        return await super.apiCall(method, options);
      } catch (err) {
        const e = err as { code?: string; retryAfter?: number };
        if (e.code !== ErrorCode.RateLimitedError) throw err;
        await this.sleep(Math.max(0, e.retryAfter ?? 1) * 1000);
      }
    }
  }
}

/**
 * Keeps `method` to at most one call every `ms` on this client (no-op on a client we did not build),
 * so a limit known in advance is kept without meeting 429s.
 */
export function paceMethod(client: WebClient, method: string, ms: number | null): void {
  if (!(client instanceof PacedWebClient)) return;
  if (ms) client.minIntervalMs.set(method, ms);
  else client.minIntervalMs.delete(method);
}

export function webClient(
  token: string | undefined,
  config: Config,
  logger: Logger,
  opts: { sleep?: Sleep; now?: () => number } = {},
): WebClient {
  const client = new PacedWebClient(
    token,
    { ...webClientOptions(config), logLevel: LogLevel.ERROR },
    opts.sleep ?? realSleep,
    opts.now ?? Date.now,
  );
  client.on(WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number, { url }: { url: string }) => {
    logger.warn({ retryAfterSeconds, method: url.replace(/^.*\//, '') }, 'Slack rate limit: pausing');
  });
  return client;
}

/** Single-workspace mode: one bot token from the environment serves every team id it is asked for. */
export function envTokenClients(config: Config, logger: Logger): (teamId: string) => Promise<WebClient | null> {
  const token = config.slack.botToken;
  const client = token ? webClient(token, config, logger) : null;
  return async () => client;
}

/**
 * OAuth mode: the bot token of the workspace's installation (its own, or its enterprise's
 * org-wide one), decrypted on demand; null once the workspace uninstalled Weaver.
 * Clients are cached by sealed token, so a reinstall (new token) gets a new client.
 */
export function installationClients(
  db: Knex,
  cipher: TokenCipher,
  config: Config,
  logger: Logger,
): (teamId: string) => Promise<WebClient | null> {
  const cache = new Map<string, WebClient>();
  return async (teamId) => {
    const sealed = await sealedBotTokenForTeam(db, teamId);
    if (!sealed) return null;
    let client = cache.get(sealed);
    if (!client) {
      client = webClient(cipher.open(sealed), config, logger);
      if (cache.size > 1000) cache.clear();
      cache.set(sealed, client);
    }
    return client;
  };
}

/** `Services.slackFor` for the configured mode: installations in OAuth mode, else the env token. */
export function clientsForMode(
  db: Knex,
  config: Config,
  logger: Logger,
): (teamId: string) => Promise<WebClient | null> {
  if (config.slack.mode === 'oauth' && config.encryptionKey) {
    return installationClients(db, tokenCipher(config.encryptionKey), config, logger);
  }
  return envTokenClients(config, logger);
}

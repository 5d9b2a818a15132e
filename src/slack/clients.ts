/**
 * Web API clients for work that does not come from a Slack request (jobs, CLI).
 * Every client points at SLACK_API_URL, has a per-request timeout, retries 5xx answers, timeouts
 * and 429s (after Retry-After) a configurable number of times (WEAVER_SLACK_*; tests make them
 * fast), counts calls for /metrics and logs each rate-limit pause. When the retries run out the
 * error reaches the job, which the scheduler retries later (honouring Retry-After): nothing lost.
 */
import { LogLevel, WebClient, WebClientEvent, type WebClientOptions } from '@slack/web-api';
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

export function webClient(token: string | undefined, config: Config, logger: Logger): WebClient {
  const client = new WebClient(token, { ...webClientOptions(config), logLevel: LogLevel.ERROR });
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

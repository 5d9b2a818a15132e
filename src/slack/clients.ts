/**
 * Web API clients for work that does not come from a Slack request (jobs, CLI).
 * Every client points at SLACK_API_URL, retries 429s as @slack/web-api does by default, and logs
 * each rate-limit pause.
 */
import { LogLevel, WebClient, WebClientEvent, retryPolicies } from '@slack/web-api';
import type { Config } from '../config';
import type { Logger } from '../logger';

export function webClient(token: string | undefined, config: Config, logger: Logger): WebClient {
  const client = new WebClient(token, {
    slackApiUrl: config.slack.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: retryPolicies.fiveRetriesInFiveMinutes,
  });
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

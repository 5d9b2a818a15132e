/**
 * For commands that work on the workspace of the env bot token (`weaver sync`, `weaver departments`):
 * opens the database (embedded or DATABASE_URL, migrated) like `weaver start`, finds the
 * workspace with auth.test, and closes everything afterwards.
 */
import type { WebClient } from '@slack/web-api';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openServices } from '../runtime';
import type { Services } from '../services/context';
import { webClient } from '../slack/clients';
import { recordWorkspace } from '../store/workspaces';
import { CliError } from './errors';

export async function withWorkspace<T>(work: (services: Services, teamId: string, client: WebClient) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, 'database');
  if (!config.slack.botToken) {
    throw new CliError('SLACK_BOT_TOKEN is not set: this command reads the workspace of the bot token (OAuth & Permissions → Bot User OAuth Token).');
  }
  const logger = createLogger(config.logLevel);
  const client = webClient(config.slack.botToken, config, logger);
  let auth;
  try {
    auth = await client.auth.test();
  } catch (err) {
    throw new CliError(`Slack did not accept SLACK_BOT_TOKEN (${(err as Error).message}). Check the token and SLACK_API_URL.`);
  }
  if (!auth.team_id) throw new CliError('auth.test returned no workspace id for SLACK_BOT_TOKEN.');
  const { services, database } = await openServices(config, logger);
  try {
    await recordWorkspace(services.db, { teamId: auth.team_id, enterpriseId: auth.enterprise_id, botUserId: auth.user_id, botId: auth.bot_id });
    return await work(services, auth.team_id, client);
  } finally {
    await database.close();
  }
}

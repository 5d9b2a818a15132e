/**
 * How CLI commands reach a workspace:
 * - `withWorkspace`: the workspace of the env bot token (`weaver sync`, `weaver departments`),
 *   found with auth.test;
 * - `withServices` + `chooseTeam`: the database only (`weaver report`, `round`, `passions`), the
 *   workspace given by --team or the only one the database holds.
 * Both open the database (embedded or DATABASE_URL, migrated) like `weaver start` and close it after.
 */
import type { WebClient } from '@slack/web-api';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openServices } from '../runtime';
import type { Services } from '../services/context';
import { webClient } from '../connections';
import type { Knex } from 'knex';
import { knownTeamIds, recordWorkspace } from '../store/workspaces';
import { CliError } from './errors';

export async function withWorkspace<T>(
  work: (services: Services, teamId: string, client: WebClient) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env, 'database');
  if (!config.slack.botToken) {
    throw new CliError(
      'SLACK_BOT_TOKEN is not set: this command reads the workspace of the bot token (OAuth & Permissions → Bot User OAuth Token).',
    );
  }
  const logger = createLogger(config.logLevel);
  const client = webClient(config.slack.botToken, config, logger);
  let auth;
  try {
    auth = await client.auth.test();
  } catch (err) {
    throw new CliError(
      `Slack did not accept SLACK_BOT_TOKEN (${(err as Error).message}). Check the token and SLACK_API_URL.`,
    );
  }
  if (!auth.team_id) throw new CliError('auth.test returned no workspace id for SLACK_BOT_TOKEN.');
  const { services, database } = await openServices(config, logger);
  try {
    await recordWorkspace(services.db, {
      teamId: auth.team_id,
      enterpriseId: auth.enterprise_id,
      botUserId: auth.user_id,
      botId: auth.bot_id,
    });
    return await work(services, auth.team_id, client);
  } finally {
    await database.close();
  }
}

export async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, 'database');
  // Commands print their own results: start-up info lines would only get in the way.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { services, database } = await openServices(config, logger);
  try {
    return await work(services);
  } finally {
    await database.close();
  }
}

/** The workspace a command works on: the one asked for (it must have data), or the only one there is. */
export async function chooseTeam(db: Knex, requested?: string): Promise<string> {
  const teams = await knownTeamIds(db);
  if (requested) {
    if (teams.includes(requested)) return requested;
    throw new CliError(
      `no data for workspace ${requested} in this database${teams.length ? ` (it has ${teams.join(', ')})` : ''}`,
    );
  }
  if (teams.length === 1) return teams[0];
  if (!teams.length)
    throw new CliError(
      'no workspace data in the database yet: start Weaver once so it syncs its workspace, or try `weaver demo`',
    );
  throw new CliError(`several workspaces in the database (${teams.join(', ')}): choose one with --team`);
}

import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { openDatabase } from '../../connections';
import { createLogger } from '../../logger';
import { uninstallWorkspace } from '../../services/workspaceDeletion';
import { CliError } from '../errors';

const usage = 'usage: weaver workspace delete TEAM_ID';

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean' } } });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return;
  }
  const [sub, teamId, ...extra] = parsed.positionals;
  if (sub !== 'delete' || !teamId || extra.length) throw new CliError(usage);
  if (!/^[TE][A-Z0-9]{2,}$/.test(teamId))
    throw new CliError(`"${teamId}" is not a Slack team id (it looks like T012ABCDEF)`);
  const config = loadConfig(process.env, 'database');
  const logger = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    const services = {
      db: db.knex,
      logger,
      config: { ...config, uninstallGraceDays: 0 },
      now: () => new Date(),
      slackFor: async () => null,
    };
    await uninstallWorkspace(services, { teamId, reason: 'weaver workspace delete' });
    console.log(`Deleted workspace ${teamId}: its installation and every row of its data.`);
  } finally {
    await db.close();
  }
}

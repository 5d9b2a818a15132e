import { z } from 'zod';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db';
import { createLogger } from '../../logger';
import { FORMATS } from '../../report';
import { computeLiveReport, refreshSiloReport } from '../../services/report';
import { teamsWithMembers } from '../../store/reportData';
import { CliError } from '../errors';
import { parseCommandFlags, stringFlags } from '../flags';
import { writeOutputs } from './analyze';

export const summary = 'silo report of the live workspace in the database (stored as today\'s snapshot)';

const USAGE = `Usage: weaver report [--team T] [--format text|json|csv|html] [--out FILE] [--png FILE]
                     [--since YYYY-MM-DD] [--min-group-size N] [--no-snapshot]

Reads the database (DATABASE_URL or the embedded one), computes the report, stores it as today's
snapshot (unless --no-snapshot) and shows the change since the previous snapshot.`;

const flagsSchema = z.object({
  team: z.string().regex(/^T[A-Z0-9]+$/, 'must be a Slack team id like T012AB3CD').optional(),
  format: z.enum(FORMATS).default('text'),
  out: z.string().min(1).optional(),
  png: z.string().min(1).optional(),
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31').optional(),
  'min-group-size': z.coerce.number().int().min(1).max(1000).optional(),
  'no-snapshot': z.boolean().default(false),
});

export async function run(argv: string[]): Promise<void> {
  const parsed = parseCommandFlags(
    argv,
    { ...stringFlags('team', 'format', 'out', 'png', 'since', 'min-group-size'), 'no-snapshot': { type: 'boolean' } },
    flagsSchema,
    USAGE,
  );
  if (!parsed) return;
  const { flags } = parsed;
  if (parsed.positionals.length) throw new CliError(`unexpected argument ${parsed.positionals[0]}\n\n${USAGE}`);
  const config = loadConfig(process.env, 'database');
  const logger = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    const teams = await teamsWithMembers(db.knex);
    const team = flags.team ?? (teams.length === 1 ? teams[0] : undefined);
    if (!team) {
      throw new CliError(
        teams.length ? `several workspaces in the database (${teams.join(', ')}): choose one with --team` : 'no workspace data in the database yet: install Weaver and let it sync, or try `weaver demo`',
      );
    }
    const services = { db: db.knex, now: () => new Date() };
    const options = { since: flags.since, minGroupSize: flags['min-group-size'] };
    const report = flags['no-snapshot'] ? await computeLiveReport(services, team, options) : (await refreshSiloReport(services, team, options)).report;
    await writeOutputs(report, flags);
  } finally {
    await db.close();
  }
}

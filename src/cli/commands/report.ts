import { z } from 'zod';
import { computeLiveReport, refreshSiloReport } from '../../services/report';
import { loadIntroFunnel } from '../../services/introFunnel';
import { settingsFor } from '../../store/settings';
import { CliError } from '../errors';
import { checkOutputFile } from '../outputFiles';
import { FORMATS } from '../../report';
import { formatError, parseCommandFlags, stringFlags } from '../flags';
import { chooseTeam, withServices } from '../workspace';
import { writeOutputs } from './analyze';

const USAGE = `Usage: weaver report [--team T] [--format text|json|csv|html] [--out FILE] [--png FILE]
                     [--since YYYY-MM-DD] [--min-group-size N] [--no-snapshot]

Reads the database (DATABASE_URL or the embedded one), computes the report, stores it as today's
snapshot (unless --no-snapshot) and shows the change since the previous snapshot.`;

const flagsSchema = z.object({
  team: z
    .string()
    .regex(/^T[A-Z0-9]+$/, 'must be a Slack team id like T012AB3CD')
    .optional(),
  format: z.enum(FORMATS, { error: (issue) => formatError(issue.input) }).default('text'),
  out: z.string().min(1).optional(),
  png: z.string().min(1).optional(),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
    .optional(),
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
  if (parsed.positionals.length)
    throw new CliError(`unexpected argument ${parsed.positionals[0]} (--help lists the flags)`);
  checkOutputFile('out', flags.out);
  checkOutputFile('png', flags.png);
  await withServices(async (services) => {
    const team = await chooseTeam(services.db, flags.team);
    const options = { since: flags.since, minGroupSize: flags['min-group-size'] };
    const report = flags['no-snapshot']
      ? await computeLiveReport(services, team, options)
      : (await refreshSiloReport(services, team, options)).report;
    const { privacyThreshold } = await settingsFor(services.db, team);
    const introductions = await loadIntroFunnel(services.db, team, services.now(), privacyThreshold);
    await writeOutputs({ ...report, introductions }, flags, team);
  });
}

import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ArchiveLimitError, ExportFormatError } from '../../import/slackExport';
import { importSlackExport } from '../../services/exportImport';
import { settingsFor } from '../../store/settings';
import { knownTeamIds } from '../../store/workspaces';
import { CliError } from '../errors';
import { parseCommandFlags, stringFlags } from '../flags';
import { progressBar } from '../progress';
import { chooseTeam, withServices } from '../workspace';

const USAGE = `Usage: weaver import EXPORT.zip|EXPORT_DIR [--team T]

Loads a Slack workspace export (the .zip an admin downloads, or its unpacked folder) into the live
database: people, channels and their members that Weaver does not know yet, and the interactions
of every message within the retention window, so the report has the past on day one without
reading Slack's history. The same reader as \`weaver analyze\`. Safe to run again: nothing is counted
twice (a message also seen by \`weaver sync\` or a live event counts once), and an interrupted import
resumes after the last day file it finished.

  --team T   the workspace to load into (default: the only one in the database)`;

const flagsSchema = z.object({
  team: z
    .string()
    .regex(/^T[A-Z0-9]+$/, 'must be a Slack team id like T012AB3CD')
    .optional(),
});

export async function run(argv: string[]): Promise<void> {
  const parsed = parseCommandFlags(argv, stringFlags('team'), flagsSchema, USAGE);
  if (!parsed) return;
  const [path, ...extra] = parsed.positionals;
  if (!path || extra.length) throw new CliError(`give exactly one export (zip or folder)\n\n${USAGE}`);
  if (!existsSync(path)) throw new CliError(`${path}: no such file or folder`);
  await withServices(async (services) => {
    const known = await knownTeamIds(services.db);
    // A new install that has not synced yet: the workspace named with --team.
    const team =
      parsed.flags.team && !known.includes(parsed.flags.team)
        ? parsed.flags.team
        : await chooseTeam(services.db, parsed.flags.team);
    const { retentionDays } = await settingsFor(services.db, team);
    const bar = progressBar('Importing export');
    let last = 0;
    const result = await importSlackExport(services, team, path, {
      onProgress: (done, total) => {
        bar.update(done, total);
        if (!process.stderr.isTTY && (done === total || done - last >= 500)) {
          last = done;
          process.stderr.write(`import: ${done}/${total} day files\n`);
        }
      },
    })
      .catch((err: Error) => {
        if (err instanceof ExportFormatError || err instanceof ArchiveLimitError)
          throw new CliError(`${path}: ${err.message}`);
        throw err;
      })
      .finally(() => bar.stop());
    console.log(
      [
        `Imported ${path} into workspace ${team}.`,
        `  people: ${result.people} (${result.peopleAdded} new)   channels: ${result.channels} (${result.channelsAdded} new)   memberships added: ${result.membershipsAdded}`,
        `  day files: ${result.dayFilesRead} read${result.dayFilesSkipped ? `, ${result.dayFilesSkipped} already imported` : ''}`,
        `  interactions counted: ${result.interactionsAdded} new${result.interactionsAdded === 0 && !result.olderThanRetention ? ' (all were counted before)' : ''}`,
        ...(result.olderThanRetention
          ? [
              `  ${result.olderThanRetention} interaction(s) older than the retention window (${retentionDays} days, setting retentionDays) were not loaded`,
            ]
          : []),
        ...result.problems.map((p) => `  could not read ${p}`),
        ...result.warnings.map((w) => `  warning: ${w}`),
      ].join('\n'),
    );
  });
}

import { parseArgs } from 'node:util';
import { z } from 'zod';
import { departmentCounts, UNKNOWN_DEPARTMENT } from '../../store/members';
import { saveSettings, settingsFor } from '../../store/settings';
import { runFullSync } from '../../services/sync';
import { logProgress } from '../../services/sync/progress';
import { terminalProgress } from '../progress';
import { argsErrorText, CliError, issueText } from '../errors';
import { withWorkspace } from '../workspace';
import { isoDay, minutesInWords } from '../../domain/format';

const HELP = `Usage: weaver sync [--days N] [--history-requests N] [--outside-marketplace yes|no]
                   [--department-source scim|profile_field|csv|channels]
                   [--profile-field LABEL] [--department-channels PATTERN]

  --days N                    history to read, in days (default: the workspace setting, 90)
  --history-requests N        history budget: stop reading history after about N requests (the next
                              run goes on from there)
  --outside-marketplace yes|no  the app is distributed outside the Slack Marketplace: history is read
                              at 1 request a minute (Slack's 2025 limit); saved in the settings
  --department-source SOURCE  where departments come from; saved in the workspace settings
                              (scim needs SLACK_SCIM_TOKEN)
  --profile-field LABEL       label of the custom profile field (default "Department"); saved
  --department-channels GLOB  department channel pattern, e.g. "team-*"; saved

Re-running is safe: nothing is counted twice, and an interrupted run resumes where it stopped.`;

const flags = z.object({
  days: z.coerce
    .number({ message: '--days must be a number' })
    .int('--days must be a whole number')
    .min(1, '--days must be at least 1')
    .max(365, '--days must be at most 365')
    .optional(),
  'history-requests': z.coerce
    .number({ message: '--history-requests must be a number' })
    .int('--history-requests must be a whole number')
    .min(0, '--history-requests must be 0 or more')
    .optional(),
  'outside-marketplace': z.enum(['yes', 'no'], { message: '--outside-marketplace must be yes or no' }).optional(),
  'department-source': z
    .enum(['scim', 'profile_field', 'csv', 'channels'], {
      message: '--department-source must be scim, profile_field, csv or channels',
    })
    .optional(),
  'profile-field': z.string().trim().min(1, '--profile-field must not be empty').max(80).optional(),
  'department-channels': z.string().trim().min(1, '--department-channels must not be empty').max(80).optional(),
  help: z.boolean().optional(),
});

export async function run(argv: string[]): Promise<void> {
  let raw;
  try {
    raw = parseArgs({
      args: argv,
      options: {
        days: { type: 'string' },
        'history-requests': { type: 'string' },
        'outside-marketplace': { type: 'string' },
        'department-source': { type: 'string' },
        'profile-field': { type: 'string' },
        'department-channels': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new CliError(
      argsErrorText(err as Error, ['days', 'department-source', 'profile-field', 'department-channels', 'help']),
    );
  }
  const parsed = flags.safeParse(raw);
  if (!parsed.success) throw new CliError(parsed.error.issues.map(issueText).join('; '));
  const o = parsed.data;
  if (o.help) {
    console.log(HELP);
    return;
  }
  await withWorkspace(async (services, teamId, client) => {
    const settings = await settingsFor(services.db, teamId);
    const source = {
      ...settings.departmentSource,
      ...(o['department-source'] ? { kind: o['department-source'] } : {}),
      ...(o['profile-field'] ? { profileFieldLabel: o['profile-field'] } : {}),
      ...(o['department-channels'] ? { channelPattern: o['department-channels'] } : {}),
    };
    if (source.kind === 'scim' && !services.config.slack.scimToken) {
      throw new CliError(
        'the department source scim needs SLACK_SCIM_TOKEN (a user token with the admin scope, Business+ or Enterprise Grid)',
      );
    }
    const outside =
      o['outside-marketplace'] === undefined
        ? settings.distributedOutsideMarketplace
        : o['outside-marketplace'] === 'yes';
    if (
      JSON.stringify(source) !== JSON.stringify(settings.departmentSource) ||
      outside !== settings.distributedOutsideMarketplace
    ) {
      await saveSettings(
        services.db,
        teamId,
        { ...settings, departmentSource: source, distributedOutsideMarketplace: outside },
        'cli',
      );
    }
    const progress = process.stderr.isTTY ? terminalProgress() : logProgress(services, teamId);
    const reports: string[] = [];
    const result = await runFullSync(services, teamId, client, {
      historyDays: o.days,
      historyRequests: o['history-requests'],
      progress,
      onReport: (kind) => {
        reports.push(kind === 'first' ? 'a first report (departments and memberships 90 % known)' : 'the full report');
      },
    });
    const pace = outside
      ? "at 1 request a minute (Slack's limit outside the Marketplace)"
      : 'at about 50 requests a minute';
    console.log(
      [
        `Synced workspace ${teamId}${result.resumed ? ' (resumed an interrupted run)' : ''}.`,
        `  people: ${result.members}   public channels: ${result.channels}   history since ${isoDay(result.historyOldest)}`,
        ...(result.historyChannelsLeft
          ? [
              `  history: ${result.historyChannelsLeft} channel(s) still to read${result.historyBudgetSpent ? ' (history budget spent)' : ''}; ${pace} that takes at least ${minutesInWords(result.historyMinutesLeft)}. Run \`weaver sync\` again to go on${outside ? ', or load a Slack export with `weaver import EXPORT.zip`' : ''}.`,
            ]
          : []),
        ...(reports.length
          ? [
              `  queued ${reports.join(' and ')}: the running app computes ${reports.length > 1 ? 'them' : 'it'} (\`weaver start\`), or see \`weaver report\``,
            ]
          : []),
        `  interactions counted: ${result.interactionsAdded} new; stored totals: replies ${result.interactions.reply}, mentions ${result.interactions.mention}, reactions ${result.interactions.reaction}`,
        `  departments (source: ${source.kind}):`,
        ...(await departmentCounts(services.db, teamId)).map(
          (d) =>
            `    ${d.department.padEnd(24)} ${String(d.people).padStart(5)}${d.department === UNKNOWN_DEPARTMENT ? '  (no department found)' : d.source ? `  from ${d.source}` : ''}`,
        ),
      ].join('\n'),
    );
  });
}

/**
 * What the Home tab's lead actions tell people: the status line on the lead view and the DMs
 * (export, dry run, channel draft). Pure wording; services pick which one to show.
 */
import type { CommunityRow } from '../../domain/dashboard';

export const ONLY_LEADS = 'Only leads can do that. Ask a Weaver lead or a workspace admin if you need the report.';

/** The status line at the top of the lead view. */
export const LEAD_NOTICES = {
  reportUnavailable: ':warning: Report computation is not available on this server yet.',
  refreshing: ':hourglass_flowing_sand: Refreshing the report… this page updates when it is done.',
  refreshed: (at: Date): string => `:white_check_mark: Report refreshed at ${at.toISOString().slice(11, 16)} UTC.`,
  refreshFailed: ':x: The report could not be refreshed. The previous report is shown; try again later.',
  settingsSaved: ':white_check_mark: Settings saved. They apply from the next scheduled job.',
};

/** The DMs a lead action sends. */
export const LEAD_DMS = {
  noReportToExport: 'There is no report to export yet. Press *Refresh report* in the Home tab first.',
  csvComment: (day: string, threshold: number): string =>
    `The silo report of ${day} as CSV. Groups smaller than ${threshold} are merged or left out.`,
  csvExportUnavailable: 'CSV export is not available on this server yet.',
  csvTitle: (day: string): string => `Weaver silo report ${day}`,
  dryRunUnavailable: 'Dry-run rounds are not available on this server yet.',
  communityGone: 'That community is no longer in the latest report. Open the Home tab again to see the current ones.',
};

/** The draft of a channel for an emerging community, DMed to the lead: the report's suggested name. */
export function channelDraftText(c: CommunityRow): string {
  const where = c.departments.length ? ` across ${c.departments.slice(0, 5).join(', ')}` : '';
  const purpose = `A home for the ${c.size} people${where} who already talk with each other. Everyone is welcome.`;
  return [
    '*A channel for an emerging community* (a draft: change anything you like)',
    `*Name:* #${c.suggestedChannel}`,
    `*Purpose:* ${purpose.slice(0, 250)}`,
    'Create it from *Add channels → Create a new channel*, then share it where these teams already talk. ' +
      'Weaver does not add anyone: people join if they want to.',
  ].join('\n');
}

/** Titles of the Slack files the Home uploads. */
export const HOME_FILES = {
  heatmapTitle: (day: string): string => `Ties between departments, ${day}`,
  trendTitle: (day: string): string => `Change over the last 12 weeks, ${day}`,
};

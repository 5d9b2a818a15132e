/**
 * The lead view's actions: refresh the report, export it as CSV, run a dry-run round, draft a
 * channel for an emerging community; and the daily recomputation. Each checks lead access first.
 */
import type { WebClient } from '@slack/web-api';
import { settingsFor } from '../../store/settings';
import { dryRunText } from '../../views/dryRunProjection';
import { channelDraftText, LEAD_DMS, LEAD_NOTICES } from '../../views/home/notices';
import type { Services } from '../context';
import { uploadFile } from '../slackFiles';
import { allowLead, dmChannel } from './access';
import { featuresOf } from './features';
import { uploadLatestCharts } from './charts';
import { dashboardFor, publishHome } from './page';

/**
 * The daily snapshot: recomputes the report through the report feature, then uploads the new
 * charts right away so the next Home opening does not wait for them. False without a report feature.
 */
export async function recomputeReport(services: Services, teamId: string): Promise<boolean> {
  const refresh = featuresOf(services).refreshReport;
  if (!refresh) return false;
  await refresh(services, teamId);
  const client = await services.slackFor(teamId);
  if (client) await uploadLatestCharts(services, client, teamId);
  return true;
}

/** Refresh report: shows progress, recomputes through the report feature, then shows the new report. */
export async function refreshReportNow(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'refresh report'))) return;
  const show = (notice: string) => publishHome(services, client, teamId, userId, { mode: 'lead', notice });
  if (!featuresOf(services).refreshReport) {
    await show(LEAD_NOTICES.reportUnavailable);
    return;
  }
  await show(LEAD_NOTICES.refreshing);
  try {
    await recomputeReport(services, teamId);
    await show(LEAD_NOTICES.refreshed(services.now()));
  } catch (err) {
    services.logger.error({ teamId, err: (err as Error).message }, 'report refresh failed');
    await show(LEAD_NOTICES.refreshFailed);
  }
}

/** Export CSV: the report uploaded into the lead's DM. */
export async function exportCsvToLead(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'export csv'))) return;
  const channel = await dmChannel(client, userId);
  const exportCsv = featuresOf(services).exportCsv;
  if (!exportCsv) {
    await client.chat.postMessage({ channel, text: LEAD_DMS.csvExportUnavailable });
    return;
  }
  const { dashboard, latest } = await dashboardFor(services, teamId);
  if (!latest) {
    await client.chat.postMessage({ channel, text: LEAD_DMS.noReportToExport });
    return;
  }
  const csv = await exportCsv(latest.report);
  await uploadFile(client, {
    bytes: Buffer.from(csv, 'utf8'),
    filename: `weaver-report-${latest.day}.csv`,
    title: LEAD_DMS.csvTitle(latest.day),
    channelId: channel,
    initialComment: LEAD_DMS.csvComment(latest.day, dashboard.threshold),
  });
}

/** Run a dry-run round: a DM with counts and reasons, never names. */
export async function dryRunToLead(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'dry run'))) return;
  const channel = await dmChannel(client, userId);
  const dryRun = featuresOf(services).dryRun;
  if (!dryRun) {
    await client.chat.postMessage({ channel, text: LEAD_DMS.dryRunUnavailable });
    return;
  }
  const [summary, settings] = await Promise.all([dryRun(services, teamId), settingsFor(services.db, teamId)]);
  await client.chat.postMessage({ channel, text: dryRunText(summary, settings.privacyThreshold) });
}

/** Suggest a channel: DMs the lead a draft name and purpose for an emerging community. */
export async function suggestChannelToLead(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  communityIndex: number,
): Promise<void> {
  if (!(await allowLead(services, client, teamId, userId, 'suggest channel'))) return;
  const channel = await dmChannel(client, userId);
  const { dashboard } = await dashboardFor(services, teamId);
  const community = dashboard.communities.find((c) => c.index === communityIndex);
  const text = community ? channelDraftText(community) : LEAD_DMS.communityGone;
  await client.chat.postMessage({ channel, text });
}

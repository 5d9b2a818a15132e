/**
 * The lead view's images (the heat map and the 12-week trend) as Slack files: rendered by the
 * report feature and uploaded once per snapshot. The file id is stored on the snapshot, and
 * forgotten by the database when the snapshot's report changes.
 */
import type { WebClient } from '@slack/web-api';
import { latestSnapshots, setSnapshotChart, setSnapshotTrend, type StoredSnapshot } from '../../store/snapshots';
import { HOME_FILES } from '../../views/home/notices';
import type { Services } from '../context';
import { uploadFile } from '../slackFiles';
import { featuresOf } from './features';

export type ChartKind = 'heatmap' | 'trend';

/** How each chart is rendered, named and recorded. */
function chart(services: Services, kind: ChartKind) {
  const features = featuresOf(services);
  return kind === 'heatmap'
    ? {
        render: features.renderHeatmapPng,
        fileId: (s: StoredSnapshot) => s.chartFileId,
        save: setSnapshotChart,
        title: HOME_FILES.heatmapTitle,
      }
    : {
        render: features.renderTrendPng,
        fileId: (s: StoredSnapshot) => s.trendFileId,
        save: setSnapshotTrend,
        title: HOME_FILES.trendTitle,
      };
}

/** The chart's Slack file id: uploaded now when the snapshot has none; null without a renderer or image. */
export async function chartFor(
  services: Services,
  client: WebClient,
  snapshot: StoredSnapshot | null,
  kind: ChartKind,
): Promise<string | null> {
  if (!snapshot) return null;
  const { render, fileId, save, title } = chart(services, kind);
  if (fileId(snapshot)) return fileId(snapshot);
  if (!render) return null;
  try {
    const png = await render(snapshot.report);
    if (!png) return null;
    const filename = `weaver-${kind}-${snapshot.day}.png`;
    const uploaded = await uploadFile(client, { bytes: png, filename, title: title(snapshot.day) });
    return await save(services.db, snapshot.id, uploaded);
  } catch (err) {
    services.logger.warn({ err: (err as Error).message, snapshot: snapshot.id, kind }, 'chart upload failed');
    return null;
  }
}

/** Uploads the charts of the latest snapshot now, so the next Home opening does not wait for them. */
export async function uploadLatestCharts(services: Services, client: WebClient, teamId: string): Promise<void> {
  const latest = (await latestSnapshots(services.db, teamId, 1))[0] ?? null;
  await Promise.all([chartFor(services, client, latest, 'heatmap'), chartFor(services, client, latest, 'trend')]);
}

/**
 * The features the Home tab's lead view uses from other modules: the silo report (recompute,
 * heat map and trend PNGs, CSV) and the introductions dry run. They reach the Home through
 * `Services.home`: `weaver start` plugs in `homeFeatures()`; tests plug in stand-ins. Without one,
 * the Home tab still works and says what is unavailable.
 */
import type { SiloReport } from '../../domain/silos/types';
import { readStoredReport } from '../../domain/silos/storedReport';
import { defaultSettings } from '../../domain/settings';
import { renderCsv } from '../../report/csv';
import { heatMapPng, historyPng } from '../../report/png';
import { DRY_RUN_REASONS, type DryRunSummary } from '../../views/dryRunProjection';
import type { Services } from '../context';
import { previewRound } from '../intros';
import { recomputeChannelKinds } from '../channelKinds';
import { refreshSiloReport } from '../report';
import { projectWorkspace } from '../simulate';

export interface HomeFeatures {
  renderHeatmapPng?(report: unknown): Buffer | Promise<Buffer>;
  /** the 12-week trend chart; null when the report has too little history to draw */
  renderTrendPng?(report: unknown): Buffer | null | Promise<Buffer | null>;
  exportCsv?(report: unknown): string | Promise<string>;
  dryRun?(services: Services, teamId: string): Promise<DryRunSummary>;
  refreshReport?(services: Services, teamId: string): Promise<void>;
}

/** The features a service may use: none when the process did not plug them in (the CLI, some tests). */
export const featuresOf = (services: Services): HomeFeatures => services.home ?? {};

/** The dry run as counts and reasons, never names or anyone's passions. */
export async function dryRunSummary(services: Services, teamId: string): Promise<DryRunSummary> {
  const preview = await previewRound(services, teamId);
  const { introductions, unmatched } = preview.proposal;
  const count = (pred: (i: (typeof introductions)[number]) => boolean) => introductions.filter(pred).length;
  const reasons = [
    { reason: DRY_RUN_REASONS.sharedPassion, count: count((i) => i.sharedTags.length > 0) },
    { reason: DRY_RUN_REASONS.teachLearn, count: count((i) => i.fits.length > 0) },
    { reason: DRY_RUN_REASONS.missingBridge, count: count((i) => i.missingBridge) },
    { reason: DRY_RUN_REASONS.trio, count: count((i) => i.members.length === 3) },
    { reason: DRY_RUN_REASONS.unmatched, count: unmatched.length },
  ].filter((r) => r.count > 0);
  const projection = await projectWorkspace(services, teamId);
  const proposed = introductions.length;
  return { eligible: preview.eligible, proposed, unmatched: unmatched.length, reasons, projection };
}

/** A stored report read through the one reader; one from before the SiloReport contract cannot be drawn. */
function typed(stored: unknown): SiloReport {
  const report = readStoredReport(stored, defaultSettings().findings);
  if (!report) throw new Error('the stored report is in a format from before SiloReport; refresh the report first');
  return report;
}

/** The real features, as `weaver start` plugs them in. */
export function homeFeatures(): HomeFeatures {
  return {
    renderHeatmapPng: (stored) => heatMapPng(typed(stored)),
    renderTrendPng: (stored) => {
      const report = readStoredReport(stored, defaultSettings().findings);
      return report ? historyPng(report) : null; // a report from before the contract has no history
    },
    exportCsv: (stored) => renderCsv(typed(stored)),
    refreshReport: async (services, teamId) => {
      // as the daily snapshot does: kinds inferred from talk follow the latest interactions
      await recomputeChannelKinds(services, teamId, undefined, { countTalk: true });
      await refreshSiloReport(services, teamId);
    },
    dryRun: dryRunSummary,
  };
}

/**
 * Plugs the real features into the Home tab's hooks: the silo report (recompute, heat map PNG,
 * CSV) and the introductions dry run. The Home service stays testable with stand-ins; the app
 * wires the real ones here at start.
 */
import type { SiloReport } from '../domain/silos/types';
import { renderCsv } from '../report/csv';
import { readStoredReport } from '../domain/silos/storedReport';
import { defaultSettings } from '../domain/settings';
import { heatMapPng, historyPng } from '../report/png';
import { registerHomeHooks, type DryRunSummary } from './home';
import type { Services } from './context';
import { previewRound } from './intros';
import { refreshSiloReport } from './report';
import { projectWorkspace } from './simulate';

/** The dry run as counts and reasons, never names or anyone's passions. */
export async function dryRunSummary(services: Services, teamId: string): Promise<DryRunSummary> {
  const preview = await previewRound(services, teamId);
  const { introductions, unmatched } = preview.proposal;
  const count = (pred: (i: (typeof introductions)[number]) => boolean) => introductions.filter(pred).length;
  const reasons = [
    { reason: 'share at least one passion', count: count((i) => i.sharedTags.length > 0) },
    { reason: 'one could teach the other something they want to learn', count: count((i) => i.fits.length > 0) },
    { reason: 'bridge a missing link between departments', count: count((i) => i.missingBridge) },
    { reason: 'introductions of three (odd person out)', count: count((i) => i.members.length === 3) },
    { reason: 'people with no suitable match across departments', count: unmatched.length },
  ].filter((r) => r.count > 0);
  const projection = await projectWorkspace(services, teamId);
  const proposed = introductions.length;
  return { eligible: preview.eligible, proposed, unmatched: unmatched.length, reasons, projection };
}

export function wireHomeToFeatures(): void {
  registerHomeHooks({
    renderHeatmapPng: (report) => heatMapPng(report as SiloReport),
    renderTrendPng: (stored) => {
      const report = readStoredReport(stored, defaultSettings().findings);
      return report ? historyPng(report) : null;
    },
    exportCsv: (stored) => {
      const report = readStoredReport(stored, defaultSettings().findings);
      if (!report) throw new Error('the stored report is in a format from before SiloReport; refresh the report first');
      return renderCsv(report);
    },
    refreshReport: async (services, teamId) => {
      await refreshSiloReport(services, teamId);
    },
    dryRun: dryRunSummary,
  });
}

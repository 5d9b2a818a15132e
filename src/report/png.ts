/**
 * The heat map as a PNG for Slack (the App Home uploads it). Rendered by resvg with the fonts in
 * assets/fonts only — system fonts are not loaded — so the labels look the same on any machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { SiloReport } from '../domain/silos/types';
import { FONT_FAMILY, heatMapSvg, historyChartSvg } from './charts';

// From src/report/ (tsx, jest) or dist/ (the bundled build, see docs/cli-build.md).
const fontFile = (name: string) =>
  [
    join(__dirname, '../../assets/fonts', name),
    join(__dirname, '../assets/fonts', name),
    join(process.cwd(), 'assets/fonts', name),
  ].find((f) => existsSync(f));

export const FONT_FILE = fontFile('DejaVuSans.ttf');
const FONT_FILES = [FONT_FILE, fontFile('DejaVuSans-Bold.ttf')].filter((f): f is string => Boolean(f));

export function svgToPng(svg: string, scale = 2): Buffer {
  if (!FONT_FILE) throw new Error('assets/fonts/DejaVuSans.ttf is missing: the chart labels cannot be drawn');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: FONT_FILES,
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    background: '#ffffff',
  });
  return Buffer.from(resvg.render().asPng());
}

/** The heat map with a title line naming the workspace (or export) and the report's date. */
export function heatMapPng(report: SiloReport, workspace?: string): Buffer {
  return svgToPng(heatMapSvg(report, { workspace }));
}

/** The change-over-time chart, or null when the report has fewer than two points of history. */
export function historyPng(report: SiloReport, workspace?: string): Buffer | null {
  const svg = historyChartSvg(report, { workspace });
  return svg ? svgToPng(svg) : null;
}

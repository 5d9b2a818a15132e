/**
 * The heat map as a PNG for Slack (the App Home uploads it). Rendered by resvg with the font in
 * assets/fonts only — system fonts are not loaded — so the labels look the same on any machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { SiloReport } from '../domain/silos/types';
import { FONT_FAMILY, heatMapSvg } from './charts';

// From src/report/ (tsx, jest) or dist/src/report/ (the compiled build, see docs/cli-build.md).
export const FONT_FILE = [
  join(__dirname, '../../assets/fonts/DejaVuSansMono.ttf'),
  join(__dirname, '../../../assets/fonts/DejaVuSansMono.ttf'),
  join(process.cwd(), 'assets/fonts/DejaVuSansMono.ttf'),
].find((f) => existsSync(f));

export function svgToPng(svg: string, scale = 2): Buffer {
  if (!FONT_FILE) throw new Error('assets/fonts/DejaVuSansMono.ttf is missing: the chart labels cannot be drawn');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, monospaceFamily: FONT_FAMILY },
    background: '#ffffff',
  });
  return Buffer.from(resvg.render().asPng());
}

export function heatMapPng(report: SiloReport): Buffer {
  return svgToPng(heatMapSvg(report));
}

/**
 * Inline SVG charts of a SiloReport, built only from the report (so they show exactly what the
 * privacy-merged listings show): the department heat map of observed vs expected ties, the E-I
 * bar chart and the purpose channels' diversity. Text uses FONT_FAMILY, which the PNG renderer
 * ships (assets/fonts), so charts look the same without system fonts.
 */
import type { SiloReport } from '../domain/silos/types';
import { stripControls } from './safeText';

export const FONT_FAMILY = 'DejaVu Sans Mono';

/** Text for XML (SVG, HTML): control characters removed (XML forbids them), markup characters escaped. */
export const escapeXml = (s: string) =>
  stripControls(s)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Colour of observed/expected: red far below, white at the org's average, blue above (log scale). */
export function ratioColour(ratio: number, baseline: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '#b2182b';
  const x = Math.max(-1, Math.min(1, Math.log2(ratio / Math.max(baseline, 1e-9)) / 3));
  const mix = (a: number, b: number, t: number) => Math.round(a + (b - a) * t);
  const [r, g, b] = x < 0 ? [mix(255, 214, -x), mix(255, 96, -x), mix(255, 77, -x)] : [mix(255, 33, x), mix(255, 102, x), mix(255, 172, x)];
  return `rgb(${r},${g},${b})`;
}

export interface HeatCell {
  row: string;
  col: string;
  observed: number;
  expected: number;
}

/** Observed and expected ties for every pair of listed departments, the diagonal being internal ties. */
export function heatMapCells(report: SiloReport): { names: string[]; cells: HeatCell[] } {
  const names = [...report.departments].sort((x, y) => x.name.localeCompare(y.name)).map((d) => d.name);
  const cells: HeatCell[] = [];
  const n = report.org.members;
  for (const d of report.departments) {
    const within = (n * (n - 1)) / 2 ? (report.org.ties * (d.size * (d.size - 1)) / 2) / ((n * (n - 1)) / 2) : 0;
    cells.push({ row: d.name, col: d.name, observed: d.internalTies, expected: within });
  }
  for (const p of report.pairs) {
    cells.push({ row: p.a, col: p.b, observed: p.ties, expected: p.expectedTies });
    cells.push({ row: p.b, col: p.a, observed: p.ties, expected: p.expectedTies });
  }
  return { names, cells };
}

export function heatMapSvg(report: SiloReport, options: { title?: boolean } = {}): string {
  const { names, cells } = heatMapCells(report);
  const cell = names.length > 14 ? 34 : 56;
  const label = 14 + 7.5 * Math.min(18, Math.max(6, ...names.map((x) => x.length)));
  const top = (options.title === false ? 10 : 40) + label;
  const width = label + cell * names.length + 20;
  const height = top + cell * names.length + 44;
  const index = new Map(names.map((x, i) => [x, i]));
  const crossObserved = report.pairs.reduce((s, p) => s + p.ties, 0);
  const crossExpected = report.pairs.reduce((s, p) => s + p.expectedTies, 0);
  const baseline = crossExpected ? crossObserved / crossExpected : 1;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, monospace" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title !== false) parts.push(`<text x="10" y="24" font-size="15" font-weight="bold">Ties between departments: observed vs expected</text>`);
  names.forEach((name, i) => {
    const y = top + i * cell + cell / 2 + 4;
    parts.push(`<text x="${label - 6}" y="${y}" text-anchor="end">${escapeXml(clip(name, 18))}</text>`);
    const x = label + i * cell + cell / 2;
    parts.push(`<text transform="translate(${x + 4},${top - 6}) rotate(-60)">${escapeXml(clip(name, 18))}</text>`);
  });
  for (const c of cells) {
    const i = index.get(c.row);
    const j = index.get(c.col);
    if (i === undefined || j === undefined) continue;
    const ratio = c.expected ? c.observed / c.expected : 0;
    const x = label + j * cell;
    const y = top + i * cell;
    const fill = i === j ? '#d9d9d9' : ratioColour(ratio, baseline);
    parts.push(`<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${fill}"><title>${escapeXml(`${c.row} – ${c.col}: ${c.observed} ties, ${c.expected.toFixed(1)} expected`)}</title></rect>`);
    if (cell >= 50) {
      parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 - 3}" text-anchor="middle" font-size="12">${c.observed}</text>`);
      parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 11}" text-anchor="middle" font-size="10" fill="#333">/${c.expected < 10 ? c.expected.toFixed(1) : Math.round(c.expected)}</text>`);
    }
  }
  const ly = top + cell * names.length + 22;
  const legend: [string, string][] = [
    [ratioColour(0, 1), 'no ties'],
    [ratioColour(baseline / 8, baseline), 'far fewer'],
    [ratioColour(baseline, baseline), 'org average'],
    [ratioColour(baseline * 8, baseline), 'many more'],
  ];
  legend.forEach(([colour, text], k) => {
    const x = 10 + k * 120;
    parts.push(`<rect x="${x}" y="${ly - 11}" width="14" height="14" fill="${colour}" stroke="#999"/>`);
    parts.push(`<text x="${x + 20}" y="${ly}" font-size="11">${text}</text>`);
  });
  parts.push(`<text x="10" y="${ly + 18}" font-size="10" fill="#555">cells: ties / expected under random mixing; diagonal: ties inside the department</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

export function eiBarChartSvg(report: SiloReport): string {
  const rows = report.departments;
  const label = 14 + 7.5 * Math.min(18, Math.max(6, ...rows.map((d) => d.name.length)));
  const bar = 22;
  const plot = 360;
  const width = label + plot + 80;
  const height = 50 + rows.length * bar + 30;
  const x0 = label + plot / 2;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, monospace" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="10" y="22" font-size="15" font-weight="bold">E-I index by department (−1 closed, +1 open)</text>`);
  rows.forEach((d, i) => {
    const y = 40 + i * bar;
    const w = (Math.abs(d.eiIndex) * plot) / 2;
    const x = d.eiIndex < 0 ? x0 - w : x0;
    parts.push(`<text x="${label - 6}" y="${y + 15}" text-anchor="end">${escapeXml(clip(d.name, 18))}</text>`);
    parts.push(`<rect x="${x}" y="${y + 3}" width="${Math.max(1, w)}" height="${bar - 6}" fill="${d.silo ? '#b2182b' : '#4393c3'}"><title>${escapeXml(`${d.name}: E-I ${d.eiIndex}, insularity ${d.insularity}${d.silo ? ' (silo)' : ''}`)}</title></rect>`);
    parts.push(`<text x="${label + plot + 8}" y="${y + 15}">${d.eiIndex.toFixed(2)}${d.silo ? ' silo' : ''}</text>`);
  });
  const axisY = 40 + rows.length * bar + 4;
  parts.push(`<line x1="${x0}" y1="34" x2="${x0}" y2="${axisY}" stroke="#333"/>`);
  parts.push(`<line x1="${label}" y1="${axisY}" x2="${label + plot}" y2="${axisY}" stroke="#999"/>`);
  for (const [v, anchor] of [[-1, 'start'], [0, 'middle'], [1, 'end']] as const) {
    parts.push(`<text x="${x0 + (v * plot) / 2}" y="${axisY + 16}" text-anchor="${anchor}" font-size="11">${v}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export function channelDiversitySvg(report: SiloReport, limit = 25): string {
  const rows = report.channels.filter((c) => c.kind === 'purpose').slice(0, limit);
  const label = 14 + 7.5 * Math.min(24, Math.max(8, ...rows.map((c) => c.name.length + 1)));
  const bar = 20;
  const plot = 300;
  const width = label + plot + 200;
  const height = 50 + Math.max(1, rows.length) * bar + 20;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, monospace" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="10" y="22" font-size="15" font-weight="bold">Purpose channels: department diversity (normalised Blau)</text>`);
  if (!rows.length) parts.push(`<text x="10" y="50">No purpose channels.</text>`);
  rows.forEach((c, i) => {
    const y = 36 + i * bar;
    parts.push(`<text x="${label - 6}" y="${y + 14}" text-anchor="end">#${escapeXml(clip(c.name, 23))}</text>`);
    parts.push(`<rect x="${label}" y="${y + 3}" width="${plot}" height="${bar - 6}" fill="#eeeeee"/>`);
    parts.push(`<rect x="${label}" y="${y + 3}" width="${Math.max(1, c.blauNormalised * plot)}" height="${bar - 6}" fill="${c.captured ? '#d6604d' : '#5aae61'}"><title>${escapeXml(`#${c.name}: ${c.members} members, ${c.departments} departments, ${Math.round(c.dominantShare * 100)}% ${c.dominantDepartment ?? ''}`)}</title></rect>`);
    parts.push(`<text x="${label + plot + 8}" y="${y + 14}" font-size="11">${c.blauNormalised.toFixed(2)}${c.captured ? ` captured by ${escapeXml(clip(c.dominantDepartment ?? '', 14))}` : ''}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}


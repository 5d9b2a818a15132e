/**
 * Inline SVG charts of a SiloReport, built only from the report (so they show exactly what the
 * privacy-merged listings show): the department heat map of observed vs expected ties, the E-I
 * bar chart, the purpose channels' diversity and the change over time. Text uses FONT_FAMILY, which
 * the PNG renderer ships (assets/fonts) and the HTML page uses too, so charts look the same without
 * system fonts.
 */
import type { SiloReport } from '../domain/silos/types';
import { stripControls } from './safeText';
import { expectedCount, isoDay, percent } from '../domain/format';

export const FONT_FAMILY = 'DejaVu Sans';

/** Text for XML (SVG, HTML): control characters removed (XML forbids them), markup characters escaped. */
export const escapeXml = (s: string) =>
  stripControls(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Multi-line text (a <pre> block) escaped line by line, so its newlines survive the control-character filter. */
export const escapeXmlLines = (s: string): string => s.split(/\r?\n/).map(escapeXml).join('\n');

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The heat map's scale reaches its darkest colour at 8× (or 1/8 of) the expected ties. */
export const RATIO_SPAN = 8;
const BELOW: [number, number, number] = [178, 24, 43]; // fewer ties than expected: red
const ABOVE: [number, number, number] = [33, 102, 172]; // more ties than expected: blue

/** Within this factor of the expected ties a pair reads "as expected": the colour stays neutral. */
export const NEUTRAL_BAND = 1.5;
/** No ties at all: its own colour, apart from the red scale (so "none" never looks like "⅛×"). */
export const NO_TIES_FILL = '#4d4d4d';

/**
 * Colour of observed/expected ties, diverging around 1.0 on a log scale: white within NEUTRAL_BAND
 * of what random mixing would give (departments that talk normally stay neutral), then red below
 * (darkest at 1/RATIO_SPAN) and blue above (darkest at RATIO_SPAN×); no ties at all is dark grey.
 */
export function ratioColour(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return NO_TIES_FILL;
  const band = Math.log2(NEUTRAL_BAND);
  const log = Math.log2(ratio);
  const beyond = Math.max(0, Math.abs(log) - band) / (Math.log2(RATIO_SPAN) - band);
  const t = Math.min(1, beyond);
  const end = log < 0 ? BELOW : ABOVE;
  const [r, g, b] = end.map((c) => Math.round(255 + (c - 255) * t));
  return `rgb(${r},${g},${b})`;
}

const channel = (c: number) => {
  const v = c / 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** WCAG 2 relative luminance of an `rgb(r,g,b)` or `#rrggbb` colour. */
export function luminance(colour: string): number {
  const m = colour.startsWith('#')
    ? [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16))
    : (colour.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
  return 0.2126 * channel(m[0]) + 0.7152 * channel(m[1]) + 0.0722 * channel(m[2]);
}

/** WCAG 2 contrast ratio of two colours (1 to 21; 4.5 is the minimum for normal text). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `fill`. */
export function textColourOn(fill: string): string {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
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
    const within = (n * (n - 1)) / 2 ? (report.org.ties * (d.size * (d.size - 1))) / 2 / ((n * (n - 1)) / 2) : 0;
    cells.push({ row: d.name, col: d.name, observed: d.internalTies, expected: within });
  }
  for (const p of report.pairs) {
    cells.push({ row: p.a, col: p.b, observed: p.ties, expected: p.expectedTies });
    cells.push({ row: p.b, col: p.a, observed: p.ties, expected: p.expectedTies });
  }
  return { names, cells };
}

/** The legend's steps: ratio → label. */
export const HEAT_LEGEND: [number, string][] = [
  [0, 'no ties'],
  [1 / 8, '⅛×'],
  [1 / 4, '¼×'],
  [1 / 2, '½×'],
  [1, 'as expected'],
  [2, '2×'],
  [4, '4×'],
  [8, '8×+'],
];

export const INSIDE_FILL = '#d9d9d9';

export interface HeatMapOptions {
  /** false: no title line (the HTML page has its own heading) */
  title?: boolean;
  /** workspace (or export) name for the title line of the PNG */
  workspace?: string;
}

export function heatMapSvg(report: SiloReport, options: HeatMapOptions = {}): string {
  const { names, cells } = heatMapCells(report);
  const cell = names.length > 14 ? 34 : 56;
  const label = 14 + 7.5 * Math.min(18, Math.max(6, ...names.map((x) => x.length)));
  const top = (options.title === false ? 10 : 58) + label;
  const legendWidth = 10 + HEAT_LEGEND.length * 76;
  const width = Math.max(label + cell * names.length + 20, legendWidth, 560);
  const height = top + cell * names.length + 74;
  const index = new Map(names.map((x, i) => [x, i]));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title !== false) {
    const where = [options.workspace, isoDay(report.generatedAt)].filter(Boolean).join(', ');
    parts.push(
      `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(clip(`Ties between departments — ${where}`, 80))}</text>`,
    );
    parts.push(
      `<text x="10" y="40" font-size="11" fill="#444444">observed ÷ expected if contacts were random; numbers: observed / expected</text>`,
    );
  }
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
    const fill = i === j ? INSIDE_FILL : ratioColour(ratio);
    const ink = textColourOn(fill);
    const tip =
      i === j
        ? `${c.row}: ${c.observed} ties inside the department`
        : `${c.row} – ${c.col}: ${c.observed} ties, ${expectedCount(c.expected)} expected (${ratio.toFixed(2)}×)`;
    parts.push(
      `<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${fill}"><title>${escapeXml(tip)}</title></rect>`,
    );
    if (cell >= 50) {
      parts.push(
        `<text x="${x + cell / 2 - 1}" y="${y + cell / 2 - 3}" text-anchor="middle" font-size="12" fill="${ink}">${c.observed}</text>`,
      );
      parts.push(
        `<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 11}" text-anchor="middle" font-size="10" fill="${ink}">/${expectedCount(c.expected)}</text>`,
      );
    }
  }
  const ly = top + cell * names.length + 26;
  parts.push(
    `<text x="10" y="${ly - 8}" font-size="11">Colour: ties observed ÷ expected (log scale; white within ${NEUTRAL_BAND}× of expected, red fewer, blue more; dark grey none)</text>`,
  );
  HEAT_LEGEND.forEach(([ratio, text], k) => {
    const x = 10 + k * 76;
    const fill = ratioColour(ratio);
    parts.push(`<rect x="${x}" y="${ly}" width="72" height="20" fill="${fill}" stroke="#999999"/>`);
    parts.push(
      `<text x="${x + 36}" y="${ly + 14}" text-anchor="middle" font-size="11" fill="${textColourOn(fill)}">${text}</text>`,
    );
  });
  parts.push(
    `<text x="10" y="${ly + 40}" font-size="11" fill="#444444">grey diagonal: ties inside the department</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

const HISTORY_SERIES: {
  key: 'eiIndex' | 'modularity' | 'crossShare' | 'introsAccepted';
  title: string;
  better: string;
}[] = [
  { key: 'eiIndex', title: 'E-I index', better: 'higher is more open' },
  { key: 'modularity', title: 'Modularity', better: 'lower is less divided' },
  { key: 'crossShare', title: 'Cross-department ties', better: 'higher is better' },
  { key: 'introsAccepted', title: 'Introductions accepted', better: 'per period' },
];

/**
 * The headline numbers over time as four small line charts side by side (one scale each), or ''
 * when there are fewer than two points.
 */
export function historyChartSvg(report: SiloReport, options: { workspace?: string } = {}): string {
  const points = report.history?.points ?? [];
  if (points.length < 2) return '';
  // a series with no point shown (every period withheld, or departments unknown) is not drawn
  const series = HISTORY_SERIES.filter((s) =>
    s.key === 'introsAccepted'
      ? points.some((p) => p.introsAccepted !== null)
      : points.some((p) => !p.withheld && p[s.key] !== null),
  );
  if (!series.length) return '';
  const panelW = 250;
  const panelH = 150;
  const width = 10 + series.length * (panelW + 20);
  const height = 60 + panelH + 40;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, sans-serif" font-size="11">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  const span = `${points[0].day} to ${points[points.length - 1].day}, per ${report.history?.unit}`;
  const where = options.workspace ? `${options.workspace}: ` : '';
  parts.push(
    `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(clip(`${where}Change over time (${span})`, 90))}</text>`,
  );
  series.forEach((s, k) => {
    const x0 = 10 + k * (panelW + 20);
    const y0 = 60;
    // a withheld point (too few ties, a partial period) is null: a gap in the line, never 0
    const values: (number | null)[] = points.map((p) =>
      s.key === 'introsAccepted' ? p.introsAccepted : p.withheld ? null : p[s.key],
    );
    const known = values.filter((v): v is number => v !== null);
    // E-I on its whole scale, −1 to +1 with 0 marked, so a small change does not look steep; the others start at 0
    const lo = s.key === 'eiIndex' ? -1 : 0;
    const hi = s.key === 'eiIndex' ? 1 : Math.max(s.key === 'introsAccepted' ? 1 : 0.5, ...known);
    const px = (i: number) => x0 + 30 + (i * (panelW - 40)) / (points.length - 1);
    const py = (v: number) => y0 + panelH - 20 - ((v - lo) / (hi - lo || 1)) * (panelH - 30);
    const fmt = (v: number) =>
      s.key === 'crossShare' ? percent(v) : s.key === 'introsAccepted' ? String(Math.round(v)) : v.toFixed(2);
    parts.push(`<text x="${x0}" y="${y0 - 20}" font-size="12" font-weight="bold">${s.title}</text>`);
    parts.push(`<text x="${x0}" y="${y0 - 6}" fill="#444444">${s.better}</text>`);
    parts.push(`<rect x="${x0}" y="${y0}" width="${panelW}" height="${panelH}" fill="none" stroke="#dddddd"/>`);
    const ticks = s.key === 'eiIndex' ? [lo, 0, hi] : [lo, hi];
    for (const v of ticks)
      parts.push(`<text x="${x0 + 26}" y="${py(v) + 4}" text-anchor="end" fill="#444444">${fmt(v)}</text>`);
    if (lo < 0 && hi > 0)
      parts.push(
        `<line x1="${x0 + 30}" x2="${x0 + panelW - 10}" y1="${py(0).toFixed(1)}" y2="${py(0).toFixed(1)}" stroke="#bbbbbb" stroke-dasharray="3 3"/>`,
      );
    let path = '';
    values.forEach((v, i) => {
      if (v === null) return;
      path += `${path && values[i - 1] !== null ? ' L' : `${path ? ' ' : ''}M`}${px(i).toFixed(1)},${py(v).toFixed(1)}`;
    });
    if (path) parts.push(`<path d="${path}" fill="none" stroke="${ABOVE_HEX}" stroke-width="2"/>`);
    values.forEach((v, i) => {
      const p = points[i];
      if (v === null) {
        const why = p.withheld ?? 'unknown';
        parts.push(
          `<text x="${px(i).toFixed(1)}" y="${y0 + panelH - 6}" text-anchor="middle" fill="#888888">–<title>${escapeXml(`${p.day}: ${why}${p.ties !== null ? ` (${p.ties} ties)` : ''}`)}</title></text>`,
        );
        return;
      }
      parts.push(
        `<circle cx="${px(i).toFixed(1)}" cy="${py(v).toFixed(1)}" r="2.5" fill="${ABOVE_HEX}"><title>${escapeXml(`${p.day}: ${fmt(v)}${p.ties !== null ? ` (${p.ties} ties)` : ''}`)}</title></circle>`,
      );
    });
    const last = values[values.length - 1];
    parts.push(
      `<text x="${x0 + panelW - 4}" y="${y0 + 14}" text-anchor="end" font-weight="bold">${last === null ? (points[points.length - 1].withheld ?? '–') : fmt(last)}</text>`,
    );
    parts.push(`<text x="${x0 + 30}" y="${y0 + panelH + 14}" fill="#444444">${points[0].day.slice(5)}</text>`);
    parts.push(
      `<text x="${x0 + panelW - 10}" y="${y0 + panelH + 14}" text-anchor="end" fill="#444444">${points[points.length - 1].day.slice(5)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

const ABOVE_HEX = '#2166ac';

export function eiBarChartSvg(report: SiloReport): string {
  const rows = report.departments;
  const label = 14 + 7.5 * Math.min(18, Math.max(6, ...rows.map((d) => d.name.length)));
  const bar = 22;
  const plot = 360;
  const width = label + plot + 80;
  const height = 50 + rows.length * bar + 30;
  const x0 = label + plot / 2;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(
    `<text x="10" y="22" font-size="15" font-weight="bold">E-I index by department (−1 closed, +1 open)</text>`,
  );
  rows.forEach((d, i) => {
    const y = 40 + i * bar;
    const w = (Math.abs(d.eiIndex) * plot) / 2;
    const x = d.eiIndex < 0 ? x0 - w : x0;
    parts.push(`<text x="${label - 6}" y="${y + 15}" text-anchor="end">${escapeXml(clip(d.name, 18))}</text>`);
    parts.push(
      `<rect x="${x}" y="${y + 3}" width="${Math.max(1, w)}" height="${bar - 6}" fill="${d.silo ? '#b2182b' : '#4393c3'}"><title>${escapeXml(`${d.name}: E-I ${d.eiIndex}, insularity ${d.insularity}${d.silo ? ' (silo)' : ''}`)}</title></rect>`,
    );
    parts.push(`<text x="${label + plot + 8}" y="${y + 15}">${d.eiIndex.toFixed(2)}${d.silo ? ' silo' : ''}</text>`);
  });
  const axisY = 40 + rows.length * bar + 4;
  parts.push(`<line x1="${x0}" y1="34" x2="${x0}" y2="${axisY}" stroke="#333"/>`);
  parts.push(`<line x1="${label}" y1="${axisY}" x2="${label + plot}" y2="${axisY}" stroke="#999"/>`);
  for (const [v, anchor] of [
    [-1, 'start'],
    [0, 'middle'],
    [1, 'end'],
  ] as const) {
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
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(
    `<text x="10" y="22" font-size="15" font-weight="bold">Purpose channels: department diversity (normalised Blau)</text>`,
  );
  if (!rows.length) parts.push(`<text x="10" y="50">No purpose channels.</text>`);
  rows.forEach((c, i) => {
    const y = 36 + i * bar;
    parts.push(`<text x="${label - 6}" y="${y + 14}" text-anchor="end">#${escapeXml(clip(c.name, 23))}</text>`);
    parts.push(`<rect x="${label}" y="${y + 3}" width="${plot}" height="${bar - 6}" fill="#eeeeee"/>`);
    parts.push(
      `<rect x="${label}" y="${y + 3}" width="${Math.max(1, (c.blauNormalised ?? 0) * plot)}" height="${bar - 6}" fill="${c.captured ? '#d6604d' : '#5aae61'}"><title>${escapeXml(`#${c.name}: ${c.members} members${c.blau === null ? '' : `, ${c.departments} departments`}${c.dominantShare === null ? '' : `, ${percent(c.dominantShare)} ${c.dominantDepartment ?? ''}`}`)}</title></rect>`,
    );
    parts.push(
      `<text x="${label + plot + 8}" y="${y + 14}" font-size="11">${c.blauNormalised === null ? 'departments unknown' : c.blauNormalised.toFixed(2)}${c.captured ? ` captured by ${escapeXml(clip(c.dominantDepartment ?? '', 14))}` : ''}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

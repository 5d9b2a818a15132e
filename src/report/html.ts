/** One self-contained HTML page (no scripts, no network): headline numbers, inline SVG charts and tables. */
import { SILO_THRESHOLD } from '../domain/silos/insularity';
import type { SiloReport } from '../domain/silos/types';
import { introductionsHtml } from './introductions';
import { channelDiversitySvg, eiBarChartSvg, escapeXml as esc, heatMapSvg } from './charts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

function table(headers: string[], rows: (string | number)[][]): string {
  if (!rows.length) return '<p class="none">None.</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? c : esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function renderHtml(report: SiloReport, options: { channelLimit?: number } = {}): string {
  const { org } = report;
  const limit = options.channelLimit ?? 300;
  const headline: [string, string][] = [
    ['people', String(org.members)],
    ['ties', String(org.ties)],
    ['modularity', org.modularity.toFixed(3)],
    ['E-I index', org.eiIndex.toFixed(2)],
    ['cross-department ties', pct(org.crossShare)],
    ['silo departments', String(org.siloDepartments)],
    ['Louvain communities', `${org.louvain.count} (Q ${org.louvain.modularity.toFixed(3)})`],
  ];
  const trend = report.trend
    ? `<h2>Since ${esc(report.trend.previousAt.slice(0, 10))}</h2>${table(
        ['metric', 'before', 'now', 'change'],
        report.trend.deltas.map((d) => [d.metric, d.previous, d.current, `${d.change >= 0 ? '+' : ''}${Number(d.change.toFixed(4))}`]),
      )}`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weaver silo report ${esc(report.generatedAt.slice(0, 10))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222}
h1{font-size:24px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:#666;font-size:13px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #e3e3e3;padding:4px 8px;text-align:left}
th{background:#f5f5f5}.none{color:#666}.chart{overflow-x:auto;margin:12px 0}.note{color:#555;font-size:13px}
</style></head><body>
<h1>Silo report — ${esc(report.generatedAt.slice(0, 10))}</h1>
<p class="note">Window: ${report.window.since ? `from ${esc(report.window.since)} ` : ''}until ${esc(report.window.until.slice(0, 10))}. Groups smaller than ${report.minGroupSize} people are shown together as "Small teams".</p>
<div class="cards">${headline.map(([k, v]) => `<div class="card"><b>${esc(v)}</b><span>${esc(k)}</span></div>`).join('')}</div>
${trend}
${introductionsHtml(report.introductions)}
<h2>Who talks with whom</h2>
<div class="chart">${heatMapSvg(report)}</div>
<h2>Departments</h2>
<div class="chart">${eiBarChartSvg(report)}</div>
<p class="note">A department is a silo when its insularity (Coleman homophily) is above ${SILO_THRESHOLD}.</p>
${table(
  ['department', 'size', 'internal ties', 'external ties', 'E-I', 'insularity', 'reach', 'breadth', 'purpose reach', 'silo'],
  report.departments.map((d) => [d.name, d.size, d.internalTies, d.externalTies, d.eiIndex, d.insularity, pct(d.reach), d.breadth, pct(d.purposeReach), d.silo ? 'silo' : '']),
)}
<h2>Missing bridges</h2>
${table(
  ['department', 'department', 'ties', 'expected', 'shared purpose channels', 'why'],
  report.missingBridges.map((b) => [b.a, b.b, b.ties, b.expectedTies, b.sharedPurposeChannels, b.reason]),
)}
<h2>Emerging communities</h2>
${table(
  ['size', 'departments', 'ties', 'outside purpose channels', 'suggested channel'],
  report.communities.map((c) => [c.size, c.departments.map((d) => `${d.name} (${d.members})`).join(', '), c.internalTies, pct(c.uncoveredShare), `#${c.suggestedChannel}`]),
)}
<h2>Channels</h2>
<div class="chart">${channelDiversitySvg(report)}</div>
${table(
  ['channel', 'kind', 'members', 'departments', 'diversity', 'dominant', 'captured', '30-day activity', 'trend', 'core / active / periphery', 'stage'],
  report.channels
    .slice(0, limit)
    .map((c) => [
      `#${c.name}`, c.kind, c.members, c.departments, c.blauNormalised, `${c.dominantDepartment ?? ''} ${pct(c.dominantShare)}`,
      c.captured ? 'captured' : '', c.activity30d, `${c.trend >= 0 ? '+' : ''}${Math.round(c.trend * 100)}%`,
      `${c.participation.coordinators + c.participation.core} / ${c.participation.active} / ${c.participation.periphery}`, c.stage,
    ]),
)}
${report.channels.length > limit ? `<p class="note">${report.channels.length - limit} more channels in the JSON and CSV outputs.</p>` : ''}
</body></html>
`;
}

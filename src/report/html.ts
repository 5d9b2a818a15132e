/** One self-contained HTML page (no scripts, no network): headline numbers, inline SVG charts and tables. */
import { SILO_THRESHOLD } from '../domain/silos/insularity';
import { describeDepartmentData } from '../domain/silos/departmentData';
import { describeMembershipCoverage } from '../domain/silos/membershipCoverage';
import type { SiloReport } from '../domain/silos/types';
import {
  channelDiversitySvg,
  eiBarChartSvg,
  escapeXml as esc,
  FONT_FAMILY,
  heatMapSvg,
  historyChartSvg,
} from './charts';
import { channelKindsLine, glossary, meaningOf, noFindingsLine } from './glossary';
import { introductionsHtml } from './introductions';
import { expectedCount, forPeople, isoDay, percent, signedPercent } from '../domain/format';
import { describeChange } from '../domain/silos/changeSentence';
import { DEFAULT_MIN_GROUP_SIZE } from '../domain/silos/privacy';

/** A department metric, or "withheld" when the department data could not support it. */
const withheld = (x: number | null, show: (x: number) => string) => (x === null ? 'withheld' : show(x));

/** Column headers that have a glossary meaning, shown as a tooltip. */
const HEADER_KEYS: Record<string, string> = {
  'E-I': 'eiIndex',
  insularity: 'insularity',
  reach: 'reach',
  breadth: 'breadth',
  'purpose reach': 'purposeReach',
  expected: 'expected',
  diversity: 'blau',
  stage: 'stages',
  'core / active / periphery': 'participation',
  ties: 'tie',
};

function table(headers: string[], rows: (string | number | null)[][], minGroupSize = DEFAULT_MIN_GROUP_SIZE): string {
  if (!rows.length) return '<p class="none">None.</p>';
  const th = (h: string) => {
    const tip = HEADER_KEYS[h] ? meaningOf(HEADER_KEYS[h], minGroupSize) : '';
    return tip ? `<th title="${esc(tip)}">${esc(h)}<sup>?</sup></th>` : `<th>${esc(h)}</th>`;
  };
  return `<table><thead><tr>${headers.map(th).join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td>${c === null ? '–' : typeof c === 'number' ? forPeople(c) : esc(c)}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

export function renderHtml(report: SiloReport, options: { channelLimit?: number } = {}): string {
  const { org } = report;
  const limit = options.channelLimit ?? 300;
  const m = report.minGroupSize;
  const headline: [string, string, string][] = [
    ['people', String(org.members), ''],
    ['ties', String(org.ties), meaningOf('tie', m)],
    ['modularity', withheld(org.modularity, (x) => x.toFixed(3)), meaningOf('modularity', m)],
    ['E-I index', withheld(org.eiIndex, (x) => x.toFixed(2)), meaningOf('eiIndex', m)],
    ['cross-department ties', withheld(org.crossShare, percent), meaningOf('crossShare', m)],
    ['silo departments', withheld(org.siloDepartments, String), meaningOf('insularity', m)],
    ['Louvain communities', `${org.louvain.count} (Q ${org.louvain.modularity.toFixed(3)})`, meaningOf('louvain', m)],
  ];
  const findings = report.findings.length
    ? `<ol class="findings">${report.findings
        .map((f) => {
          const change = describeChange(f.change);
          return `<li class="${f.severity}"><p>${esc(f.text)}</p><p class="action">→ ${esc(f.action)}</p>${change ? `<p class="change ${f.change?.direction}">${esc(change)}</p>` : ''}</li>`;
        })
        .join('')}</ol>`
    : `<p class="none">${esc(noFindingsLine(report))}</p>`;
  const historySvg = historyChartSvg(report);
  const history = historySvg
    ? `<h2>Change over time</h2><div class="chart">${historySvg}</div><p class="note">Each point covers one ${esc(report.history?.unit ?? 'week')} of ties; the numbers at the top of this report cover the whole window (${report.window.since ? esc(isoDay(report.window.since)) : 'all history'} to ${esc(isoDay(report.window.until))}), so the last point can differ from them.</p>`
    : (report.history?.points.length ?? 0) >= 2
      ? '<h2>Change over time</h2><p class="none">No trend to draw: no period has enough ties between people with a department (each period\'s ties are in the text and CSV outputs).</p>'
      : '<h2>Change over time</h2><p class="none">Not enough history yet: the trend appears once two weeks (or two months of an export) are known.</p>';
  const glossarySection = `<h2 id="how-to-read">How to read this</h2><dl class="glossary">${glossary(m)
    .map((g) => `<dt>${esc(g.term)}</dt><dd>${esc(g.meaning)}</dd>`)
    .join('')}</dl>`;
  const windowText = `Window: ${report.window.since ? esc(isoDay(report.window.since)) : 'all history'} to ${esc(isoDay(report.window.until))}.`;
  const membershipsLine = describeMembershipCoverage(report.data.memberships, report.generatedAt);
  const trend = report.trend
    ? `<h2>Since ${esc(isoDay(report.trend.previousAt))}</h2>${table(
        ['metric', 'before', 'now', 'change'],
        report.trend.deltas.map((d) => [
          d.metric,
          d.previous,
          d.current,
          d.change === null ? 'withheld' : `${d.change >= 0 ? '+' : ''}${forPeople(d.change)}`,
        ]),
      )}`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weaver silo report ${esc(isoDay(report.generatedAt))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"${FONT_FAMILY}",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222}
h1{font-size:24px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:#666;font-size:13px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #e3e3e3;padding:4px 8px;text-align:left}
th{background:#f5f5f5}.none{color:#666}.chart{overflow-x:auto;margin:12px 0}.note{color:#555;font-size:13px}
[title]{cursor:help}sup{color:#666;font-size:9px;margin-left:2px}
.findings{padding-left:22px}.findings li{margin:10px 0;padding-left:6px;border-left:4px solid #ccc}
.findings li.high{border-color:#b2182b}.findings li.medium{border-color:#ef8a62}.findings li.low{border-color:#999}
.findings p{margin:2px 0}.action{font-weight:bold}.change{color:#555;font-size:13px}.change.better{color:#1a6b2f}.change.worse{color:#a11}
.glossary dt{font-weight:bold;margin-top:8px}.glossary dd{margin:2px 0 0 16px;color:#333}
</style></head><body>
<h1>Silo report — ${esc(isoDay(report.generatedAt))}</h1>
<p class="note">${esc(describeDepartmentData(report.data.departments))}</p>
${membershipsLine ? `<p class="note">${esc(membershipsLine)}</p>\n` : ''}<p class="note">${esc(channelKindsLine(report))}</p>
<p class="note">${windowText} Groups smaller than ${report.minGroupSize} people are shown together as "Small teams". <a href="#how-to-read">How to read this</a>.</p>
<h2>Findings</h2>
${findings}
<div class="cards">${headline.map(([k, v, tip]) => `<div class="card"${tip ? ` title="${esc(tip)}"` : ''}><b>${esc(v)}</b><span>${esc(k)}</span></div>`).join('')}</div>
${history}
${trend}
${introductionsHtml(report.introductions)}
${report.data.departments.usable ? departmentSectionsHtml(report) : ''}
<h2>Emerging communities</h2>
${table(
  ['size', 'departments', 'ties', 'where they talk', 'outside purpose channels', 'suggested channel'],
  report.communities.map((c) => [
    c.size,
    c.departments.length ? c.departments.map((d) => `${d.name} (${d.members})`).join(', ') : 'unknown',
    c.internalTies,
    c.topChannels.length
      ? c.topChannels.map((t) => `#${t.name} (${t.ties} ties, ${t.members} people)`).join(', ')
      : 'no shared channel',
    report.data.channels.purpose ? percent(c.uncoveredShare) : 'no purpose channels',
    `#${c.suggestedChannel}`,
  ]),
)}
<h2>Channels</h2>
<div class="chart">${channelDiversitySvg(report)}</div>
${table(
  [
    'channel',
    'kind',
    'why',
    'members',
    'departments',
    'diversity',
    'dominant',
    'captured',
    '30-day activity',
    'trend',
    'core / active / periphery',
    'stage',
  ],
  report.channels.slice(0, limit).map((c) => [
    `#${c.name}`,
    c.kind,
    c.kindReason,
    c.members,
    // without usable departments a channel's departments are unknown, not 0
    c.blau === null ? '–' : c.departments,
    c.blauNormalised,
    c.dominantShare === null ? '' : `${c.dominantDepartment ?? ''} ${percent(c.dominantShare)}`,
    c.captured ? 'captured' : '',
    c.activity30d,
    signedPercent(c.trend),
    `${c.participation.coordinators + c.participation.core} / ${c.participation.active} / ${c.participation.periphery}`,
    c.stage,
  ]),
)}
${report.channels.length > limit ? `<p class="note">${report.channels.length - limit} more channels in the JSON and CSV outputs.</p>` : ''}
${glossarySection}
</body></html>
`;
}

function departmentSectionsHtml(report: SiloReport): string {
  return `<h2>Who talks with whom</h2>
<p class="note">Each cell compares the ties two departments have with the ties random mixing would give them (hover for numbers).</p>
<div class="chart">${heatMapSvg(report)}</div>
<h2>Departments</h2>
<div class="chart">${eiBarChartSvg(report)}</div>
<p class="note">A department is a silo when its insularity (Coleman homophily) is above ${SILO_THRESHOLD}.</p>
${table(
  [
    'department',
    'size',
    'internal ties',
    'external ties',
    'E-I',
    'insularity',
    'reach',
    'breadth',
    'purpose reach',
    'silo',
  ],
  report.departments.map((d) => [
    d.name,
    d.size,
    d.internalTies,
    d.externalTies,
    d.eiIndex,
    d.insularity,
    percent(d.reach),
    d.breadth,
    percent(d.purposeReach),
    d.silo ? 'silo' : '',
  ]),
)}
<h2>Missing bridges</h2>
${table(
  ['department', 'department', 'ties', 'expected', 'shared purpose channels', 'why'],
  report.missingBridges.map((b) => [
    b.a,
    b.b,
    b.ties,
    expectedCount(b.expectedTies),
    b.sharedPurposeChannels,
    b.reason,
  ]),
)}
`;
}

/**
 * The `introductions` section of a report (the funnel of src/domain/introductions/funnel.ts) as an
 * HTML table: the last quarter, then each round. Rows under the privacy threshold show no numbers.
 */
import type { IntroFunnel, MaybeHidden } from '../domain/introductions/funnel';
import { escapeXml as esc } from './charts';
import { percentOr } from '../domain/format';

const HEADERS = [
  '',
  'people',
  'proposed',
  'accepted by all',
  'met',
  'declined',
  'expired',
  'withdrawn',
  'bridging share',
  'new-tie rate',
  'comparison pairs',
];

function row(label: string, n: MaybeHidden): string {
  const cells = n.hidden
    ? [`<td colspan="${HEADERS.length - 1}" class="none">fewer people than the privacy threshold</td>`]
    : [n.people, n.proposed, n.acceptedByAll, n.met, n.declined, n.expired, n.withdrawn]
        .map((x) => `<td>${x}</td>`)
        .concat([n.bridgingShare, n.newTieRate, n.comparisonTieRate].map((x) => `<td>${percentOr(x, '–')}</td>`));
  return `<tr><td>${esc(label)}</td>${cells.join('')}</tr>`;
}

export function introductionsHtml(f: IntroFunnel | undefined): string {
  if (!f) return '';
  if (!f.rounds.length) return '<h2>Introductions</h2><p class="none">No rounds yet.</p>';
  const head = `<thead><tr>${HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const quarter = row(`last quarter (since ${f.quarter.since}, ${f.quarter.rounds} rounds)`, f.quarter);
  const rows = [quarter, ...f.rounds.map((r) => row(r.period, r))];
  return `<h2>Introductions</h2>
<p>New-tie rate: pairs introduced (accepted by all) who talked within 60 days, against comparable
pairs not introduced. Bridging share: introductions joining departments that hardly talk.
Groups under ${f.threshold} people show no numbers.</p>
<table>${head}<tbody>${rows.join('')}</tbody></table>`;
}

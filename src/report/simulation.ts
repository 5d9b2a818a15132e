/**
 * `weaver simulate` output: terminal text (the model, a table per strategy, a plain-language
 * comparison), JSON (the SimulationResult as is) and a self-contained HTML page with one SVG line
 * chart per metric, a line per strategy.
 */
import type { DepartmentData } from '../domain/silos/types';
import type { RoundResult, SimulationResult, StrategyName, StrategyResult } from '../domain/simulate/model';
import { escapeXml, escapeXmlLines, FONT_FAMILY } from './charts';
import { percentProse, signed } from '../domain/format';

export const SIMULATION_FORMATS = ['text', 'json', 'html'] as const;
export type SimulationFormat = (typeof SIMULATION_FORMATS)[number];

const LABEL: Record<StrategyName, string> = {
  weaver: 'Weaver',
  random: 'random pairing',
  'random-cross': 'random cross-department pairing',
};
const COLOUR: Record<StrategyName, string> = { weaver: '#1b7837', random: '#b2182b', 'random-cross': '#2166ac' };

const entries = (r: SimulationResult) => Object.entries(r.strategies) as Array<[StrategyName, StrategyResult]>;

export function modelLines(r: SimulationResult): string[] {
  const m = r.model;
  const i = m.interests;
  const generated =
    `each person draws one of ${i.topicPool} topics at random (seed ${m.seed}), ` +
    `then adopts the topics of up to ${i.neighbourTopics} of their contacts`;
  const interests =
    i.source === 'interests-file'
      ? `from the --interests file (${i.tags} tags; ` +
        `${i.peopleWithInterests} of ${r.baseline.people} people have at least one, ` +
        'and only they can be introduced by Weaver)'
      : i.source === 'purpose-channels'
        ? `each purpose channel is a tag (${i.peopleWithInterests - (i.generatedFor ?? 0)} people in at least one)` +
          (i.generatedFor ? `; the ${i.generatedFor} others get generated topics: ${generated}` : '')
        : `generated from the network: ${generated}`;
  return [
    `Model (seed ${m.seed}, ${m.rounds} rounds):`,
    `  each round each person takes part with probability ${m.participation} (the same people for every strategy);`,
    `  an introduction is accepted with ${m.acceptCurve}, base ${m.accept};`,
    `  an accepted one meets with probability ${m.meet}; people who meet gain a tie;`,
    `  Weaver uses the live round code (hard rules, scores, matching, trios; cool-down ${m.coolDownRounds} rounds).`,
    `  Interests: ${interests}.`,
    ...(r.departments ? [`  Departments: ${departmentsLine(r.departments)}`] : []),
  ];
}

/** Where the departments came from and who is left out: the simulation runs on the people with one. */
function departmentsLine(d: DepartmentData): string {
  const from = d.source === 'none' ? 'no department source' : `from ${d.sourceLabel}`;
  const left = d.missing
    ? `; the ${d.missing} active people without one are left out of the simulation (never a department of their own)`
    : '';
  return `known for ${d.known} of ${d.people} active people (${from})${left}.`;
}

function table(rows: RoundResult[]): string[] {
  const head = ['round', 'proposed', 'accepted', 'met', 'org E-I', 'modularity', 'cross share'];
  head.push('bridges closed', 'reached', 'shared int.');
  const body = rows.map((x) => [
    String(x.round),
    String(x.proposed),
    String(x.accepted),
    String(x.met),
    x.orgEI.toFixed(3),
    x.modularity.toFixed(3),
    percentProse(x.crossShare, 1),
    String(x.missingBridgesClosed),
    String(x.peopleReached),
    percentProse(x.sharedInterestRate, 1),
  ]);
  const width = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => s.padStart(width[c])).join('  ');
  return [line(head), ...body.map(line)];
}

/** Plain-language comparison of the strategies' final rounds. */
export function comparisonLines(r: SimulationResult): string[] {
  const list = entries(r);
  if (!list.length) return [];
  const rounds = r.model.rounds;
  const total = r.baseline.missingBridges;
  const out = [
    `After ${rounds} rounds, ` +
      list
        .map(([s, x], k) => {
          const name = k === 0 ? LABEL[s][0].toUpperCase() + LABEL[s].slice(1) : LABEL[s];
          return `${name} closed ${x.final.missingBridgesClosed} of ${total} missing bridges`;
        })
        .join('; ') +
      '.',
    'People with a new cross-department tie: ' +
      list.map(([s, x]) => `${LABEL[s]} ${x.final.peopleReached}`).join(', ') +
      '.',
    'Org E-I (−1 all inside departments, +1 all across): ' +
      `${r.baseline.orgEI.toFixed(3)} at the start; ` +
      list
        .map(([s, x]) => `${LABEL[s]} ${x.final.orgEI.toFixed(3)} (${signed(x.final.orgEI - r.baseline.orgEI, 3)})`)
        .join(', ') +
      '.',
    'Modularity of the departments (lower = less siloed): ' +
      `${r.baseline.modularity.toFixed(3)} at the start; ` +
      list.map(([s, x]) => `${LABEL[s]} ${x.final.modularity.toFixed(3)}`).join(', ') +
      '.',
  ];
  const weaver = r.strategies.weaver;
  if (weaver) {
    const others = list.filter(([s]) => s !== 'weaver');
    const measures: Array<[string, (x: StrategyResult) => number]> = [
      ['missing bridges closed', (x) => x.final.missingBridgesClosed],
      ['people reached', (x) => x.final.peopleReached],
      ['new cross-department ties', (x) => x.final.newCrossTies],
      ['rise in org E-I', (x) => Math.round(1000 * (x.final.orgEI - r.baseline.orgEI)) / 1000],
    ];
    const better: string[] = [];
    for (const [what, value] of measures) {
      const matched = others.filter(([, x]) => value(x) >= value(weaver));
      if (!matched.length) continue;
      const theirs = matched.map(([s, x]) => `${LABEL[s]} ${value(x)}`).join(', ');
      better.push(`${what} (${theirs}; Weaver ${value(weaver)})`);
    }
    if (others.length) {
      out.push(
        better.length
          ? `Where random pairing does as well or better: ${better.join('; ')}.`
          : 'Random pairing did not match Weaver on missing bridges closed, people reached, ' +
              'new cross-department ties or the rise in org E-I.',
      );
    }
  }
  return out;
}

export function simulationText(r: SimulationResult): string {
  const b = r.baseline;
  const lines = [
    ...modelLines(r),
    '',
    `Start: ${b.people} people, ${b.departments} departments, ${b.ties} ties; org E-I ${b.orgEI.toFixed(3)}, ` +
      `modularity ${b.modularity.toFixed(3)}, cross-department share ${percentProse(b.crossShare, 1)}, ` +
      `${b.missingBridges} missing bridges.`,
  ];
  for (const [s, x] of entries(r)) {
    const f = x.final;
    lines.push(
      '',
      `${s} (${LABEL[s]}): ${f.introductions} introductions, ${f.metTotal} met, ` +
        `${f.newTiesTotal} new ties (${f.newCrossTies} across departments)`,
    );
    lines.push(...table(x.perRound));
  }
  lines.push('', ...comparisonLines(r));
  return `${lines.join('\n')}\n`;
}

const METRICS: Array<{ key: keyof RoundResult; title: string; baseline?: keyof SimulationResult['baseline'] }> = [
  { key: 'orgEI', title: 'Org E-I index', baseline: 'orgEI' },
  { key: 'modularity', title: 'Modularity of the department partition', baseline: 'modularity' },
  { key: 'crossShare', title: 'Cross-department share of ties', baseline: 'crossShare' },
  { key: 'missingBridgesClosed', title: 'Missing bridges closed' },
  { key: 'peopleReached', title: 'People with a new cross-department tie' },
  { key: 'sharedInterestRate', title: 'Introductions with a shared interest' },
];

/** One SVG line chart: x = round (0 = start), a line per strategy. */
export function lineChartSvg(title: string, series: Array<{ name: string; colour: string; values: number[] }>): string {
  const W = 540;
  const H = 260;
  const left = 64;
  const right = 180;
  const top = 30;
  const bottom = 40;
  const all = series.flatMap((s) => s.values);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const points = Math.max(...series.map((s) => s.values.length)) - 1 || 1;
  const x = (i: number) => left + ((W - left - right) * i) / points;
  const y = (v: number) => top + (H - top - bottom) * (1 - (v - lo) / (hi - lo));
  const fmt = (v: number) => (Math.abs(hi - lo) < 10 ? v.toFixed(3) : String(Math.round(v)));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
      `font-family="${FONT_FAMILY}" font-size="11">`,
    `<text x="${left}" y="18" font-size="13">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#888"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${H - bottom}" stroke="#888"/>`,
    `<text x="${left - 6}" y="${y(hi) + 4}" text-anchor="end">${fmt(hi)}</text>`,
    `<text x="${left - 6}" y="${y(lo) + 4}" text-anchor="end">${fmt(lo)}</text>`,
    `<text x="${x(0)}" y="${H - bottom + 16}" text-anchor="middle">0</text>`,
    `<text x="${x(points)}" y="${H - bottom + 16}" text-anchor="middle">${points}</text>`,
    `<text x="${(left + W - right) / 2}" y="${H - 8}" text-anchor="middle">round</text>`,
  ];
  series.forEach((s, k) => {
    const d = s.values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    const ly = top + 8 + k * 18;
    const lx = W - right;
    parts.push(`<line x1="${lx + 12}" y1="${ly}" x2="${lx + 30}" y2="${ly}" stroke="${s.colour}" stroke-width="2"/>`);
    parts.push(`<text x="${W - right + 36}" y="${top + 12 + k * 18}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function simulationHtml(r: SimulationResult): string {
  const charts = METRICS.map((m) =>
    lineChartSvg(
      m.title,
      entries(r).map(([s, x]) => ({
        name: s,
        colour: COLOUR[s],
        values: [m.baseline ? r.baseline[m.baseline] : 0, ...x.perRound.map((row) => row[m.key] as number)],
      })),
    ),
  );
  const p = (s: string) => `<p>${escapeXml(s)}</p>`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Weaver simulation</title>',
    '<style>body{font-family:system-ui,sans-serif;max-width:1180px;margin:2em auto;padding:0 1em}',
    'figure{display:inline-block;margin:0 1em 1em 0}',
    'pre{background:#f6f6f6;padding:1em;overflow-x:auto}</style></head><body>',
    '<h1>Weaver simulation</h1>',
    ...comparisonLines(r).map(p),
    ...charts.map((c) => `<figure>${c}</figure>`),
    '<h2>Model and per-round figures</h2>',
    `<pre>${escapeXmlLines(simulationText(r))}</pre>`,
    '</body></html>',
  ].join('\n');
}

export function renderSimulation(r: SimulationResult, format: SimulationFormat): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (format === 'html') return simulationHtml(r);
  return simulationText(r);
}

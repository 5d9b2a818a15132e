import { parse } from 'csv-parse/sync';
import { defaultSettings } from '../../../src/domain/settings';
import { assembleOrgData } from '../../../src/domain/silos/assemble';
import { buildSiloReport } from '../../../src/domain/silos/buildReport';
import { generateDemoOrg } from '../../../src/import/demoOrg';
import { renderReport } from '../../../src/report';
import {
  contrastRatio,
  HEAT_LEGEND,
  heatMapSvg,
  INSIDE_FILL,
  ratioColour,
  textColourOn,
} from '../../../src/report/charts';
import { heatMapPng, historyPng } from '../../../src/report/png';
import type { SiloReport } from '../../../src/domain/silos/types';

function demoReport() {
  const demo = generateDemoOrg({ people: 200, endDay: '2026-05-31' });
  const data = assembleOrgData({
    people: demo.users.map((u) => ({ id: u.id, department: u.department })),
    ties: demo.interactions.map((i) => ({ source: i.actor, target: i.target })),
    channels: demo.channels.map((c) => ({
      id: c.id,
      name: c.name,
      createdAt: c.created,
      creator: c.creator,
      members: c.members,
    })),
    activity: [],
    rules: defaultSettings().channelKinds,
  });
  return buildSiloReport(data, { generatedAt: '2026-06-01T00:00:00.000Z', since: null, minGroupSize: 5 });
}

describe('report outputs', () => {
  const report = demoReport();

  it('JSON has the documented fields', () => {
    const json = JSON.parse(renderReport(report, 'json'));
    expect(Object.keys(json.org)).toEqual(
      expect.arrayContaining(['members', 'ties', 'modularity', 'eiIndex', 'crossShare', 'siloDepartments', 'louvain']),
    );
    expect(Object.keys(json.departments[0])).toEqual(
      expect.arrayContaining([
        'name',
        'size',
        'internalTies',
        'externalTies',
        'eiIndex',
        'insularity',
        'reach',
        'breadth',
        'purposeReach',
        'silo',
      ]),
    );
    expect(Object.keys(json.channels[0])).toEqual(
      expect.arrayContaining([
        'name',
        'kind',
        'members',
        'departments',
        'blau',
        'blauNormalised',
        'dominantDepartment',
        'dominantShare',
        'captured',
        'activity30d',
        'trend',
        'participation',
        'stage',
      ]),
    );
    expect(json).toHaveProperty('pairs');
    expect(json).toHaveProperty('missingBridges');
    expect(json).toHaveProperty('communities');
    expect(json).toHaveProperty('trend');
  });

  it('text names the silo departments and the captured channel', () => {
    const text = renderReport(report, 'text');
    expect(text).toMatch(/Silo departments[^\n]*\n-+\n(Legal|Finance): [^\n]*\n(Legal|Finance): /);
    expect(text).toMatch(/#cop-sales-enablement: \d+% of \d+ members are in Sales/);
    expect(text).toMatch(/Emerging communities[\s\S]*suggest #cop-/);
  });

  it('CSV is one long table: table,name,other,metric,value', () => {
    const rows = parse(renderReport(report, 'csv'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['table', 'name', 'other', 'metric', 'value']);
    expect(rows.find((r) => r.table === 'org' && r.metric === 'ties')?.value).toBe(String(report.org.ties));
    expect(rows.find((r) => r.table === 'department' && r.name === 'Legal' && r.metric === 'silo')?.value).toBe('true');
    expect(rows.filter((r) => r.table === 'pair' && r.metric === 'ties')).toHaveLength(report.pairs.length);
  });

  it('HTML is one self-contained page with the three charts as inline SVG', () => {
    const html = renderReport(report, 'html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('Ties between departments — 2026-06-01');
    expect(html).toContain('E-I index by department');
    expect(html).toContain('department diversity');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/<script/);
  });

  it('draws the heat map as a PNG', () => {
    const png = heatMapPng(report);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThan(600);
    expect(height).toBeGreaterThan(600);
  });

  it('opens every output with the findings: text, JSON, CSV and HTML', () => {
    expect(report.findings.length).toBeGreaterThan(0);
    const first = report.findings[0];
    // The text report wraps at 100 columns: a finding may continue on the next line.
    const words = first.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    expect(renderReport(report, 'text')).toMatch(new RegExp(`Findings\\n-+\\n1\\. ${words}`));
    expect(JSON.parse(renderReport(report, 'json')).findings[0]).toMatchObject({
      kind: first.kind,
      severity: first.severity,
      text: first.text,
      action: first.action,
    });
    const rows = parse(renderReport(report, 'csv'), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.table === 'finding' && r.name === '1' && r.metric === 'action')?.value).toBe(
      first.action,
    );
    const html = renderReport(report, 'html');
    expect(html.indexOf('<h2>Findings</h2>')).toBeLessThan(html.indexOf('Who talks with whom'));
    expect(html).toContain(first.action.replace(/&/g, '&amp;'));
  });

  it('explains each metric: a glossary and tooltips in HTML, a legend in the text report', () => {
    const html = renderReport(report, 'html');
    for (const term of [
      'E-I index',
      'Modularity',
      'Diversity (Blau)',
      'Reach',
      'Breadth',
      'Community stages',
      'Participation levels',
      'Privacy threshold',
    ]) {
      expect(html).toContain(`<dt>${term}</dt>`);
    }
    expect(html).toMatch(/<div class="card" title="From −1 \(every tie stays inside/);
    expect(html).toMatch(/<th title="[^"]+">E-I<sup>/);
    const text = renderReport(report, 'text');
    expect(text).toMatch(/How to read this\n-+\nE-I index: From −1/);
    expect(text).toContain('Privacy threshold: Groups of fewer than 5 people');
  });

  it('states the window with both ends', () => {
    const windowed: SiloReport = { ...report, window: { since: '2026-03-03', until: '2026-06-01T00:00:00.000Z' } };
    expect(renderReport(windowed, 'text')).toContain('Window: 2026-03-03 to 2026-06-01');
    expect(renderReport(windowed, 'html')).toContain('Window: 2026-03-03 to 2026-06-01.');
  });

  it('draws the change over time once there are two points, and says when there are not', () => {
    expect(historyPng(report)).toBeNull();
    expect(renderReport(report, 'html')).toContain('Not enough history yet');
    const points = [
      {
        day: '2026-05-24',
        ties: 120,
        eiIndex: -0.4,
        modularity: 0.5,
        crossShare: 0.3,
        withheld: null,
        introsAccepted: 2,
      },
      {
        day: '2026-05-31',
        ties: 130,
        eiIndex: -0.3,
        modularity: 0.45,
        crossShare: 0.35,
        withheld: null,
        introsAccepted: 5,
      },
    ];
    const withHistory: SiloReport = { ...report, history: { unit: 'week', points } };
    const html = renderReport(withHistory, 'html');
    expect(html).toContain('Change over time (2026-05-24 to 2026-05-31, per week)');
    expect(html).toContain('Introductions accepted');
    expect(renderReport(withHistory, 'text')).toMatch(/2026-05-31 +130 +-0\.30 +0\.450 +35% +5/);
    expect(historyPng(withHistory)?.subarray(1, 4).toString()).toBe('PNG');
    // E-I on its whole scale with 0 marked, so −0.4 → −0.3 does not look steep; the window of each is said
    expect(html).toMatch(/>-1\.00<\/text>[\s\S]*>0\.00<\/text>[\s\S]*>1\.00<\/text>/);
    expect(html).toContain(
      'Each point covers one week of ties; the numbers at the top of this report cover the whole window',
    );
  });

  it('rounds numbers for people: two decimals in tables, whole expected counts', () => {
    const html = renderReport(report, 'html');
    const cells = [...html.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells.filter((c) => /^-?\d+\.\d{3,}$/.test(c))).toEqual([]);
    expect(renderReport(report, 'text')).not.toMatch(/\d+\.\d+ expected/);
  });
});

describe('the heat map', () => {
  const report = demoReport();

  it('colours the observed/expected ratio itself: neutral near expected, red below, blue above, no ties apart', () => {
    expect(ratioColour(1)).toBe('rgb(255,255,255)');
    // departments that talk about as much as random mixing gives stay neutral, not red
    for (const near of [0.7, 1 / 1.5, 1.2, 1.5]) expect(ratioColour(near)).toBe('rgb(255,255,255)');
    const [r, , b] = ratioColour(0.4).match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(b);
    const [r2, , b2] = ratioColour(2.5).match(/\d+/g)!.map(Number);
    expect(b2).toBeGreaterThan(r2);
    // "no ties" has its own colour, never the same as ⅛×
    expect(ratioColour(0)).not.toBe(ratioColour(1 / 8));
    expect(ratioColour(1 / 8)).toBe(ratioColour(1 / 100));
    expect(ratioColour(8)).toBe(ratioColour(100));
  });

  it('keeps every cell and legend label readable: contrast of at least 4.5:1', () => {
    const fills = [
      ...Array.from({ length: 200 }, (_, k) => ratioColour(k / 20)),
      INSIDE_FILL,
      ...HEAT_LEGEND.map(([x]) => ratioColour(x)),
    ];
    for (const fill of fills) expect(contrastRatio(fill, textColourOn(fill))).toBeGreaterThanOrEqual(4.5);
    const svg = heatMapSvg(report);
    const cells = [
      ...svg.matchAll(
        /<rect [^>]*fill="(rgb\([^)]+\)|#d9d9d9)"><title>[\s\S]*?<\/rect>\n<text [^>]*fill="(#[0-9a-f]{6})"/g,
      ),
    ];
    expect(cells.length).toBeGreaterThan(20);
    for (const [, fill, ink] of cells) expect(contrastRatio(fill, ink)).toBeGreaterThanOrEqual(4.5);
  });

  it('labels its legend with ratio values and titles the PNG with the workspace and date', () => {
    const svg = heatMapSvg(report, { workspace: 'Acme' });
    for (const label of ['no ties', '½×', 'as expected', '2×', '8×+']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('Ties between departments — Acme, 2026-06-01');
  });
});

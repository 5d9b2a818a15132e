import { parse } from 'csv-parse/sync';
import { defaultSettings } from '../../../src/domain/settings';
import { assembleOrgData } from '../../../src/domain/silos/assemble';
import { buildSiloReport } from '../../../src/domain/silos/buildReport';
import { generateDemoOrg } from '../../../src/import/demoOrg';
import { renderReport } from '../../../src/report';
import { heatMapPng } from '../../../src/report/png';

function demoReport() {
  const demo = generateDemoOrg({ people: 200, endDay: '2026-05-31' });
  const data = assembleOrgData({
    people: demo.users.map((u) => ({ id: u.id, department: u.department })),
    ties: demo.interactions.map((i) => ({ source: i.actor, target: i.target })),
    channels: demo.channels.map((c) => ({ id: c.id, name: c.name, createdAt: c.created, creator: c.creator, members: c.members })),
    activity: [],
    rules: defaultSettings().channelKinds,
  });
  return buildSiloReport(data, { generatedAt: '2026-06-01T00:00:00.000Z', since: null, minGroupSize: 5 });
}

describe('report outputs', () => {
  const report = demoReport();

  it('JSON has the documented fields', () => {
    const json = JSON.parse(renderReport(report, 'json'));
    expect(Object.keys(json.org)).toEqual(expect.arrayContaining(['members', 'ties', 'modularity', 'eiIndex', 'crossShare', 'siloDepartments', 'louvain']));
    expect(Object.keys(json.departments[0])).toEqual(
      expect.arrayContaining(['name', 'size', 'internalTies', 'externalTies', 'eiIndex', 'insularity', 'reach', 'breadth', 'purposeReach', 'silo']),
    );
    expect(Object.keys(json.channels[0])).toEqual(
      expect.arrayContaining(['name', 'kind', 'members', 'departments', 'blau', 'blauNormalised', 'dominantDepartment', 'dominantShare', 'captured', 'activity30d', 'trend', 'participation', 'stage']),
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
    expect(html).toContain('Ties between departments: observed vs expected');
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
});

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { defaultSettings } from '../../../src/domain/settings';
import { assembleOrgData } from '../../../src/domain/silos/assemble';
import { buildSiloReport } from '../../../src/domain/silos/buildReport';
import { renderReport } from '../../../src/report';
import { heatMapPng } from '../../../src/report/png';
import { safeCsvCell } from '../../../src/report/safeText';

/** Departments of four people each, the first ones tied across departments, named as given. */
function reportWith(departments: string[]) {
  const people = departments.flatMap((d, k) =>
    Array.from({ length: 4 }, (_, i) => ({ id: `U${k}x${i}`, department: d })),
  );
  const ties = people.flatMap((p, i) => (i + 1 < people.length ? [{ source: p.id, target: people[i + 1].id }] : []));
  const data = assembleOrgData({ people, ties, channels: [], activity: [], rules: defaultSettings().channelKinds });
  return buildSiloReport(data, { generatedAt: '2026-06-01T00:00:00.000Z', since: null, minGroupSize: 1 });
}

const HOSTILE = [
  "=cmd|' /C calc'!A0",
  '+HYPERLINK("http://x")',
  '@SUM(A1)',
  '-2+3',
  '\tTab',
  'Esc\u001b[31m red\u0007',
];
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('report outputs with names people chose', () => {
  it('neutralises CSV cells a spreadsheet would run as formulas, keeping plain numbers', () => {
    expect(HOSTILE.map(safeCsvCell)).toEqual([
      "'=cmd|' /C calc'!A0",
      '\'+HYPERLINK("http://x")',
      "'@SUM(A1)",
      "'-2+3",
      "'Tab",
      'Esc[31m red',
    ]);
    expect(['-0.25', '+3', '-1e-3', 'Sales'].map(safeCsvCell)).toEqual(['-0.25', '+3', '-1e-3', 'Sales']);
    const rows = parse(renderReport(reportWith(HOSTILE), 'csv'), { columns: true }) as Record<string, string>[];
    const names = new Set(rows.filter((r) => r.table === 'department').map((r) => r.name));
    expect([...names].sort()).toEqual(
      ['\'+HYPERLINK("http://x")', "'-2+3", "'=cmd|' /C calc'!A0", "'@SUM(A1)", 'Tab', 'Esc[31m red'].sort(),
    ); // the report trims names
    // negative metrics stay numbers a spreadsheet can sum
    expect(rows.some((r) => r.metric === 'eiIndex' && r.value.startsWith('-') && !Number.isNaN(Number(r.value)))).toBe(
      true,
    );
  });

  it('keeps control characters out of the text, JSON, HTML and PNG outputs', () => {
    const report = reportWith(HOSTILE);
    for (const format of ['text', 'json', 'html'] as const) {
      const out = renderReport(report, format);
      expect(out.replace(/\n/g, '')).not.toMatch(CONTROL);
      expect(out).toContain('Esc[31m red');
      expect(out).not.toContain('\\u001b');
    }
    expect(heatMapPng(report).subarray(1, 4).toString()).toBe('PNG');
  });

  it('renders every output for any department names without failing', () => {
    const name = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
      fc.constantFrom(...HOSTILE, '&<>"\'', '\ud800x'),
    );
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 2, maxLength: 4 }), (names) => {
        const report = reportWith(names);
        expect(heatMapPng(report).length).toBeGreaterThan(100);
        for (const row of parse(renderReport(report, 'csv'), { columns: true, relax_quotes: true }) as Record<
          string,
          string
        >[]) {
          for (const cell of Object.values(row))
            if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]?[\d.]+(e[+-]?\d+)?$/i);
        }
        expect(renderReport(report, 'text').replace(/\n/g, '')).not.toMatch(CONTROL);
      }),
      { numRuns: 15 },
    );
  });
});

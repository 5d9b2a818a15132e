import { defaultSettings } from '../../../src/domain/settings';
import { assembleOrgData } from '../../../src/domain/silos/assemble';
import { buildSiloReport } from '../../../src/domain/silos/buildReport';
import { generateDemoOrg } from '../../../src/import/demoOrg';
import { renderReport } from '../../../src/report';
import { TEXT_WIDTH, wrapLine } from '../../../src/report/text';

type People = { id: string; department: string }[];
type Ties = { source: string; target: string }[];

function reportOf(people: People, ties: Ties, channels = [] as Parameters<typeof assembleOrgData>[0]['channels']) {
  const data = assembleOrgData({ people, ties, channels, activity: [], rules: defaultSettings().channelKinds });
  return buildSiloReport(data, {
    generatedAt: '2026-06-01T00:00:00.000Z',
    since: null,
    minGroupSize: 5,
    includePeople: true,
  });
}

const width = (line: string) => [...line].length;

describe('text report in a terminal', () => {
  it('never prints a line wider than 100 columns, even with long names and long people lists', () => {
    const demo = generateDemoOrg({ people: 400, endDay: '2026-05-31' });
    const long = 'Customer Success and Professional Services Operations (EMEA)';
    const report = reportOf(
      demo.users.map((u) => ({ id: u.id, department: u.department === 'Sales' ? long : u.department })),
      demo.interactions.map((i) => ({ source: i.actor, target: i.target })),
      demo.channels.map((c) => ({
        id: c.id,
        name: c.name,
        createdAt: c.created,
        creator: c.creator,
        members: c.members,
      })),
    );
    const text = renderReport(report, 'text');
    expect(text).toContain('Customer Success');
    expect(text).toMatch(/people: U/);
    const lines = text.split('\n');
    expect(lines.filter((l) => width(l) > TEXT_WIDTH)).toEqual([]);
    expect(Math.max(...lines.map(width))).toBeGreaterThan(80);
  });

  it('says "1 tie", not "1 ties"', () => {
    const people = [
      ...Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, department: 'Apps' })),
      ...Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, department: 'Data' })),
    ];
    const text = renderReport(reportOf(people, [{ source: 'a0', target: 'd0' }]), 'text');
    expect(text).toContain('12 people, 1 tie (pairs who interacted), 2 departments listed');
    expect(text).not.toMatch(/\b1 (ties|members|departments|people|shared purpose channels)\b/);
  });
});

describe('wrapLine', () => {
  it('wraps at spaces, keeps every word and indents the continuation', () => {
    const line = `  people: ${Array.from({ length: 40 }, (_, i) => `U${String(i).padStart(8, '0')}`).join(', ')}`;
    const wrapped = wrapLine(line, 100);
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.every((l) => width(l) <= 100)).toBe(true);
    expect(wrapped.slice(1).every((l) => l.startsWith('    U'))).toBe(true);
    expect(wrapped.map((l) => l.trim()).join(' ')).toBe(line.trim());
  });

  it('cuts a single word longer than the line', () => {
    const wrapped = wrapLine(`#${'x'.repeat(150)} end`, 100);
    expect(wrapped).toEqual([`#${'x'.repeat(99)}`, `  ${'x'.repeat(51)} end`]);
  });
});

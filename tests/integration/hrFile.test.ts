import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDepartmentsCsv } from '../../src/services/departments';
import { importDepartmentsFileIfChanged } from '../../src/services/departmentsFile';
import { departmentStatus } from '../../src/services/home/departmentStatus';
import { departmentStatusLine } from '../../src/views/home/leadView';
import { runFullSync } from '../../src/services/sync';
import { webClient } from '../../src/slack/clients';
import { lastDepartmentRead } from '../../src/store/departmentReads';
import { settingsFor } from '../../src/store/settings';
import { useTestDatabase } from '../support/db';
import { addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack } from '../support/fakeSlack';
import { TEST_BOT_TOKEN, TestClock, testServices } from '../support/testApp';

const T = 'T0TEST';

describe('departments from an HR file', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const clock = new TestClock(new Date('2026-12-01T08:00:00Z'));
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'weaver-hr-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function workspace() {
    const ws = emptyWorkspace(T);
    addPerson(ws, { id: 'UANA001', name: 'ana', email: 'ana@corp.test', department: null });
    addPerson(ws, { id: 'UBEN001', name: 'ben', email: 'Ben@Corp.test', department: null });
    addPerson(ws, { id: 'UCAT001', name: 'cat', email: 'cat@corp.test', department: null });
    slack.reset(ws);
    const s = testServices(db(), slack, clock);
    await runFullSync(s, T, webClient(TEST_BOT_TOKEN, s.config, s.logger));
  }
  const departments = async () =>
    Object.fromEntries(
      (await db()('members').where({ team_id: T }).select('user_id', 'department', 'department_source')).map((m) => [
        m.user_id,
        m.department ? `${m.department} (${m.department_source})` : null,
      ]),
    );

  it('matches people by Slack id, e-mail or username, applies good rows together and reports the others by line', async () => {
    await workspace();
    const s = testServices(db(), slack, clock);
    const csv = [
      'id,department',
      'UANA001,Research',
      'ben@corp.test,Sales',
      '@cat,Design',
      'nobody@corp.test,Sales',
      'UANA001',
      ',Finance',
    ].join('\n');
    const result = await importDepartmentsCsv(s, T, csv, webClient(TEST_BOT_TOKEN, s.config, s.logger), {
      name: 'hris-2026-11-30.csv',
      modifiedAt: new Date('2026-11-30T18:00:00Z'),
    });
    expect(result.matched).toBe(3);
    expect(result.unknown).toEqual([{ line: 5, id: 'nobody@corp.test' }]);
    expect(result.bad.map((b) => b.line)).toEqual([6, 7]);
    expect(result.bad[0].reason).toMatch(/expected 2 columns/);
    expect(await departments()).toEqual({
      UANA001: 'Research (csv)',
      UBEN001: 'Sales (csv)',
      UCAT001: 'Design (csv)',
    });
    expect((await settingsFor(db(), T)).departmentSource.kind).toBe('csv');
    expect(await lastDepartmentRead(db(), T, 'csv')).toMatchObject({
      fileName: 'hris-2026-11-30.csv',
      fileModifiedAt: new Date('2026-11-30T18:00:00Z'),
      rowsApplied: 3,
      peopleChanged: 3,
    });
    // The lead's Home names the file and its date beside the report.
    const status = await departmentStatus(s, T, await settingsFor(db(), T));
    expect(departmentStatusLine(status!)).toBe(
      'Departments from *hris-2026-11-30.csv* of 2026-11-30, imported 2026-12-01.',
    );
  });

  it('reads WEAVER_DEPARTMENTS_FILE on its schedule, again only when the file changed', async () => {
    await workspace();
    const path = join(dir, 'departments.csv');
    writeFileSync(path, 'id,department\nUANA001,Research\nben,Sales\n');
    utimesSync(path, new Date('2026-11-30T18:00:00Z'), new Date('2026-11-30T18:00:00Z'));
    const s = testServices(db(), slack, clock, { WEAVER_DEPARTMENTS_FILE: path });
    expect(await importDepartmentsFileIfChanged(s, T)).toBe('imported');
    expect(await importDepartmentsFileIfChanged(s, T)).toBe('unchanged');
    expect((await departments()).UBEN001).toBe('Sales (csv)');

    writeFileSync(path, 'id,department\nUANA001,Research\nben,Marketing\n');
    utimesSync(path, new Date('2026-12-01T07:00:00Z'), new Date('2026-12-01T07:00:00Z'));
    expect(await importDepartmentsFileIfChanged(s, T)).toBe('imported');
    expect((await departments()).UBEN001).toBe('Marketing (csv)');
    expect((await lastDepartmentRead(db(), T, 'csv'))?.fileModifiedAt).toEqual(new Date('2026-12-01T07:00:00Z'));
  });
});

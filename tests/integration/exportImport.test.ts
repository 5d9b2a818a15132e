/**
 * `weaver import` of a Slack export into the live database: the second run changes nothing, an
 * interrupted run resumes, and a message also read by sync is counted once. The export is written
 * by the same writer as `weaver demo` (a year and more of an organisation's channels), so the test
 * needs nothing outside the repository; the real houston-datavis export was imported the same way
 * by hand (docs/sync-and-monitoring.md).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoOrg } from '../../src/import/demoOrg';
import { writeSlackExport } from '../../src/import/slackExportWriter';
import { importSlackExport } from '../../src/services/exportImport';
import { readSlackExport } from '../../src/import/slackExport';
import { saveSettings, settingsFor } from '../../src/store/settings';
import { useTestDatabase } from '../support/db';
import { importedRows, zipFolder } from '../support/exportZip';
import { useFakeSlack } from '../support/fakeSlack';
import { TestClock, testServices } from '../support/testApp';

const T = 'T0IMPORT';

// Thousands of calls through real HTTP and PostgreSQL: slow on a busy machine.
jest.setTimeout(180_000);

describe('weaver import: a Slack export into the live database', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  // A day after the export was taken, with the retention window covering all of it.
  const clock = new TestClock(new Date('2016-08-01T09:00:00Z'));
  const services = () => testServices(db(), slack, clock);
  let dir = '';
  let zip = '';
  let exportDir = '';
  /** day files in the export: one per channel and day with messages */
  let dayFiles = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weaver-import-'));
    exportDir = join(dir, 'export');
    // 400 days up to the day before the clock: older than the default 180-day retention, too.
    await writeSlackExport(generateDemoOrg({ people: 60, days: 400, endDay: '2016-07-31', seed: 3 }), exportDir);
    for (const name of readdirSync(exportDir)) {
      if (statSync(join(exportDir, name)).isDirectory()) dayFiles += readdirSync(join(exportDir, name)).length;
    }
    zip = join(dir, 'export.zip');
    await zipFolder(exportDir, zip);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function keepEverything() {
    const s = await settingsFor(db(), T);
    await saveSettings(db(), T, { ...s, retentionDays: 3650 });
  }

  it('loads people, channels, members and the same interaction counts as `weaver analyze`; a second run changes nothing', async () => {
    await keepEverything();
    const first = await importSlackExport(services(), T, zip);
    const expected = await readSlackExport(zip);
    const total = expected.interactions.reduce((s, i) => s + i.count, 0);

    expect(first.people).toBe(expected.users.length);
    expect(first.peopleAdded).toBe(expected.users.length);
    expect(first.channelsAdded).toBe(expected.channels.length);
    expect(dayFiles).toBeGreaterThan(300);
    expect(first.dayFilesRead).toBe(dayFiles);
    expect(first.interactionsAdded).toBe(total);
    const stored = await db()('interactions').where({ team_id: T }).sum({ n: 'count' }).first();
    expect(Number(stored?.n)).toBe(total);
    // Per channel, the same counts the offline reader finds.
    const byChannel = (rows: Array<{ channelId: string; count: number }>) => {
      const m: Record<string, number> = {};
      for (const r of rows) m[r.channelId] = (m[r.channelId] ?? 0) + r.count;
      return m;
    };
    const live = await db()('interactions').where({ team_id: T }).select('channel_id', 'count');
    expect(byChannel(live.map((r) => ({ channelId: r.channel_id, count: r.count })))).toEqual(
      byChannel(expected.interactions),
    );
    const members = expected.channels.reduce((s, c) => s + new Set(c.members).size, 0);
    expect(first.membershipsAdded).toBe(members);

    const before = await importedRows(db(), T);
    const second = await importSlackExport(services(), T, zip);
    expect(second).toMatchObject({
      interactionsAdded: 0,
      peopleAdded: 0,
      channelsAdded: 0,
      membershipsAdded: 0,
      dayFilesRead: 0,
      dayFilesSkipped: dayFiles,
    });
    expect(await importedRows(db(), T)).toEqual(before);

    // The unpacked folder is another export key (nothing skipped), yet every message is counted once.
    const folder = await importSlackExport(services(), T, exportDir);
    expect(folder.dayFilesRead).toBe(dayFiles);
    expect(folder.interactionsAdded).toBe(0);
    expect(await importedRows(db(), T)).toEqual(before);
  });

  it('resumes an interrupted import after the last day file it finished, counting nothing twice', async () => {
    await keepEverything();
    const part = await importSlackExport(services(), T, zip, { stopAfterDayFiles: 100 });
    expect(part.dayFilesRead).toBe(100);
    const rest = await importSlackExport(services(), T, zip);
    expect(rest.dayFilesSkipped).toBe(100);
    expect(rest.dayFilesRead).toBe(dayFiles - 100);
    const expected = await readSlackExport(zip);
    const stored = await db()('interactions').where({ team_id: T }).sum({ n: 'count' }).first();
    expect(Number(stored?.n)).toBe(expected.interactions.reduce((s, i) => s + i.count, 0));
    expect(part.interactionsAdded + rest.interactionsAdded).toBe(Number(stored?.n));
  });

  it('leaves out what is older than the retention window, and says how much', async () => {
    const result = await importSlackExport(services(), T, zip); // default retention: 180 days
    expect(result.olderThanRetention).toBeGreaterThan(0);
    const oldest = await db()('interactions').where({ team_id: T }).min({ d: 'day' }).first();
    expect(new Date(oldest?.d).getTime()).toBeGreaterThanOrEqual(new Date('2016-02-03').getTime());
  });
});

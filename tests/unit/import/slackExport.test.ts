import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yazl from 'yazl';
import { readSlackExport } from '../../../src/import/slackExport';
import { parsePeopleCsv, parseTiesCsv } from '../../../src/import/csvFiles';
import { departmentsFromChannels } from '../../../src/import/analysisInput';

const DAY = '2026-03-02';
const ts = (s: number) => `${Date.parse(`${DAY}T09:00:00Z`) / 1000 + s}.000100`;

/** A small export: three people, a bot, two channels, one day of messages covering every rule. */
function fixture(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'users.json',
    JSON.stringify([
      { id: 'UANA', name: 'ana' },
      { id: 'UBEN', name: 'ben' },
      { id: 'UCARA', name: 'cara' },
      { id: 'UBOT', name: 'deploybot', is_bot: true },
      { id: 'UGONE', name: 'gone', deleted: true },
    ]),
  );
  files.set(
    'channels.json',
    JSON.stringify([
      { id: 'C1', name: 'team-design', created: 1700000000, creator: 'UANA', members: ['UANA', 'UBEN'] },
      { id: 'C2', name: 'cop-data', created: 1700000000, creator: 'UCARA', members: ['UANA', 'UCARA', 'UBOT'] },
    ]),
  );
  files.set(
    `team-design/${DAY}.json`,
    JSON.stringify([
      { type: 'message', user: 'UANA', text: 'question', ts: ts(1), thread_ts: ts(1), reply_count: 2 },
      { type: 'message', user: 'UBEN', text: 'answer', ts: ts(2), thread_ts: ts(1), parent_user_id: 'UANA' },
      { type: 'message', user: 'UCARA', text: 'late answer without parent id', ts: ts(3), thread_ts: ts(1) },
      { type: 'message', subtype: 'channel_join', user: 'UBEN', text: '<@UBEN> has joined the channel', ts: ts(4) },
      {
        type: 'message',
        subtype: 'tombstone',
        user: 'USLACKBOT',
        text: 'This message was deleted.',
        ts: ts(5),
        thread_ts: ts(5),
      },
    ]),
  );
  files.set(
    `cop-data/${DAY}.json`,
    JSON.stringify([
      {
        type: 'message',
        user: 'UCARA',
        text: 'hi <@UANA> and <@UBEN>',
        ts: ts(10),
        reactions: [{ name: 'tada', users: ['UANA', 'UBOT'], count: 2 }],
      },
      { type: 'message', user: 'UBOT', bot_id: 'B1', text: 'deployed <@UANA>', ts: ts(11) },
    ]),
  );
  return files;
}

const summary = (exp: Awaited<ReturnType<typeof readSlackExport>>) =>
  exp.interactions.map((i) => `${i.channelId} ${i.actor}->${i.target} ${i.kind} ${i.count} ${i.day}`).sort();

const EXPECTED = [
  `C1 UBEN->UANA reply 1 ${DAY}`,
  `C1 UCARA->UANA reply 1 ${DAY}`,
  `C2 UANA->UCARA reaction 1 ${DAY}`,
  `C2 UCARA->UANA mention 1 ${DAY}`,
  `C2 UCARA->UBEN mention 1 ${DAY}`,
];

describe('Slack export import', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-export-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('turns an export folder into memberships and interactions, ignoring bots, joins and tombstones', async () => {
    for (const [path, text] of fixture()) {
      await mkdir(join(dir, 'export', path, '..'), { recursive: true });
      await writeFile(join(dir, 'export', path), text);
    }
    const exp = await readSlackExport(join(dir, 'export'));
    expect(summary(exp)).toEqual(EXPECTED);
    expect(exp.channels.find((c) => c.name === 'cop-data')?.members).toEqual(['UANA', 'UCARA', 'UBOT']);
    expect(exp.users.filter((u) => u.isBot).map((u) => u.id)).toEqual(['UBOT']);
    expect(exp.lastDay).toBe(DAY);
  });

  it('reads the same from a zip, also when everything sits in one top folder', async () => {
    const zip = new yazl.ZipFile();
    for (const [path, text] of fixture()) zip.addBuffer(Buffer.from(text), `My Workspace Slack export/${path}`);
    zip.end();
    const file = join(dir, 'export.zip');
    await new Promise<void>((resolve, reject) => {
      zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject);
    });
    const progress: number[] = [];
    const exp = await readSlackExport(file, (done) => progress.push(done));
    expect(summary(exp)).toEqual(EXPECTED);
    expect(progress).toEqual([1, 2]);
  });

  it('reports an unreadable day file and imports the rest', async () => {
    for (const [path, text] of fixture()) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), path.startsWith('cop-data') ? '{not json' : text);
    }
    const exp = await readSlackExport(dir);
    expect(exp.problems).toEqual([expect.stringContaining(`cop-data/${DAY}.json`)]);
    expect(summary(exp)).toEqual(EXPECTED.slice(0, 2));
  });

  it('refuses a folder that is not an export, saying what is missing', async () => {
    await writeFile(join(dir, 'channels.json'), '[]');
    await expect(readSlackExport(dir)).rejects.toThrow(/users\.json/);
  });

  it('takes departments from department channels when no people CSV is given', () => {
    const got = departmentsFromChannels(
      [
        { name: 'team-design', members: ['U1', 'U2'] },
        { name: 'general', members: ['U3'] },
      ],
      ['team-*'],
    );
    expect([...got.entries()]).toEqual([
      ['U1', 'design'],
      ['U2', 'design'],
    ]);
  });
});

describe('CSV inputs', () => {
  it('reports bad tie rows with their line numbers and keeps the good ones', () => {
    const text = [
      'source,target,weight',
      'U1,U2,3',
      'U1,,1',
      'U2,U3',
      'U3,U3,1',
      'U4,U5,-2',
      '',
      'U5,U6,abc',
      'U6,U7,0.5',
    ].join('\n');
    const { rows, bad } = parseTiesCsv(text);
    expect(rows).toEqual([
      { source: 'U1', target: 'U2', weight: 3 },
      { source: 'U2', target: 'U3', weight: 1 },
      { source: 'U6', target: 'U7', weight: 0.5 },
    ]);
    expect(bad.map((b) => b.line)).toEqual([3, 5, 6, 8]);
    expect(bad[0].reason).toMatch(/target/);
    expect(bad[1].reason).toMatch(/same person/);
    expect(bad[3].reason).toMatch(/abc/);
  });

  it('reports people rows without a department and repeated ids', () => {
    const { rows, bad } = parsePeopleCsv('id,department\nU1,Design\nU2,\nU1,Sales\nU3,Legal\n');
    expect(rows).toEqual([
      { id: 'U1', department: 'Design' },
      { id: 'U3', department: 'Legal' },
    ]);
    expect(bad).toEqual([
      { line: 3, reason: expect.stringMatching(/department/) },
      { line: 4, reason: 'id U1 already given on line 2' },
    ]);
  });

  it('rejects a file whose header does not name the columns', () => {
    expect(() => parseTiesCsv('from,to\nU1,U2\n')).toThrow(/line 1: header must name source,target/);
  });
});

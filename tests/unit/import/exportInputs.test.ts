import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yazl from 'yazl';
import { ArchiveLimitError, ExportFormatError, readSlackExport } from '../../../src/import/slackExport';

const users = JSON.stringify([{ id: 'UANA' }, { id: 'UBEN' }]);
const channels = JSON.stringify([{ id: 'C1', name: 'general', members: ['UANA', 'UBEN'] }]);
const hello = (ts: string) => ({ type: 'message', user: 'UANA', text: 'hi <@UBEN>', ts });

async function writeZip(file: string, entries: [string, string | Buffer][]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of entries) zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(file)).on('close', resolve).on('error', reject);
  });
}

describe('Slack export import: wrong shapes, bad messages, oversized zips', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weaver-inputs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function folder(files: Record<string, string>): Promise<string> {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, 'export', path, '..'), { recursive: true });
      await writeFile(join(dir, 'export', path), text);
    }
    return join(dir, 'export');
  }

  it('stops with the file named when users.json or channels.json is an object, not a list', async () => {
    const usersObject = await folder({ 'users.json': '{"members": []}', 'channels.json': channels });
    await expect(readSlackExport(usersObject)).rejects.toThrow(
      new ExportFormatError('users.json: expected a list ([…]) but the file holds an object ({…})'),
    );
    await rm(join(dir, 'export'), { recursive: true });
    const channelsObject = await folder({ 'users.json': users, 'channels.json': '{"C1": {}}' });
    await expect(readSlackExport(channelsObject)).rejects.toThrow(/^channels\.json: expected a list/);
  });

  it('stops naming the entry path inside the zip when users.json is broken JSON', async () => {
    const file = join(dir, 'export.zip');
    await writeZip(file, [
      ['Acme export/users.json', '[{"id": "UANA"}, {"id": '],
      ['Acme export/channels.json', channels],
    ]);
    await expect(readSlackExport(file)).rejects.toThrow(
      /^Acme export\/users\.json: the file ends at byte 24 before its list is closed/,
    );
  });

  it('skips a message with a bad ts or no author, counting them per day file, and keeps the others', async () => {
    const path = await folder({
      'users.json': users,
      'channels.json': channels,
      'general/2026-03-02.json': JSON.stringify([
        hello('1772442000.000100'),
        { ...hello('abc') },
        { type: 'message', text: 'who?', ts: '1772442001.000100' },
        'junk',
        { ...hello('1772442002.000100'), reactions: 'many' },
        { ...hello('1772442003.000100'), user: 7 },
      ]),
    });
    const exp = await readSlackExport(path);
    expect(exp.interactions).toEqual([
      { day: '2026-03-02', channelId: 'C1', actor: 'UANA', target: 'UBEN', kind: 'mention', count: 2 },
    ]);
    expect(exp.warnings).toEqual([
      'general/2026-03-02.json: skipped 4 messages (1 no valid ts, 2 no author, 1 not a message object)',
    ]);
    expect(exp.problems).toEqual([]);
  });

  it('stops with one line when a zip entry unpacks past the limit for one file, counted while inflating', async () => {
    const file = join(dir, 'bomb.zip');
    await writeZip(file, [
      ['users.json', Buffer.alloc(8 * 1024 * 1024, ' ')],
      ['channels.json', channels],
    ]);
    await expect(readSlackExport(file, { maxEntryBytes: 1024 * 1024 })).rejects.toThrow(
      new ArchiveLimitError(
        'users.json unpacks to 8 MiB, over the limit for one file of a zip (1 MiB, --max-entry-size)',
      ),
    );
  });

  it('stops when the entries together unpack past the total limit', async () => {
    const file = join(dir, 'many.zip');
    const day = JSON.stringify([hello('1772442000.000100')]) + ' '.repeat(300_000);
    const days = Array.from({ length: 8 }, (_, i): [string, string] => [`general/2026-03-0${i + 1}.json`, day]);
    await writeZip(file, [['users.json', users], ['channels.json', channels], ...days]);
    await expect(readSlackExport(file, { maxTotalBytes: 2_000_000 })).rejects.toThrow(
      /^the zip unpacks to more than 1\.91 MiB, the limit \(--max-unzipped\)$/,
    );
    expect((await readSlackExport(file)).interactions).toMatchObject([{ kind: 'mention', count: 8 }]);
  });
});

/**
 * A lead uploads a small Slack export in Settings (Advanced settings → Upload a Slack export): a `file_input`
 * in a modal, the zip fetched from the fake Slack's files.info and url_private_download with the bot
 * token, loaded by the same import as `weaver import`, the result in the modal and in a DM; the same
 * export uploaded again changes nothing, and a bad or too-large file changes nothing either.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoOrg } from '../../src/import/demoOrg';
import { readSlackExport } from '../../src/import/slackExport';
import { writeSlackExport } from '../../src/import/slackExportWriter';
import { MAX_EXPORT_MB } from '../../src/services/home/exportUpload';
import { recordWorkspace } from '../../src/store/workspaces';
import { ACTIONS, CALLBACKS } from '../../src/views/actionIds';
import { EXPORT_ACTION, EXPORT_BLOCK } from '../../src/views/exportUpload';
import { LIMITS } from '../../src/views/limits';
import { blockKitViolations } from '../support/blockKitLimits';
import { useTestDatabase } from '../support/db';
import { importedRows, zipFolder } from '../support/exportZip';
import { addPerson } from '../support/factories';
import { useFakeSlack } from '../support/fakeSlack';
import { useTestApp } from '../support/testApp';

const TEAM = 'T0TEST';
const LEAD = 'U0LEAD';

jest.setTimeout(120_000);

const words = (blocks: unknown): string =>
  (JSON.stringify(blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? []).map((t) => JSON.parse(`{${t}}`).text).join('\n');

describe('uploading a Slack export in Settings', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const app = useTestApp(db, slack, { env: { WEAVER_LEADS: LEAD } });
  let dir = '';
  let good: Buffer;
  let noChannels: Buffer;
  let expectedInteractions = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weaver-export-upload-test-'));
    const exportDir = join(dir, 'export');
    // 40 people over the 60 days before the test clock (2026-11-16), inside the retention window
    await writeSlackExport(generateDemoOrg({ people: 40, days: 60, endDay: '2026-11-15', seed: 5 }), exportDir);
    await zipFolder(exportDir, join(dir, 'good.zip'));
    await zipFolder(exportDir, join(dir, 'no-channels.zip'), (p) => p === 'channels.json');
    good = readFileSync(join(dir, 'good.zip'));
    noChannels = readFileSync(join(dir, 'no-channels.zip'));
    expectedInteractions = (await readSlackExport(join(dir, 'good.zip'))).interactions.reduce((s, i) => s + i.count, 0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    await recordWorkspace(db(), { teamId: TEAM });
    addPerson(slack.workspace, { id: LEAD, name: 'lea' });
    await db()('members').insert({ team_id: TEAM, user_id: LEAD, name: 'lea' });
  });

  /** Submits the upload modal with a file and returns the view the lead finally reads. */
  async function upload(who: string, name: string, content: Buffer) {
    const fileId = slack.addSharedFile(name, content);
    const before = slack.callsTo('views.update').length;
    const res = await app().submit(who, {
      id: 'VEXPORT',
      callback_id: CALLBACKS.exportUploadModal,
      values: { [EXPORT_BLOCK]: { [EXPORT_ACTION]: { type: 'file_input', files: [{ id: fileId, name }] } } },
    });
    expect(res.status).toBe(200);
    // answered at once (Slack wants it within 3 seconds), then updated as the export loads
    expect(res.json()).toMatchObject({ response_action: 'update' });
    expect(words(res.json().view.blocks)).toContain('Loading the export');
    await slack.waitFor(
      () =>
        slack
          .callsTo('views.update')
          .slice(before)
          .some((c) => !words(c.args.view.blocks).includes('Loading the export')),
      30_000, // loading takes a few seconds on a busy machine
    );
    const update = slack.callsTo('views.update').at(-1)!;
    expect(update.args.view_id).toBe('VEXPORT');
    expect(blockKitViolations(update.args.view)).toEqual([]);
    return update.args.view;
  }

  const dms = () => slack.callsTo('chat.postMessage');

  it('opens the upload form from the Advanced settings page, saying how large an export may be', async () => {
    const view = { id: 'VADVANCED', callback_id: CALLBACKS.settingsAdvancedModal };
    await app().action(LEAD, { action_id: ACTIONS.settingsUploadExport, value: 'upload' }, { view });
    await slack.waitFor(() => slack.callsTo('views.push').length > 0);
    const modal = slack.callsTo('views.push')[0].args.view;
    expect(modal.callback_id).toBe(CALLBACKS.exportUploadModal);
    const input = modal.blocks.find((b: any) => b.block_id === EXPORT_BLOCK);
    expect(input.element).toMatchObject({ type: 'file_input', action_id: EXPORT_ACTION, filetypes: ['zip'] });
    expect(words(modal.blocks)).toContain(`a .zip of up to ${MAX_EXPORT_MB} MB`);
    expect(blockKitViolations(modal)).toEqual([]);
  });

  it('loads the export, tells the lead in the modal and a DM; the same export again changes nothing', async () => {
    const view = await upload(LEAD, 'acme-export.zip', good);
    const text = words(view.blocks);
    expect(text).toContain('*acme-export.zip* is loaded.');
    expect(text).toContain(`Interactions counted: ${expectedInteractions.toLocaleString('en-US')} from`);
    const stored = await db()('interactions').where({ team_id: TEAM }).sum({ n: 'count' }).first();
    expect(Number(stored?.n)).toBe(expectedInteractions);
    // progress while loading: the day files read so far, in the same modal
    expect(slack.callsTo('views.update').map((c) => words(c.args.view.blocks))).toContainEqual(
      expect.stringMatching(/Loading the export… \d+ of \d+ day files read\./),
    );
    expect(Number((await db()('members').where({ team_id: TEAM }).count({ n: '*' }).first())?.n)).toBe(41);
    // fetched with the bot token, as Slack serves a private file
    expect(slack.downloads).toEqual([{ fileId: expect.any(String), token: expect.stringMatching(/^xoxb-/) }]);
    await slack.waitFor(() => dms().length > 0, 30_000);
    const dm = dms()[0].args;
    expect(words(dm.blocks)).toContain('*acme-export.zip* is loaded.');
    expect(blockKitViolations({ blocks: dm.blocks }, LIMITS.blocksPerMessage)).toEqual([]);

    const before = await importedRows(db(), TEAM);
    const again = await upload(LEAD, 'acme-export.zip', good);
    expect(words(again.blocks)).toContain('This export was loaded before: nothing changed.');
    expect(await importedRows(db(), TEAM)).toEqual(before);
  });

  it('refuses a file that is not a Slack export and changes nothing', async () => {
    const before = await importedRows(db(), TEAM);
    const notZip = await upload(LEAD, 'notes.zip', Buffer.from('these are my notes, not a zip'));
    expect(words(notZip.blocks)).toContain('*Nothing was changed:* *notes.zip* is not a Slack export Weaver can read');
    expect(notZip.blocks.some((b: any) => b.block_id === EXPORT_BLOCK)).toBe(true); // the form again
    const partial = await upload(LEAD, 'partial.zip', noChannels);
    expect(words(partial.blocks)).toContain('channels.json is missing');
    expect(await importedRows(db(), TEAM)).toEqual(before);
    expect(dms()).toEqual([]);
  });

  it(`refuses an export larger than ${MAX_EXPORT_MB} MB without downloading it`, async () => {
    const before = await importedRows(db(), TEAM);
    const view = await upload(LEAD, 'huge.zip', Buffer.alloc(MAX_EXPORT_MB * 1024 * 1024 + 1));
    expect(words(view.blocks)).toContain(`*huge.zip* is larger than ${MAX_EXPORT_MB} MB`);
    expect(words(view.blocks)).toContain('weaver import EXPORT.zip');
    expect(slack.downloads).toEqual([]);
    expect(await importedRows(db(), TEAM)).toEqual(before);
    // Slack's stated size is not trusted: the download stops past the limit
    type Handler = Parameters<typeof slack.handle>[1];
    const builtin = (slack as unknown as { builtins: Record<string, Handler> }).builtins['files.info'];
    slack.handle('files.info', async (args, call) => {
      const answer = (await builtin(args, call)) as { file?: { size: number } };
      if (answer.file) answer.file.size = 1000;
      return answer;
    });
    const understated = await upload(LEAD, 'understated.zip', Buffer.alloc(MAX_EXPORT_MB * 1024 * 1024 + 1));
    expect(words(understated.blocks)).toContain(`*understated.zip* is larger than ${MAX_EXPORT_MB} MB`);
    expect(await importedRows(db(), TEAM)).toEqual(before);
  });

  it('changes nothing for someone who is not a lead', async () => {
    addPerson(slack.workspace, { id: 'U0ALICE', name: 'alice' });
    const before = await importedRows(db(), TEAM);
    const view = await upload('U0ALICE', 'acme-export.zip', good);
    expect(words(view.blocks)).toContain('Only leads can load a Slack export');
    expect(await importedRows(db(), TEAM)).toEqual(before);
    expect(slack.downloads).toEqual([]);
  });
});

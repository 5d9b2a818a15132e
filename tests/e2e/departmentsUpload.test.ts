/**
 * A lead uploads the HR departments file in Slack (Settings → Upload a departments file): a
 * `file_input` in a modal, the file fetched from the fake Slack's files.info and
 * url_private_download, every row checked, line-numbered problems shown in the modal and nothing
 * applied until the whole file is good.
 */
import type { Knex } from 'knex';
import { settingsFor } from '../../src/store/settings';
import { recordWorkspace } from '../../src/store/workspaces';
import { ACTIONS, CALLBACKS } from '../../src/views/actionIds';
import { UPLOAD_ACTION, UPLOAD_BLOCK } from '../../src/views/departmentsUpload';
import { blockKitViolations } from '../support/blockKitLimits';
import { useTestDatabase } from '../support/db';
import { addPerson } from '../support/factories';
import { useFakeSlack } from '../support/fakeSlack';
import { useTestApp } from '../support/testApp';

const TEAM = 'T0TEST';
const LEAD = 'U0LEAD';

async function addMember(db: Knex, userId: string, name: string, department: string): Promise<void> {
  await db('members').insert({ team_id: TEAM, user_id: userId, name, department });
}

const words = (view: any): string =>
  (JSON.stringify(view.blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [])
    .map((t) => JSON.parse(`{${t}}`).text)
    .join('\n');

describe('uploading the departments file in Settings', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const app = useTestApp(db, slack, { env: { WEAVER_LEADS: LEAD } });

  beforeEach(async () => {
    await recordWorkspace(db(), { teamId: TEAM });
    for (const [id, name, dept] of [
      [LEAD, 'lea', 'People'],
      ['U0ALICE', 'alice', 'Engineering'],
      ['U0BOB', 'bob', 'Engineering'],
      ['U0CAROL', 'carol', 'Sales'],
    ]) {
      addPerson(slack.workspace, { id, name });
      await addMember(db(), id, name, dept);
    }
  });

  const departments = async () =>
    Object.fromEntries(
      (await db()('members').where({ team_id: TEAM }).orderBy('user_id')).map((m: any) => [m.user_id, m.department]),
    );

  /** Submits the upload modal with a file and returns the view the lead finally reads. */
  async function upload(who: string, name: string, content: string) {
    const fileId = slack.addSharedFile(name, content);
    const before = slack.callsTo('views.update').length;
    const res = await app().submit(who, {
      id: 'VUPLOAD',
      callback_id: CALLBACKS.departmentsUploadModal,
      values: { [UPLOAD_BLOCK]: { [UPLOAD_ACTION]: { type: 'file_input', files: [{ id: fileId, name }] } } },
    });
    expect(res.status).toBe(200);
    // answered at once (Slack wants it within 3 seconds), then updated with the result
    expect(res.json()).toMatchObject({ response_action: 'update' });
    await slack.waitFor(() => slack.callsTo('views.update').length > before);
    const update = slack.callsTo('views.update').at(-1)!;
    expect(update.args.view_id).toBe('VUPLOAD');
    return update.args.view;
  }

  it('opens the upload form from the main Settings page', async () => {
    const view = { id: 'VSETTINGS', callback_id: CALLBACKS.settingsModal };
    await app().action(LEAD, { action_id: ACTIONS.settingsUploadDepartments, value: 'upload' }, { view });
    await slack.waitFor(() => slack.callsTo('views.push').length > 0);
    const modal = slack.callsTo('views.push')[0].args.view;
    expect(modal.callback_id).toBe(CALLBACKS.departmentsUploadModal);
    const input = modal.blocks.find((b: any) => b.block_id === UPLOAD_BLOCK);
    expect(input.element).toMatchObject({ type: 'file_input', action_id: UPLOAD_ACTION, max_files: 1 });
    expect(words(modal)).toContain('id,department');
    expect(blockKitViolations(modal)).toEqual([]);
  });

  it('applies a good file: departments change, the source becomes the file, the lead reads how many', async () => {
    const view = await upload(LEAD, 'hr-2026-12.csv', 'id,department\nU0ALICE,Finance\nbob,Sales\nU0CAROL,Sales\n');
    expect(words(view)).toContain('*hr-2026-12.csv* is applied to 3 people. Departments now come from this file.');
    expect(await departments()).toMatchObject({ U0ALICE: 'Finance', U0BOB: 'Sales', U0CAROL: 'Sales' });
    expect((await settingsFor(db(), TEAM)).departmentSource.kind).toBe('csv');
    // fetched with the bot token, as Slack serves a private file
    expect(slack.downloads).toEqual([{ fileId: expect.any(String), token: expect.stringMatching(/^xoxb-/) }]);
    expect(blockKitViolations(view)).toEqual([]);
  });

  it('shows each bad line by number, applies nothing, and offers the upload again', async () => {
    const before = await departments();
    const csv = ['id,department', 'U0ALICE,Finance', 'U0BOB', 'nobody-here,Sales', 'U0CAROL,', ''].join('\n');
    const view = await upload(LEAD, 'hr.csv', csv);
    const text = words(view);
    expect(text).toContain('*Nothing was changed.* 3 lines of *hr.csv* need fixing:');
    expect(text).toContain('line 3: expected 2 columns (id,department), found 1');
    expect(text).toContain('line 4: nobody in this workspace is "nobody-here"');
    expect(text).toContain('line 5: the department is empty');
    expect(view.blocks.some((b: any) => b.block_id === UPLOAD_BLOCK)).toBe(true);
    expect(await departments()).toEqual(before);
    expect((await settingsFor(db(), TEAM)).departmentSource.kind).toBe('profile_field');
  });

  it('asks for a file when none was chosen', async () => {
    const res = await app().submit(LEAD, {
      callback_id: CALLBACKS.departmentsUploadModal,
      values: { [UPLOAD_BLOCK]: { [UPLOAD_ACTION]: { type: 'file_input', files: [] } } },
    });
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { [UPLOAD_BLOCK]: 'Choose a CSV file to upload.' },
    });
  });

  it('changes nothing for someone who is not a lead', async () => {
    const before = await departments();
    const view = await upload('U0ALICE', 'hr.csv', 'id,department\nU0ALICE,Finance\n');
    expect(words(view)).toContain('Only leads can change where departments come from');
    expect(await departments()).toEqual(before);
  });
});

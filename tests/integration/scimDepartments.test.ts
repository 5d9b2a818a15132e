import { ScimError, syncScimDepartments } from '../../src/services/scimDepartments';
import { runFullSync } from '../../src/services/sync';
import { webClient } from '../../src/slack/clients';
import { lastDepartmentRead } from '../../src/store/departmentReads';
import { saveSettings, settingsFor } from '../../src/store/settings';
import { useTestDatabase } from '../support/db';
import { addChannel, addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack } from '../support/fakeSlack';
import { TEST_BOT_TOKEN, TestClock, testServices } from '../support/testApp';

const T = 'T0TEST';

describe('departments from SCIM', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  const clock = new TestClock();
  const services = () =>
    testServices(db(), slack, clock, { SLACK_SCIM_TOKEN: slack.scimToken, SLACK_SCIM_URL: slack.scimUrl });

  function workspace(people: number) {
    const ws = emptyWorkspace(T);
    for (let i = 1; i <= people; i += 1) {
      addPerson(ws, { id: `US${String(i).padStart(5, '0')}`, name: `p${i}`, department: ['Sales', 'Design'][i % 2] });
    }
    addChannel(ws, { id: 'CALL', name: 'general', members: ws.users.map((u) => u.id) });
    return ws;
  }

  async function useScim() {
    const s = await settingsFor(db(), T);
    await saveSettings(db(), T, { ...s, departmentSource: { ...s.departmentSource, kind: 'scim' } });
  }

  const departmentsOf = async () =>
    Object.fromEntries(
      (
        await db()('members')
          .where({ team_id: T })
          .select('user_id', 'department', 'department_source', 'division', 'manager_id')
      ).map((m) => [m.user_id, m]),
    );

  it('reads every page of GET /Users (startIndex/count) and takes department, division and manager', async () => {
    const ws = workspace(2_500);
    ws.users[0].scim = { department: 'Research', division: 'R&D', manager: 'US00002' };
    ws.users[1].scim = { department: null }; // a person SCIM knows without a department
    slack.reset(ws);
    await useScim();
    const summary = await runFullSync(services(), T, webClient(TEST_BOT_TOKEN, services().config, services().logger));

    const pages = slack.callsTo('scim.Users').map((c) => [c.args.startIndex, c.args.count]);
    expect(pages).toEqual([
      ['1', '1000'],
      ['1001', '1000'],
      ['2001', '1000'],
    ]);
    expect(slack.callsTo('users.profile.get')).toHaveLength(0);
    const people = await departmentsOf();
    expect(people.US00001).toMatchObject({
      department: 'Research',
      department_source: 'scim',
      division: 'R&D',
      manager_id: 'US00002',
    });
    expect(people.US00002).toMatchObject({ department: null, department_source: null });
    expect(people.US00003).toMatchObject({ department: 'Design', department_source: 'scim' });
    // The person without a department is counted as Unknown, not dropped.
    expect(summary.departments.find((d) => d.department === 'Unknown')?.people).toBe(1);
    expect(summary.members).toBe(2_500);
    expect((await lastDepartmentRead(db(), T, 'scim'))?.rowsApplied).toBe(2_500);
  });

  it('waits out a 429 (Retry-After) and reads the page again', async () => {
    slack.reset(workspace(30));
    slack.failNext('scim.Users', { kind: 'rate_limited', retryAfter: 7 });
    const waits: number[] = [];
    const result = await syncScimDepartments(services(), T, {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([7_000]);
    expect(slack.callsTo('scim.Users')).toHaveLength(2);
    expect(result.requests).toBe(2);
    expect(result.people).toBe(30);
  });

  it('stops with a message naming SLACK_SCIM_TOKEN when SCIM answers 401, changing nothing', async () => {
    slack.reset(workspace(5));
    await runFullSync(services(), T, webClient(TEST_BOT_TOKEN, services().config, services().logger));
    const before = await departmentsOf();
    const wrong = testServices(db(), slack, clock, { SLACK_SCIM_TOKEN: 'xoxp-wrong', SLACK_SCIM_URL: slack.scimUrl });
    const err = await syncScimDepartments(wrong, T).catch((e) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(String(err.message)).toMatch(/SLACK_SCIM_TOKEN \(HTTP 401\).*admin scope/);
    expect(await departmentsOf()).toEqual(before);
  });

  it('says what to do when the source is SCIM but no token is set', async () => {
    slack.reset(workspace(3));
    const noToken = testServices(db(), slack, clock);
    await expect(syncScimDepartments(noToken, T)).rejects.toThrow(/SLACK_SCIM_TOKEN is not set/);
  });
});

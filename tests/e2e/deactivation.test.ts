/**
 * A deactivated account (issue 13, case 9) is handled on one ordered path: the person is flagged
 * deleted, their data goes, and the channels they were in are reclassified without them.
 */
import { recomputeChannelKinds } from '../../src/services/channelKinds';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { startTestApp, testServices, type TestApp } from '../support/testApp';

const T = 'T0TEST';
const SALES = ['U0S1', 'U0S2', 'U0S3', 'U0S4'];

describe('a person deactivated in Slack', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();
  let app: TestApp | undefined;
  afterEach(() => app?.stop());

  async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('loses their data, and a department channel they made one is no longer called one', async () => {
    await db()('installations').insert({ team_id: T, enterprise_id: '', bot_user_id: 'UBOTWEAVER' });
    const people = [...SALES.map((id) => ({ id, department: 'Sales' })), { id: 'U0D1', department: 'Design' }];
    for (const p of people) {
      await db()('members').insert({ team_id: T, user_id: p.id, name: p.id.toLowerCase(), department: p.department });
      await db()('memberships').insert({ team_id: T, channel_id: 'C0DEALS', user_id: p.id });
    }
    await db()('channels').insert({ team_id: T, channel_id: 'C0DEALS', name: 'deals' });
    const tags = JSON.stringify([{ tag: 'chess', label: 'Chess' }]);
    await db()('passions').insert({ team_id: T, user_id: 'U0S1', tags });
    // 4 of 5 members in Sales: a department channel.
    await recomputeChannelKinds(testServices(db(), fake), T);
    expect(await db()('channels').where({ channel_id: 'C0DEALS' }).first()).toMatchObject({ kind: 'department' });

    app = await startTestApp(db(), fake);
    const responses = await Promise.all(
      ['U0S1', 'U0S2'].map((id) =>
        app!.event({ type: 'user_change', user: { id, team_id: T, name: id.toLowerCase(), deleted: true } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const leavers = () => db()('memberships').whereIn('user_id', ['U0S1', 'U0S2']);
    const left = async () => (await leavers().count({ n: '*' }).first())?.n;
    await until(async () => (await left()) === 0, 'the data to go');
    // 2 of 3 remaining members in Sales: below the 80 % rule.
    const kind = async () => (await db()('channels').where({ channel_id: 'C0DEALS' }).first()).kind;
    await until(async () => (await kind()) === 'other', 'the channel to be reclassified');
    expect(await db()('members').whereIn('user_id', ['U0S1', 'U0S2']).pluck('is_deleted')).toEqual([true, true]);
    expect(await db()('passions').where({ user_id: 'U0S1' }).first()).toBeUndefined();
    const members = await db()('memberships').where({ channel_id: 'C0DEALS' }).orderBy('user_id').pluck('user_id');
    expect(members).toEqual(['U0D1', 'U0S3', 'U0S4']);
  });
});

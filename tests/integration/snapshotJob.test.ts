import '../../src/jobs/kinds';
import { tick } from '../../src/jobs/scheduler';
import { latestSnapshots } from '../../src/store/snapshots';
import { recordWorkspace } from '../../src/store/workspaces';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { TestClock, testServices } from '../support/testApp';
import { markWorkspaceSynced } from '../support/workspaceState';

const TEAM = 'T0SNAP';

describe('the nightly report snapshot', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();

  it('is stored by the job scheduler alone, in a process without the Home tab plug-ins (no day is skipped)', async () => {
    const people = ['UA0', 'UA1', 'UB0', 'UB1'].map((u) => ({ team_id: TEAM, user_id: u, department: u.slice(0, 2) }));
    await db()('members').insert(people);
    await db()('interactions').insert([
      {
        team_id: TEAM,
        day: '2026-05-20',
        channel_id: 'C1',
        actor_id: 'UA0',
        target_id: 'UA1',
        kind: 'reply',
        count: 2,
      },
      {
        team_id: TEAM,
        day: '2026-05-21',
        channel_id: 'C1',
        actor_id: 'UA0',
        target_id: 'UB0',
        kind: 'mention',
        count: 1,
      },
    ]);
    await recordWorkspace(db(), { teamId: TEAM });
    await markWorkspaceSynced(db(), TEAM);
    const clock = new TestClock(new Date('2026-06-01T06:00:00Z'));
    const services = testServices(db(), fake, clock); // no `home`: what `weaver start` leaves out is not needed
    expect(services.home).toBeUndefined();
    await tick(services);
    await tick(services);
    const [snapshot] = await latestSnapshots(db(), TEAM, 1);
    expect(snapshot?.day).toBe('2026-06-01');
    expect((snapshot?.report as { org: { ties: number } } | undefined)?.org.ties).toBe(2);
    expect(await db()('report_snapshots').where({ team_id: TEAM }).count('* as n').first()).toEqual({ n: 1 });
  });
});

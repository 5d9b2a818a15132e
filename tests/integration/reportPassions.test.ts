import { refreshSiloReport } from '../../src/services/report';
import { useTestDatabase } from '../support/db';

const TEAM = 'T0PASS';
const db = useTestDatabase();
const now = () => new Date('2026-06-01T12:00:00Z');
const passion = (tag: string) => ({ tag, label: tag });

/**
 * Three departments of ten. Four people of each talk among themselves every day (a community of 12
 * across the three departments, in no channel of its own); the other six of each department talk
 * in a ring. Eight of the twelve list "rust" among their passions, six "climbing", two "chess".
 */
async function seed(): Promise<void> {
  const departments = ['Apps', 'Build', 'Care'];
  const ids = departments.flatMap((d) => Array.from({ length: 10 }, (_, i) => `U${d[0]}${i}`));
  await db()('members').insert(
    ids.map((user_id) => ({ team_id: TEAM, user_id, department: departments.find((d) => d[0] === user_id[1]) })),
  );
  // an opted-out person's passions never name anything
  await db()('members').insert({ team_id: TEAM, user_id: 'UOUT', department: 'Apps', opted_out: true });
  const community = departments.flatMap((d) => [0, 1, 2, 3].map((i) => `U${d[0]}${i}`));
  const rows: Record<string, unknown>[] = [];
  const tie = (a: string, b: string) =>
    rows.push({
      team_id: TEAM,
      day: '2026-05-20',
      channel_id: 'C1',
      actor_id: a,
      target_id: b,
      kind: 'reply',
      count: 2,
    });
  for (let i = 0; i < community.length; i++)
    for (let j = i + 1; j < community.length; j++) tie(community[i], community[j]);
  for (const d of departments)
    for (let i = 4; i < 10; i++) {
      tie(`U${d[0]}${i}`, `U${d[0]}${i === 9 ? 4 : i + 1}`);
      tie(`U${d[0]}${i}`, `U${d[0]}${i === 9 ? 5 : i === 8 ? 4 : i + 2}`);
    }
  await db()('interactions').insert(rows);
  const tagsOf = (k: number) => [
    ...(k < 8 ? [passion('rust')] : []),
    ...(k >= 6 ? [passion('climbing')] : []),
    ...(k < 2 ? [passion('chess')] : []),
  ];
  await db()('passions').insert([
    ...community.map((user_id, k) => ({ team_id: TEAM, user_id, tags: JSON.stringify(tagsOf(k)) })),
    { team_id: TEAM, user_id: 'UOUT', tags: JSON.stringify([passion('chess'), passion('chess club')]) },
  ]);
}

describe('communities named by the passions their members share', () => {
  it('names the channel it suggests after the passions a fifth of its members (and at least five) share', async () => {
    await seed();
    const { report } = await refreshSiloReport({ db: db(), now }, TEAM);
    const community = report.communities.find((c) => c.size === 12)!;
    expect(community).toBeDefined();
    expect(community.sharedPassions).toEqual([
      { tag: 'rust', people: 8 },
      { tag: 'climbing', people: 6 },
    ]);
    expect(community.suggestedChannel).toBe('cop-rust-climbing');
    const finding = report.findings.find((f) => f.kind === 'uncovered_community')!;
    expect(finding.action).toBe(
      'Suggest a channel for them: #cop-rust-climbing; 8 of them list "rust" among their passions, 6 "climbing".',
    );
    // two people's "chess" is below the privacy threshold: it names nothing and is never shown
    expect(JSON.stringify(report)).not.toMatch(/chess/);
  });
});

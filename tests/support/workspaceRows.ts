/**
 * Puts one row for a workspace (and for a given person) into every table of the schema, so
 * deletion tests can prove that every table is emptied for that workspace and only for it.
 */
import type { Knex } from 'knex';

export async function seedWorkspaceRows(
  db: Knex,
  teamId: string,
  people: string[] = ['U0ANA', 'U0BEN'],
): Promise<void> {
  const [a, b] = people;
  await db('installations')
    .insert({ team_id: teamId, enterprise_id: '', bot_user_id: 'UBOTWEAVER' })
    .onConflict(['enterprise_id', 'team_id'])
    .ignore();
  for (const u of people) {
    await db('members').insert({
      team_id: teamId,
      user_id: u,
      name: u.toLowerCase(),
      department: u === a ? 'Sales' : 'Design',
    });
    await db('passions').insert({
      team_id: teamId,
      user_id: u,
      tags: JSON.stringify([{ tag: 'sourdough', label: 'Sourdough' }]),
    });
    await db('memberships').insert({ team_id: teamId, channel_id: 'C0GENERAL', user_id: u });
  }
  await db('channels').insert({ team_id: teamId, channel_id: 'C0GENERAL', name: 'general' });
  await db('interactions').insert([
    { team_id: teamId, day: '2026-11-10', channel_id: 'C0GENERAL', actor_id: a, target_id: b, kind: 'reply', count: 3 },
    {
      team_id: teamId,
      day: '2026-11-10',
      channel_id: 'C0GENERAL',
      actor_id: b,
      target_id: a,
      kind: 'mention',
      count: 1,
    },
  ]);
  await db('interaction_tombstones').insert({
    team_id: teamId,
    source: `C0GENERAL:1731000000.000100:reaction:${a}:tada`,
    day: '2026-11-10',
    actor_id: a,
    target_id: b,
    removed_at: new Date('2026-11-10T12:00:00Z'),
  });
  await db('events_seen').insert({ event_id: `Ev${teamId}1`, team_id: teamId });
  const [round] = await db('intro_rounds').insert({ team_id: teamId, period_key: '2026-W46' }).returning('id');
  const [intro] = await db('intros')
    .insert({ team_id: teamId, round_id: round.id, status: 'accepted' })
    .returning('id');
  await db('intro_members').insert(
    people.map((u) => ({ intro_id: intro.id, team_id: teamId, user_id: u, response: 'accepted' })),
  );
  await db('intro_blocks').insert({ team_id: teamId, user_id: b, blocked_user_id: a });
  await db('jobs').insert({
    team_id: teamId,
    kind: 'test.noop',
    due_at: new Date('2026-12-01T00:00:00Z'),
    payload: JSON.stringify({ userId: a }),
  });
  await db('report_snapshots').insert({ team_id: teamId, day: '2026-11-15', report: JSON.stringify({ silos: [] }) });
  await db('settings').insert({ team_id: teamId, values: JSON.stringify({}) });
}

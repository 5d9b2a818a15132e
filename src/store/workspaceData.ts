/**
 * Deleting everything Weaver holds about one workspace. Every table with a `team_id` column is
 * found in the catalogue at run time, so a table another feature adds later is covered without
 * touching this file. Rows are deleted children-first (foreign keys) in one transaction.
 */
import type { Knex } from 'knex';

/** Tables of the current schema that have a team_id column, children before parents. */
export async function tablesWithTeamId(db: Knex): Promise<string[]> {
  const { rows: tables } = await db.raw(
    `select table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'team_id' and table_name not like 'knex\\_%'
      order by table_name`,
  );
  const names: string[] = tables.map((r: { table_name: string }) => r.table_name);
  const { rows: edges } = await db.raw(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
       from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`,
  );
  // Depth-first: a table is listed after every table that references it.
  const referencedBy = new Map<string, string[]>();
  for (const e of edges as Array<{ child: string; parent: string }>) {
    referencedBy.set(e.parent, [...(referencedBy.get(e.parent) ?? []), e.child]);
  }
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string): void => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const child of referencedBy.get(t) ?? []) visit(child);
    if (names.includes(t)) ordered.push(t);
  };
  names.forEach(visit);
  return ordered;
}

/** Deletes every row of the workspace in every table; returns rows deleted per table (non-zero only). */
export async function deleteWorkspaceRows(db: Knex, teamId: string): Promise<Record<string, number>> {
  const tables = await tablesWithTeamId(db);
  return db.transaction(async (trx) => {
    const deleted: Record<string, number> = {};
    for (const table of tables) {
      const n = await trx(table).where({ team_id: teamId }).del();
      if (n) deleted[table] = n;
    }
    return deleted;
  });
}

/** How many rows of the workspace each table still holds (non-zero only). */
export async function workspaceRowCounts(db: Knex, teamId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesWithTeamId(db)) {
    const row = await db(table).where({ team_id: teamId }).count({ n: '*' }).first();
    const n = Number(row?.n ?? 0);
    if (n) counts[table] = n;
  }
  return counts;
}

/** Workspaces known to belong to an Enterprise Grid org (from their members and settings). */
export async function teamIdsOfEnterprise(db: Knex, enterpriseId: string): Promise<string[]> {
  const rows = await db
    .union([
      db('members').where({ enterprise_id: enterpriseId }).distinct('team_id'),
      db('settings').where({ enterprise_id: enterpriseId }).select('team_id'),
    ])
    .orderBy('team_id');
  return rows.map((r: { team_id: string }) => r.team_id);
}

import type { Knex } from 'knex';

/** INSERT … ON CONFLICT (key) DO UPDATE of `merge` columns, 500 rows per statement (PostgreSQL's parameter limit). */
export async function upsertRows(
  db: Knex,
  table: string,
  rows: Array<Record<string, unknown>>,
  key: string[],
  merge: string[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db(table)
      .insert(rows.slice(i, i + 500))
      .onConflict(key)
      .merge(merge);
  }
}

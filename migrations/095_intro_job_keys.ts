/**
 * One spelling for the idempotency keys of introduction jobs: `intro-closed:` and
 * `intro-paused-for-silence:` (dashes, like every other intro job key). Rows written with the old
 * dotted spelling are renamed, unless a row with the new spelling already exists for the same
 * introduction and person (then the old row stays, so the unique key never clashes).
 */
import type { Knex } from 'knex';

const RENAMES: Array<[string, string]> = [
  ['intro.closed:', 'intro-closed:'],
  ['intro.paused_for_silence:', 'intro-paused-for-silence:'],
];

async function rename(knex: Knex, from: string, to: string): Promise<void> {
  await knex.raw(
    `update jobs j set idempotency_key = ? || substr(j.idempotency_key, ?)
      where j.idempotency_key like ? and not exists (
        select 1 from jobs o where o.team_id = j.team_id and o.idempotency_key = ? || substr(j.idempotency_key, ?))`,
    [to, from.length + 1, `${from.replace(/_/g, '\\_')}%`, to, from.length + 1],
  );
}

export async function up(knex: Knex): Promise<void> {
  for (const [from, to] of RENAMES) await rename(knex, from, to);
}

export async function down(knex: Knex): Promise<void> {
  for (const [from, to] of RENAMES) await rename(knex, to, from);
}

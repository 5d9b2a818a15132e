/** Slack exports for import tests: a folder zipped as Slack ships it, and the rows an import can touch. */
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Knex } from 'knex';

/** Zips `folder` into `file`, leaving out the paths `skip` names (an export missing a file). */
export async function zipFolder(folder: string, file: string, skip: (path: string) => boolean = () => false) {
  const yazl = await import('yazl');
  const zip = new yazl.ZipFile();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!skip(relative(folder, full))) zip.addBuffer(readFileSync(full), relative(folder, full));
    }
  };
  walk(folder);
  zip.end();
  await new Promise<void>((resolve) => zip.outputStream.pipe(createWriteStream(file)).on('close', () => resolve()));
}

/** Every row an import can touch in one workspace, as comparable text. */
export async function importedRows(db: Knex, teamId: string) {
  const rows = async (table: string, order: string[]) =>
    JSON.stringify(await db(table).where({ team_id: teamId }).orderBy(order).select('*'));
  return {
    members: await rows('members', ['user_id']),
    channels: await rows('channels', ['channel_id']),
    memberships: await rows('memberships', ['channel_id', 'user_id']),
    interactions: await rows('interactions', ['day', 'channel_id', 'actor_id', 'target_id', 'kind']),
    ledger: (await db('interaction_ledger').where({ team_id: teamId }).count({ n: '*' }).first())?.n,
  };
}

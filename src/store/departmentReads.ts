/** The last read of each department source per workspace (SCIM, an HR file), shown beside department coverage. */
import type { Knex } from 'knex';

export interface DepartmentRead {
  source: 'scim' | 'csv';
  readAt: Date;
  fileName: string | null;
  fileModifiedAt: Date | null;
  rowsApplied: number;
  peopleChanged: number;
}

export async function recordDepartmentRead(db: Knex, teamId: string, read: DepartmentRead): Promise<void> {
  const row = {
    team_id: teamId,
    source: read.source,
    read_at: read.readAt,
    file_name: read.fileName,
    file_modified_at: read.fileModifiedAt,
    rows_applied: read.rowsApplied,
    people_changed: read.peopleChanged,
  };
  await db('department_reads').insert(row).onConflict(['team_id', 'source']).merge();
}

export async function lastDepartmentRead(
  db: Knex,
  teamId: string,
  source: DepartmentRead['source'],
): Promise<DepartmentRead | null> {
  const r = await db('department_reads').where({ team_id: teamId, source }).first();
  if (!r) return null;
  return {
    source: r.source,
    readAt: new Date(r.read_at),
    fileName: r.file_name,
    fileModifiedAt: r.file_modified_at ? new Date(r.file_modified_at) : null,
    rowsApplied: r.rows_applied,
    peopleChanged: r.people_changed,
  };
}

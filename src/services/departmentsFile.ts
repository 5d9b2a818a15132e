/** An HR file at a path (WEAVER_DEPARTMENTS_FILE), imported again whenever its date changes (the hourly job). */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { lastDepartmentRead } from '../store/departmentReads';
import type { Services } from './context';
import { importDepartmentsCsv } from './departments';

/** Imports WEAVER_DEPARTMENTS_FILE when it is new or its date changed since the last import. */
export async function importDepartmentsFileIfChanged(
  services: Services,
  teamId: string,
): Promise<'imported' | 'unchanged' | 'missing'> {
  const path = services.config.departmentsFile;
  if (!path) return 'missing';
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) {
    services.logger.warn({ teamId, path }, 'departments: WEAVER_DEPARTMENTS_FILE is not a readable file');
    return 'missing';
  }
  const last = await lastDepartmentRead(services.db, teamId, 'csv');
  if (last?.fileName === basename(path) && last.fileModifiedAt?.getTime() === info.mtime.getTime()) return 'unchanged';
  const client = await services.slackFor(teamId);
  const result = await importDepartmentsCsv(services, teamId, await readFile(path, 'utf8'), client, {
    name: basename(path),
    modifiedAt: info.mtime,
  });
  const problems = [
    ...result.bad.map((b) => `line ${b.line}: ${b.reason}`),
    ...result.unknown.map((u) => `line ${u.line}: no person "${u.id}" in this workspace`),
  ];
  services.logger.info(
    { teamId, path, applied: result.matched, changed: result.changed, skipped: problems.length },
    'departments: HR file imported',
  );
  if (problems.length)
    services.logger.warn({ teamId, path, problems: problems.slice(0, 50) }, 'departments: HR file rows skipped');
  return 'imported';
}

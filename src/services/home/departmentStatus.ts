/** Where the lead view says departments come from, and how far the profile-field back-fill is. */
import type { Settings } from '../../domain/settings';
import { lastDepartmentRead } from '../../store/departmentReads';
import type { DepartmentStatus } from '../../views/home/leadView';
import type { Services } from '../context';
import { profileBackfillProgress } from '../profileBackfill';

export async function departmentStatus(
  services: Services,
  teamId: string,
  settings: Settings,
): Promise<DepartmentStatus | null> {
  const kind = settings.departmentSource.kind;
  if (kind === 'profile_field') {
    const p = await profileBackfillProgress(services, teamId);
    // Only while reading: once every profile is read, the report's coverage says the rest.
    if (!p.people || p.read >= p.people) return null;
    return { kind: 'profile_backfill', read: p.read, known: p.known, people: p.people, minutesLeft: p.minutesLeft };
  }
  if (kind === 'csv') {
    const read = await lastDepartmentRead(services.db, teamId, 'csv');
    return read
      ? { kind: 'file', fileName: read.fileName, fileDate: read.fileModifiedAt, importedAt: read.readAt }
      : null;
  }
  if (kind === 'scim') {
    const read = await lastDepartmentRead(services.db, teamId, 'scim');
    return read ? { kind: 'scim', readAt: read.readAt } : null;
  }
  return null;
}

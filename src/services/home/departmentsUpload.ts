/**
 * The departments file a lead uploads in Settings (a `file_input`): downloaded from Slack with the
 * bot token (files.info → url_private_download), checked row by row with the same reader as
 * `weaver departments import`, and applied only when every row is good and names a known person.
 */
import type { WebClient } from '@slack/web-api';
import type { UploadOutcome, UploadProblem } from '../../views/departmentsUpload';
import type { Services } from '../context';
import { importDepartmentsCsv } from '../departments';
import { isLead } from './access';

export const MAX_FILE_MB = 5;

interface SlackFile {
  name?: string;
  size?: number;
  created?: number;
  url_private_download?: string;
}

/** Checks the uploaded file and applies it when valid; the outcome says what to show the lead. */
export async function applyUploadedDepartments(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  fileId: string,
): Promise<UploadOutcome> {
  if (!(await isLead(services, teamId, userId))) return { kind: 'notLead' };
  const { file } = (await client.files.info({ file: fileId })) as { file?: SlackFile };
  const fileName = file?.name ?? 'the file';
  if ((file?.size ?? 0) > MAX_FILE_MB * 1024 * 1024) return { kind: 'tooLarge', fileName, maxMb: MAX_FILE_MB };
  if (!file?.url_private_download) return { kind: 'unreadable', fileName };
  const res = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${client.token}` } }).catch(
    () => null,
  );
  if (!res?.ok) {
    services.logger.warn({ teamId, status: res?.status }, 'departments upload: download failed');
    return { kind: 'unreadable', fileName };
  }
  const csv = await res.text();
  const modifiedAt = file.created ? new Date(file.created * 1000) : null;
  const result = await importDepartmentsCsv(
    services,
    teamId,
    csv,
    client,
    { name: fileName, modifiedAt },
    { onlyIfAllValid: true },
  );
  const problems: UploadProblem[] = [
    ...result.bad.map((b) => ({ line: b.line, kind: 'bad' as const, reason: b.reason })),
    ...result.unknown.map((u) => ({ line: u.line, kind: 'unknown' as const, id: u.id })),
  ].sort((a, b) => a.line - b.line);
  if (problems.length) return { kind: 'invalid', fileName, problems };
  if (!result.matched) return { kind: 'empty', fileName };
  services.logger.info({ teamId, userId, rows: result.matched, changed: result.changed }, 'departments file applied');
  return { kind: 'applied', fileName, rows: result.matched };
}

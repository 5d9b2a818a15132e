/**
 * A Slack export a lead uploads in Settings (a `file_input`), for small exports: downloaded from
 * Slack with the bot token (files.info → url_private_download) into a temporary folder, at most
 * MAX_EXPORT_MB, and loaded with the same reader and import as `weaver import` (idempotent: the same
 * file uploaded again changes nothing). A file that is too large or is not a Slack export is refused
 * before anything is written.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WebClient } from '@slack/web-api';
import { ArchiveLimitError } from '../../import/archiveLimits';
import { ExportFormatError } from '../../import/slackExport';
import { settingsFor } from '../../store/settings';
import {
  exportLoadedMessage,
  exportLoadingModal,
  exportUploadResult,
  type ExportOutcome,
} from '../../views/exportUpload';
import type { Services } from '../context';
import { importSlackExport } from '../exportImport';
import { dmChannel, isLead } from './access';

/** Larger exports are loaded on the server with `weaver import` (no upload limit, a progress bar). */
export const MAX_EXPORT_MB = 25;
/** A zip of MAX_EXPORT_MB may unpack to at most this much (JSON compresses about 10:1; a zip bomb stops). */
const MAX_UNPACKED_BYTES = 40 * MAX_EXPORT_MB * 1024 * 1024;

interface SlackFile {
  name?: string;
  size?: number;
  url_private_download?: string;
}

class TooLarge extends Error {}

/**
 * The submitted upload form, after Slack has been answered: the modal shows the day files read (at
 * each quarter), then the result; a loaded export is also told in a DM, as the lead may have closed
 * the modal.
 */
export async function loadExportFromSettings(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  fileId: string,
  viewId: string,
): Promise<ExportOutcome> {
  const show = (view: ReturnType<typeof exportLoadingModal>) =>
    client.views
      .update({ view_id: viewId, view })
      .catch((err) => services.logger.warn({ err: (err as Error).message }, 'export upload: modal update failed'));
  let shownQuarter = 0;
  const outcome = await loadUploadedExport(services, client, teamId, userId, fileId, (done, total) => {
    const quarter = Math.floor((4 * done) / Math.max(total, 1));
    if (quarter <= shownQuarter || done >= total) return;
    shownQuarter = quarter;
    void show(exportLoadingModal(done, total));
  }).catch((err: Error) => {
    services.logger.error({ teamId, err: err.message }, 'export upload failed');
    return { kind: 'unreadable' as const, fileName: 'the file' };
  });
  await show(exportUploadResult(outcome, MAX_EXPORT_MB));
  if (outcome.kind === 'loaded') {
    const message = exportLoadedMessage(outcome);
    await client.chat
      .postMessage({ channel: await dmChannel(client, userId), ...message })
      .catch((err) => services.logger.warn({ err: (err as Error).message }, 'export upload: DM failed'));
  }
  return outcome;
}

/** Downloads the uploaded export and loads it; the outcome says what to show the lead. */
export async function loadUploadedExport(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
  fileId: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportOutcome> {
  if (!(await isLead(services, teamId, userId))) return { kind: 'notLead' };
  const { file } = (await client.files.info({ file: fileId })) as { file?: SlackFile };
  // The name keys the import's record of day files done, so the same export uploaded again is skipped.
  const fileName = basename(file?.name ?? 'export.zip').replace(/[^\w.\- ]/g, '_') || 'export.zip';
  const maxBytes = MAX_EXPORT_MB * 1024 * 1024;
  if ((file?.size ?? 0) > maxBytes) return { kind: 'tooLarge', fileName, maxMb: MAX_EXPORT_MB };
  if (!file?.url_private_download) return { kind: 'unreadable', fileName };
  const dir = await mkdtemp(join(tmpdir(), 'weaver-export-upload-'));
  try {
    const path = join(dir, fileName);
    const downloaded = await download(file.url_private_download, client.token ?? '', path, maxBytes).catch((err) => {
      if (err instanceof TooLarge) return 'tooLarge' as const;
      services.logger.warn({ teamId, err: (err as Error).message }, 'export upload: download failed');
      return 'failed' as const;
    });
    if (downloaded === 'tooLarge') return { kind: 'tooLarge', fileName, maxMb: MAX_EXPORT_MB };
    if (downloaded === 'failed') return { kind: 'unreadable', fileName };
    const result = await importSlackExport(services, teamId, path, {
      maxTotalBytes: MAX_UNPACKED_BYTES,
      maxEntryBytes: MAX_UNPACKED_BYTES,
      onProgress,
    }).catch((err: Error) => {
      if (err instanceof ExportFormatError || err instanceof ArchiveLimitError) return err;
      throw err;
    });
    if (result instanceof Error) return { kind: 'invalid', fileName, reason: result.message };
    const { retentionDays } = await settingsFor(services.db, teamId);
    services.logger.info(
      { teamId, userId, interactions: result.interactionsAdded, dayFiles: result.dayFilesRead },
      'export upload loaded',
    );
    return { kind: 'loaded', fileName, ...result, retentionDays };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Streams a private Slack file to `path`, stopping past `maxBytes` (Slack's stated size may be wrong). */
async function download(url: string, token: string, path: string, maxBytes: number): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new TooLarge() : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), cap, createWriteStream(path));
}

/**
 * `weaver import EXPORT.zip`: a Slack workspace export loaded into the live database, so a new
 * install has its past (a 90-day report on day one) without `conversations.history`. The same
 * reader as `weaver analyze` (src/import/slackExport.ts); each message becomes the same ledger
 * sources as a live event or a sync (src/services/interactionSources.ts), so a message counted by
 * the export, a sync and an event is counted once, and a second import changes nothing. People,
 * channels and memberships Weaver already knows from Slack are kept as they are; the export only
 * adds what is missing. Day files already counted are recorded, so an interrupted import resumes.
 * Interactions older than the retention window are not loaded (retention would delete them).
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { readSlackExport, type ProgressFn, type ReadExportOptions } from '../import/slackExport';
import {
  addMissingChannels,
  addMissingMembers,
  membershipsIfNone,
  importedDayFiles,
  markDayFileImported,
} from '../store/exportImports';
import { type InteractionSource, recordInteractions } from '../store/interactions';
import { allBotIds } from '../store/members';
import { settingsFor } from '../store/settings';
import { recomputeChannelKinds } from './channelKinds';
import type { ExportCounts } from '../views/exportUpload';
import type { Services } from './context';
import { allSources } from './interactionSources';
import { isoDayBefore } from '../domain/format';

export interface ExportImportResult extends ExportCounts {
  problems: string[];
  warnings: string[];
}

export interface ExportImportOptions extends Pick<ReadExportOptions, 'maxEntryBytes' | 'maxTotalBytes'> {
  onProgress?: ProgressFn;
  /** stop after this many day files (tests: an interrupted import) */
  stopAfterDayFiles?: number;
}

class Stopped extends Error {}

export async function importSlackExport(
  services: Services,
  teamId: string,
  path: string,
  opts: ExportImportOptions = {},
): Promise<ExportImportResult> {
  const { db } = services;
  const info = await stat(path);
  const exportKey = `${basename(path.replace(/\/+$/, ''))}:${info.isDirectory() ? 'dir' : info.size}`;
  const done = await importedDayFiles(db, teamId, exportKey);
  const { retentionDays } = await settingsFor(db, teamId);
  const oldestDay = isoDayBefore(services.now(), retentionDays);
  const result: ExportImportResult = {
    people: 0,
    peopleAdded: 0,
    channels: 0,
    channelsAdded: 0,
    membershipsAdded: 0,
    interactionsAdded: 0,
    dayFilesRead: 0,
    dayFilesSkipped: 0,
    olderThanRetention: 0,
    problems: [],
    warnings: [],
  };
  const bots = await allBotIds(db, teamId);
  const isBot = (id: string) => bots.has(id);
  const now = services.now();
  let pending: InteractionSource[] = [];
  const flush = async () => {
    if (!pending.length) return;
    result.interactionsAdded += await recordInteractions(db, teamId, pending);
    pending = [];
  };
  let filesRead = 0;
  let exported: Awaited<ReturnType<typeof readSlackExport>> | undefined;
  try {
    exported = await readSlackExport(path, {
      maxEntryBytes: opts.maxEntryBytes,
      maxTotalBytes: opts.maxTotalBytes,
      onProgress: opts.onProgress,
      onPeopleAndChannels: async (users, channels) => {
        for (const u of users) if (u.isBot) bots.add(u.id);
        result.people = users.length;
        result.channels = channels.length;
        result.peopleAdded = await addMissingMembers(
          db,
          teamId,
          users.map((u) => ({ userId: u.id, name: u.name, isBot: u.isBot, isDeleted: u.deleted })),
          now,
        );
        result.channelsAdded = (
          await addMissingChannels(
            db,
            teamId,
            channels.map((c) => ({
              channelId: c.id,
              name: c.name,
              creator: c.creator,
              created: c.created,
              purpose: c.purpose,
              topic: c.topic,
            })),
            now,
          )
        ).length;
        for (const c of channels) {
          result.membershipsAdded += await membershipsIfNone(
            db,
            teamId,
            c.id,
            c.members,
            c.created ? new Date(c.created) : now,
            now,
          );
        }
      },
      onMessage: async ({ channelId, message, dayFile, parentAuthor }) => {
        if (dayFile && done.has(dayFile)) return;
        const sources = allSources(channelId, message, { isBot, parentAuthor });
        for (const s of sources) {
          if (s.day < oldestDay) result.olderThanRetention += 1;
          else pending.push(s);
        }
        if (pending.length >= 2000) await flush();
      },
      onDayFileDone: async (dayFile) => {
        if (done.has(dayFile)) {
          result.dayFilesSkipped += 1;
          return;
        }
        await flush();
        await markDayFileImported(db, teamId, exportKey, dayFile, services.now());
        filesRead += 1;
        if (opts.stopAfterDayFiles !== undefined && filesRead >= opts.stopAfterDayFiles) throw new Stopped();
      },
    });
  } catch (err) {
    if (!(err instanceof Stopped)) throw err;
  }
  await flush();
  result.dayFilesRead = filesRead;
  if (!exported) return result; // stopped part-way: the next run resumes
  result.problems = exported.problems;
  result.warnings = exported.warnings;
  if (result.channelsAdded || result.membershipsAdded || result.peopleAdded || result.interactionsAdded)
    await recomputeChannelKinds(services, teamId, undefined, { countTalk: true });
  return result;
}

/**
 * Uploading a Slack export from Settings (small exports; larger ones with `weaver import` on the
 * server): the modal with a `file_input`, what it says while the export loads, the result, and the
 * DM the lead gets when it is done. Pure.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { CALLBACKS } from './actionIds';
import { context, section } from './blocks';
import { LIMITS, clamp, escapeMrkdwn } from './limits';

export const EXPORT_BLOCK = 'slack_export';
export const EXPORT_ACTION = 'file';
/** problems and warnings listed; the rest are counted */
export const MAX_NOTES_SHOWN = 10;

/** What loading an export counted (services/exportImport.ts returns these, with its notes). */
export interface ExportCounts {
  people: number;
  peopleAdded: number;
  channels: number;
  channelsAdded: number;
  membershipsAdded: number;
  /** interactions counted now (0 on a second run) */
  interactionsAdded: number;
  /** day files read in this run, and skipped because an earlier run counted them */
  dayFilesRead: number;
  dayFilesSkipped: number;
  /** messages older than the retention window, not loaded */
  olderThanRetention: number;
}

export interface ExportLoaded extends ExportCounts {
  fileName: string;
  retentionDays: number;
  /** day files or entries that could not be read (the rest was loaded) */
  problems: string[];
}

export type ExportOutcome =
  | ({ kind: 'loaded' } & ExportLoaded)
  | { kind: 'invalid'; fileName: string; reason: string }
  | { kind: 'tooLarge'; fileName: string; maxMb: number }
  | { kind: 'unreadable'; fileName: string }
  | { kind: 'notLead' };

const plain = (text: string) => ({ type: 'plain_text' as const, text: clamp(text, LIMITS.modalTitle) });
const n = (x: number) => x.toLocaleString('en-US');
const TITLE = 'Slack export';

const explain = (maxMb: number) =>
  `Upload the Slack export an admin downloaded (*Workspace settings → Import/Export data*), a .zip of up to ${maxMb} MB. ` +
  'Weaver loads the people, channels and who is in them, and counts who replied to, mentioned and reacted to whom ' +
  '(never what was written), so the report has the past at once. A larger export is loaded on the server with ' +
  '`weaver import EXPORT.zip`.';
const PROMISE =
  'Safe to upload again: nothing is counted twice, and what Slack already told Weaver is kept. ' +
  'A file that is not a Slack export changes nothing.';

function exportInput(): KnownBlock {
  return {
    type: 'input',
    block_id: EXPORT_BLOCK,
    label: { type: 'plain_text', text: 'Slack export (.zip)' },
    element: { type: 'file_input', action_id: EXPORT_ACTION, filetypes: ['zip'], max_files: 1 },
  } as KnownBlock;
}

function view(blocks: KnownBlock[], opts: { submit?: string; close: string }): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.exportUploadModal,
    title: plain(TITLE),
    ...(opts.submit ? { submit: plain(opts.submit) } : {}),
    close: plain(opts.close),
    blocks,
  };
}

/** The upload form. */
export function exportUploadModal(maxMb: number): ModalView {
  return view([section(explain(maxMb)), exportInput(), context(PROMISE)], { submit: 'Load', close: 'Back' });
}

/** Shown at once, then with the day files read so far (the lead may close it: a DM says when it is done). */
export function exportLoadingModal(done?: number, total?: number): ModalView {
  const so = total ? ` ${n(done ?? 0)} of ${n(total)} day files read.` : '';
  return view(
    [
      section(`:hourglass_flowing_sand: Loading the export…${so}`),
      context('You can close this: Weaver sends you a message when it is done.'),
    ],
    { close: 'Close' },
  );
}

/** What the export added, in a few lines (the modal and the DM say the same). */
export function exportLoadedText(r: ExportLoaded): string {
  const lines = [
    `:white_check_mark: *${escapeMrkdwn(r.fileName)}* is loaded.`,
    `• People: ${n(r.people)} (${n(r.peopleAdded)} new). Channels: ${n(r.channels)} (${n(r.channelsAdded)} new). Channel memberships added: ${n(r.membershipsAdded)}.`,
    `• Interactions counted: ${n(r.interactionsAdded)} from ${n(r.dayFilesRead)} day files${r.dayFilesSkipped ? ` (${n(r.dayFilesSkipped)} day files were loaded before and counted once)` : ''}.`,
  ];
  if (r.interactionsAdded === 0 && r.dayFilesSkipped && !r.dayFilesRead)
    lines.push('• This export was loaded before: nothing changed.');
  if (r.olderThanRetention)
    lines.push(
      `• ${n(r.olderThanRetention)} interactions older than ${r.retentionDays} days (the retention setting) were left out.`,
    );
  return clamp(lines.join('\n'), LIMITS.sectionText);
}

function notesText(problems: string[]): string | null {
  if (!problems.length) return null;
  const shown = problems.slice(0, MAX_NOTES_SHOWN).map((p) => `• could not read ${escapeMrkdwn(p)}`);
  const more = problems.length - shown.length;
  return clamp(`${shown.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`, LIMITS.sectionText);
}

const NEXT = 'The next report includes the past conversations: press *Refresh report* in the Home tab to see it now.';

/** The modal once the export is loaded, or why nothing was changed (and the form again). */
export function exportUploadResult(outcome: ExportOutcome, maxMb: number): ModalView {
  const again = (why: string) =>
    view([section(why), exportInput(), context(PROMISE)], { submit: 'Load', close: 'Back' });
  switch (outcome.kind) {
    case 'loaded': {
      const notes = notesText(outcome.problems);
      return view([section(exportLoadedText(outcome)), ...(notes ? [section(notes)] : []), context(NEXT)], {
        close: 'Done',
      });
    }
    case 'invalid':
      return again(
        clamp(
          `*Nothing was changed:* *${escapeMrkdwn(outcome.fileName)}* is not a Slack export Weaver can read (${escapeMrkdwn(outcome.reason)}).`,
          LIMITS.sectionText,
        ),
      );
    case 'tooLarge':
      return again(
        `*Nothing was changed:* *${escapeMrkdwn(outcome.fileName)}* is larger than ${maxMb} MB. ` +
          'Load it on the server with `weaver import EXPORT.zip`.',
      );
    case 'unreadable':
      return again(
        `*Nothing was changed:* Weaver could not download *${escapeMrkdwn(outcome.fileName)}* from Slack. Please try again.`,
      );
    case 'notLead':
      return view([section('Only leads can load a Slack export, so nothing was changed.')], { close: 'Close' });
  }
}

/** The DM to the lead when the export is loaded (the modal may have been closed). */
export function exportLoadedMessage(r: ExportLoaded): { text: string; blocks: KnownBlock[] } {
  const notes = notesText(r.problems);
  return {
    text: clamp(`${r.fileName} is loaded: ${n(r.interactionsAdded)} interactions counted.`, LIMITS.sectionText),
    blocks: [section(exportLoadedText(r)), ...(notes ? [section(notes)] : []), context(NEXT)],
  };
}

/** The field error when the form is submitted without a file. */
export const NO_EXPORT = 'Choose a Slack export (.zip) to upload.';

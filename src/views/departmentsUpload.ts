/**
 * Uploading the HR departments file from Settings: the modal with a `file_input`, what it says while
 * the file is checked, the line-numbered problems when nothing was applied, and the result. Pure.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { CALLBACKS } from './actionIds';
import { context, section } from './blocks';
import { LIMITS, clamp, escapeMrkdwn } from './limits';

export const UPLOAD_BLOCK = 'departments_file';
export const UPLOAD_ACTION = 'file';
/** problems listed in the modal; the rest are counted */
export const MAX_PROBLEMS_SHOWN = 25;

/** What was wrong with one line of the file. */
export type UploadProblem =
  | { line: number; kind: 'bad'; reason: string }
  | { line: number; kind: 'unknown'; id: string };

export type UploadOutcome =
  | { kind: 'applied'; fileName: string; rows: number }
  | { kind: 'invalid'; fileName: string; problems: UploadProblem[] }
  | { kind: 'empty'; fileName: string }
  | { kind: 'tooLarge'; fileName: string; maxMb: number }
  | { kind: 'unreadable'; fileName: string }
  | { kind: 'notLead' };

const plain = (text: string) => ({ type: 'plain_text' as const, text: clamp(text, LIMITS.modalTitle) });

const EXPLAIN =
  'Upload a CSV file from HR with one row per person: `id,department` (a first row `id,department` is fine). ' +
  'The id is a Slack member ID, an e-mail address or a Slack username.';
const PROMISE =
  'Weaver checks every row first. If any row has a problem, nothing changes and you see which lines to fix. ' +
  'Once the file is applied, departments come from it until you upload a new one or choose another source.';

const problemText = (p: UploadProblem): string =>
  p.kind === 'bad'
    ? `line ${p.line}: ${escapeMrkdwn(p.reason)}`
    : `line ${p.line}: nobody in this workspace is "${escapeMrkdwn(p.id)}" (a new person appears after the next sync)`;

function uploadInput(): KnownBlock {
  return {
    type: 'input',
    block_id: UPLOAD_BLOCK,
    label: { type: 'plain_text', text: 'Departments file (CSV)' },
    element: { type: 'file_input', action_id: UPLOAD_ACTION, filetypes: ['csv', 'txt'], max_files: 1 },
  } as KnownBlock;
}

function uploadView(blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.departmentsUploadModal,
    title: plain('Departments file'),
    submit: plain('Check and apply'),
    close: plain('Back'),
    blocks,
  };
}

/** The upload form. */
export function departmentsUploadModal(): ModalView {
  return uploadView([section(EXPLAIN), uploadInput(), context(PROMISE)]);
}

/** Shown at once while the file is downloaded and checked (Slack wants an answer within 3 seconds). */
export function departmentsCheckingModal(): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.departmentsUploadModal,
    title: plain('Departments file'),
    close: plain('Back'),
    blocks: [section(':hourglass_flowing_sand: Checking the file… this takes a few seconds.')],
  };
}

/** What the lead reads once the file was checked: applied, or why not (and the form again). */
export function departmentsUploadResult(outcome: UploadOutcome): ModalView {
  const again = (why: KnownBlock[]) => uploadView([...why, uploadInput(), context(PROMISE)]);
  switch (outcome.kind) {
    case 'applied':
      return {
        type: 'modal',
        callback_id: CALLBACKS.departmentsUploadModal,
        title: plain('Departments file'),
        close: plain('Done'),
        blocks: [
          section(
            `:white_check_mark: *${escapeMrkdwn(outcome.fileName)}* is applied to ${outcome.rows} ${outcome.rows === 1 ? 'person' : 'people'}. ` +
              'Departments now come from this file.',
          ),
          context('The next report uses these departments. Upload a new file whenever HR sends one.'),
        ],
      };
    case 'invalid': {
      const shown = outcome.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `• ${problemText(p)}`);
      const more = outcome.problems.length - shown.length;
      const lines = `${shown.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`;
      return again([
        section(
          `*Nothing was changed.* ${outcome.problems.length === 1 ? 'One line' : `${outcome.problems.length} lines`} of *${escapeMrkdwn(outcome.fileName)}* need fixing:`,
        ),
        section(lines),
        context('Fix them in the file and upload it again.'),
      ]);
    }
    case 'empty':
      return again([section(`*Nothing was changed:* *${escapeMrkdwn(outcome.fileName)}* has no rows.`)]);
    case 'tooLarge':
      return again([
        section(`*Nothing was changed:* *${escapeMrkdwn(outcome.fileName)}* is larger than ${outcome.maxMb} MB.`),
      ]);
    case 'unreadable':
      return again([
        section(
          `*Nothing was changed:* Weaver could not download *${escapeMrkdwn(outcome.fileName)}* from Slack. Please try again.`,
        ),
      ]);
    case 'notLead':
      return {
        type: 'modal',
        callback_id: CALLBACKS.departmentsUploadModal,
        title: plain('Departments file'),
        close: plain('Close'),
        blocks: [section('Only leads can change where departments come from, so nothing was changed.')],
      };
  }
}

/** The field error when the form is submitted without a file. */
export const NO_FILE = 'Choose a CSV file to upload.';

/**
 * Short replies from the Slack listeners that belong to no one view: what a person reads when a
 * click or a command failed on Weaver's side (nothing they did wrong, nothing lost: try again), and
 * the `/weaver` command's own answers. The listeners pick one; the words live here. Pure.
 */
import { isoDay } from '../domain/format';

/** A date Slack shows in the reader's own locale ("December 6th, 2026"), with YYYY-MM-DD where it cannot. */
export const slackDate = (d: Date): string => `<!date^${Math.floor(d.getTime() / 1000)}^{date_long}|${isoDay(d)}>`;

export const FAILED = {
  /** an introduction button (accept, not now, pause, did you meet?) */
  introAnswer: 'Something went wrong while saving your answer. Please try again in a minute.',
  /** "Never suggest again", "I'm back" */
  introChoice: 'Something went wrong. Please try again in a minute.',
  /** a Home tab button, as an ephemeral note in the person's DM */
  homeAction: 'Sorry, that did not work. Please try again in a minute.',
  /** pause / resume / opt-out buttons, as a DM */
  preference: 'Sorry, that did not work. Please try again, or use `/weaver help`.',
  /** the passion prompt's buttons */
  passionPrompt: 'Sorry, something went wrong on my side. Please try again in a moment, or use `/weaver passions`.',
  /** the passions modal could not be read */
  passionsModalUnreadable: 'Slack sent something I could not read. Please try again.',
  /** the passions modal could not be saved */
  passionsModalSave: 'Sorry, I could not save this just now. Please try again in a moment.',
} as const;

/** `/weaver <name>` failed on Weaver's side. */
export const commandFailed = (name: string): string =>
  `Sorry, \`/weaver ${name}\` did not work just now. Please try again in a moment.`;

/** The `/weaver` payload could not be read (shown above the help). */
export const COMMAND_UNREADABLE = 'Slack sent a command I could not read.';

/** An unknown subcommand (shown above the help). */
export const unknownSubcommand = (given: string): string => `I don’t know \`${given.slice(0, 40)}\`.`;

/** `/weaver pause <what>` that is not a duration (shown above the help). */
export const pauseNotUnderstood = (given: string): string =>
  `I didn’t understand \`${given}\` as a pause: try \`2w\`, \`3d\` or \`1m\` (up to a year).`;

/** `/weaver mydata`, while the file is being put together. */
export const MY_DATA_ON_ITS_WAY = 'I’m sending you a file with everything Weaver stores about you, in our DM.';

/** The title of the `/weaver mydata` file. */
export const MY_DATA_FILE_TITLE = 'What Weaver stores about you';

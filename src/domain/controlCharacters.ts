/**
 * C0 and C1 control characters (ESC, BEL, newlines…). Names come from people (Slack profiles, CSV
 * files, exports): they are stripped before any output, so none reaches a terminal, a spreadsheet
 * or a chart raw. One definition for the importers and the report renderers.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** The text without control characters. */
export const stripControls = (s: string): string => s.replace(CONTROL_CHARACTERS, '');

/**
 * Names in reports come from people (department names edited in profiles, channel names, CSV
 * files), so every output cleans them: control characters (ESC, BEL, newlines…) are removed, which
 * keeps terminals, HTML/SVG (XML forbids most of them: the PNG renderer failed on an ESC) and CSV
 * safe; CSV cells that a spreadsheet would run as a formula are neutralised (OWASP CSV injection).
 */

import { stripControls } from '../domain/controlCharacters';

export { stripControls };

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A CSV cell a spreadsheet shows as text: a cell starting with =, +, -, @, tab or carriage return
 * gets a leading ' (OWASP), except a plain number such as -0.25. Control characters are removed.
 */
export function safeCsvCell<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  if (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) return `'${stripControls(value)}`;
  return stripControls(value);
}

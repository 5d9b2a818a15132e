/** An error a person can act on: printed as its message alone, never as a stack trace. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode = 2) {
    super(message);
    this.name = 'CliError';
  }
}

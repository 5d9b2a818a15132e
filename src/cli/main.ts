/**
 * The `weaver` command line. Each subcommand lives in src/cli/commands/ and exports
 * `summary` and `run(argv)`. Configuration and usage mistakes print a clear message, no stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../config';
import { CliError } from './errors';
import * as departments from './commands/departments';
import * as analyze from './commands/analyze';
import * as demo from './commands/demo';
import * as migrate from './commands/migrate';
import * as report from './commands/report';
import * as passions from './commands/passions';
import * as round from './commands/round';
import * as simulate from './commands/simulate';
import * as start from './commands/start';
import * as sync from './commands/sync';
import * as keys from './commands/keys';
import * as workspace from './commands/workspace';

interface Command {
  summary: string;
  run(argv: string[]): Promise<void>;
}

export const commands: Record<string, Command> = {
  start,
  migrate,
  sync,
  departments,
  analyze,
  demo,
  report,
  passions,
  round,
  simulate,
  keys,
  workspace,
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    'Usage: weaver <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `weaver <command> --help` for its options. Configuration: see README.md#configuration.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  // A .env file in the working directory fills in variables not already set (never overrides).
  if (existsSync('.env')) loadEnvFileQuietly('.env');
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`weaver: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`weaver: ${err.message}\n\nSee README.md, section "Slack setup" and "Configuration".`);
      return 2;
    }
    if (err instanceof CliError) {
      console.error(`weaver ${name}: ${err.message}`);
      return err.exitCode;
    }
    console.error(`weaver ${name}: ${(err as Error).message ?? String(err)}`);
    if (process.env.LOG_LEVEL === 'debug') console.error((err as Error).stack);
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('weaver.cjs')) {
  main(process.argv.slice(2)).then((code) => {
    if (code !== 0 || process.argv[2] !== 'start') process.exit(code);
  });
}

function loadEnvFileQuietly(file: string): void {
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const value = m[2].replace(/^(['"])(.*)\1$/, '$2');
    if (process.env[m[1]] === undefined && value !== '') process.env[m[1]] = value;
  }
}

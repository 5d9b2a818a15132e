/**
 * The `weaver` command line. Each subcommand lives in src/cli/commands/ and exports `run(argv)`;
 * its module is loaded only when it runs, so `weaver --help` does not load Bolt, knex or pg.
 * bin/weaver.cjs calls `runCli` (never decide "am I main" from argv[1]: npm starts bins through links).
 * Configuration and usage mistakes print a clear message, no stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { version } from '../../package.json';
import { type CliError, closestName, describeError, isErrorNamed } from './errors';

interface Command {
  summary: string;
  /** require(), not import(): the compiled build and the tsx fallback (bin/weaver.cjs) both load CommonJS. */
  load(): Promise<{ run(argv: string[]): Promise<void> }>;
}

export const commands: Record<string, Command> = {
  start: {
    summary: 'run the Slack app (embedded PostgreSQL unless DATABASE_URL is set)',
    load: async () => require('./commands/start'),
  },
  migrate: { summary: 'apply database migrations and exit', load: async () => require('./commands/migrate') },
  sync: {
    summary: 'read people, departments, channels, members and recent history from Slack (resumable)',
    load: async () => require('./commands/sync'),
  },
  departments: {
    summary: 'set departments from a CSV file: `weaver departments import FILE.csv` (id,department)',
    load: async () => require('./commands/departments'),
  },
  import: {
    summary: 'load a Slack export (zip or folder) into the live database: the past on day one (idempotent, resumable)',
    load: async () => require('./commands/import'),
  },
  analyze: {
    summary: 'silo report from a Slack export (zip or folder) or a ties CSV, no Slack needed',
    load: async () => require('./commands/analyze'),
  },
  demo: {
    summary: 'generate an organisation with planted silos, write it as a Slack export and analyse it',
    load: async () => require('./commands/demo'),
  },
  report: {
    summary: "silo report of the live workspace in the database (stored as today's snapshot)",
    load: async () => require('./commands/report'),
  },
  passions: {
    summary: 'passion prompt participation (stats) and the tag synonym table (synonym, synonyms)',
    load: async () => require('./commands/passions'),
  },
  round: {
    summary: 'show the introductions the next round would propose (--dry-run [--people] [--team T…])',
    load: async () => require('./commands/round'),
  },
  simulate: {
    summary: "what Weaver's introductions would do to the silos, against random pairing (no Slack needed)",
    load: async () => require('./commands/simulate'),
  },
  keys: {
    summary: 'keys rotate --new-key KEY: re-encrypt every stored token with a new WEAVER_ENCRYPTION_KEY',
    load: async () => require('./commands/keys'),
  },
  workspace: {
    summary: "workspace delete TEAM_ID: delete a workspace's installation and all its data now",
    load: async () => require('./commands/workspace'),
  },
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
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(`weaver ${version}`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const near = closestName(name, Object.keys(commands));
    console.error(
      `weaver: unknown command "${name}"${near ? ` (did you mean weaver ${near}?)` : ''}; weaver --help lists the commands`,
    );
    return 2;
  }
  try {
    await (await command.load()).run(rest);
    return 0;
  } catch (err) {
    if (isErrorNamed(err, 'ConfigError')) {
      console.error(`weaver: ${err.message}\n\nSee README.md, section "Slack setup" and "Configuration".`);
      return 2;
    }
    if (isErrorNamed(err, 'CliError')) {
      console.error(`weaver ${name}: ${err.message}`);
      return (err as CliError).exitCode;
    }
    console.error(`weaver ${name}: ${describeError(err)}`);
    if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) console.error(err.stack);
    return 1;
  }
}

/** The bin's entry point: runs `main` and exits with its code, except while `weaver start` serves. */
export async function runCli(argv: string[]): Promise<void> {
  const code = await main(argv);
  if (code !== 0 || argv[0] !== 'start') process.exit(code);
}

function loadEnvFileQuietly(file: string): void {
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const value = m[2].replace(/^(['"])(.*)\1$/, '$2');
    if (process.env[m[1]] === undefined && value !== '') process.env[m[1]] = value;
  }
}

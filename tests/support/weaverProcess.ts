/** Running the real `weaver` bin as a child process, as an operator would, for end-to-end tests. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { TEST_SIGNING_SECRET } from './signedRequests';
import { TEST_BOT_TOKEN } from './testApp';

export const WEAVER_BIN = path.resolve(__dirname, '../../bin/weaver.cjs');

/** A clean environment for `weaver start` against the fake Slack, on `port`, with its data in `dataDir`. */
export function weaverEnv(opts: {
  slackUrl: string;
  port: number;
  dataDir: string;
  scheduler?: 'on' | 'off';
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: opts.slackUrl,
    PORT: String(opts.port),
    WEAVER_DATA_DIR: opts.dataDir,
    ...(opts.scheduler ? { WEAVER_SCHEDULER: opts.scheduler } : {}),
    LOG_LEVEL: 'info',
    ...opts.extra,
  };
}

/** The postgres processes whose command line names `dir` (an embedded data folder): none once Weaver stopped. */
export function postgresProcessesUsing(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', dir], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('postgres'));
  } catch {
    return [];
  }
}

export interface WeaverChild {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
  /** 200 on /healthz with the database up, and start-up finished (so SIGTERM reaches the shutdown handler) */
  healthy(ms?: number): Promise<boolean>;
  health(): Promise<{ status: number; ms: number; body: { database?: string; journal?: { events: number } } }>;
}

/** `weaver start` as a child process on a free port, its output collected. */
export async function launchWeaver(env: (port: number) => NodeJS.ProcessEnv): Promise<WeaverChild> {
  const port = await freePort();
  const child = spawn(process.execPath, [WEAVER_BIN, 'start'], { env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const health = async () => {
    const t0 = Date.now();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, ms: Date.now() - t0, body: (await res.json()) as { database?: string } };
    } catch {
      return { status: 0, ms: Date.now() - t0, body: {} };
    }
  };
  return {
    child,
    port,
    output: () => out,
    exited,
    health,
    async healthy(ms = 60_000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && child.exitCode === null) {
        const h = await health();
        if (h.status === 200 && h.body.database === 'up' && out.includes('Weaver is running')) return true;
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    },
  };
}

/** Resident memory of a process in bytes (Linux /proc), 0 when unknown. */
export function residentBytes(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : 0;
  } catch {
    return 0;
  }
}

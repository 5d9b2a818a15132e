/** Running the real `weaver` bin as a child process, as an operator would, for end-to-end tests. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
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

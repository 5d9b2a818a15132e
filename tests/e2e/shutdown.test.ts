/**
 * Shutdown (issue 13, case 10): `weaver start` on an embedded data folder, stopped with SIGTERM 20
 * times in a row, each time while a Slack event is being handled and with the scheduler on. Every
 * run exits 0, logs no error, and leaves no postgres process behind.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { FakeSlack } from '../support/fakeSlack';
import { sendEvent } from '../support/signedRequests';
import { postgresProcessesUsing, WEAVER_BIN, weaverEnv } from '../support/weaverProcess';

const CYCLES = Number(process.env.SHUTDOWN_CYCLES ?? 20);

describe('weaver start stopped again and again', () => {
  it(
    `exits 0 with no error logged and no postgres left, ${CYCLES} times in a row`,
    async () => {
      const fake = await new FakeSlack().start();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'weaver-cycles-'));
      chmodSync(dir, 0o755);
      const failures: string[] = [];
      try {
        for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
          const port = await freePort();
          const child = spawn(process.execPath, [WEAVER_BIN, 'start'], {
            env: weaverEnv({ slackUrl: fake.url, port, dataDir: dir, scheduler: 'on' }),
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let logs = '';
          child.stdout.on('data', (d) => (logs += d));
          child.stderr.on('data', (d) => (logs += d));
          const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
          const deadline = Date.now() + 60_000;
          while (!logs.includes('Weaver is running') && child.exitCode === null && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
          }
          // An event in flight when the signal comes: it must be drained before the database stops.
          const event = { type: 'app_home_opened', user: `U0CYCLE${cycle}`, tab: 'home' };
          const inFlight = sendEvent(`http://127.0.0.1:${port}`, event);
          await new Promise((r) => setTimeout(r, (cycle * 37) % 400));
          child.kill('SIGTERM');
          const code = await exited;
          await inFlight.catch(() => undefined);
          const errors = logs.split('\n').filter((l) => /"level":(50|60)/.test(l) || /\n\s+at .+:\d+:\d+\)/.test(l));
          const left = postgresProcessesUsing(dir);
          if (code !== 0 || errors.length || left.length || !logs.includes('Weaver stopped')) {
            const found = `errors ${JSON.stringify(errors)}, postgres left ${JSON.stringify(left)}`;
            failures.push(`cycle ${cycle}: exit ${code}, ${found}`);
            for (const line of left) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
          }
        }
        expect(failures).toEqual([]);
      } finally {
        await fake.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    20 * 60_000,
  );
});

/**
 * `weaver start` as a person runs it: a child process, the embedded PostgreSQL, signals.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeSlack } from '../support/fakeSlack';
import { TEST_BOT_TOKEN } from '../support/testApp';
import { postgresProcessesUsing, WEAVER_BIN, weaverEnv } from '../support/weaverProcess';
import { freePort } from '../../src/db/embedded';

const bin = WEAVER_BIN;

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env;
}

describe('weaver start', () => {
  it('exits with a clear message naming the missing Slack variables, without a stack trace', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weaver-cfg-'));
    let out = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [bin, 'start'], {
        env: cleanEnv({ WEAVER_DATA_DIR: dir }),
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (err) {
      const e = err as { status: number; stderr: string; stdout: string };
      status = e.status;
      out = e.stderr + e.stdout;
    }
    rmSync(dir, { recursive: true, force: true });
    expect(status).toBe(2);
    expect(out).toContain('SLACK_SIGNING_SECRET: missing');
    expect(out).toContain('SLACK_BOT_TOKEN: missing');
    expect(out).toContain('README.md');
    expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it('names a malformed variable and what is wrong with it', () => {
    let out = '';
    try {
      execFileSync(process.execPath, [bin, 'start'], {
        env: cleanEnv({ SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 's', PORT: 'eighty' }),
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (err) {
      out = (err as { stderr: string }).stderr;
    }
    expect(out).toContain('SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"');
    expect(out).toContain('PORT: must be a port number');
  });

  it('starts an embedded PostgreSQL, serves /healthz, and stops everything cleanly on SIGTERM', async () => {
    const fake = await new FakeSlack().start();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weaver-start-'));
    require('node:fs').chmodSync(dir, 0o755);
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'start'], {
      env: weaverEnv({ slackUrl: fake.url, port, dataDir: dir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout.on('data', (d) => (logs += d));
    child.stderr.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      let health = 0;
      while (Date.now() < deadline) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (health === 200) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(health).toBe(200);
      expect(logs).toContain('embedded PostgreSQL started');
      expect(postgresProcessesUsing(dir).length).toBeGreaterThan(0);
      expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(logs).toContain('Weaver stopped');
      expect(postgresProcessesUsing(dir)).toEqual([]);
      expect(logs).not.toContain(TEST_BOT_TOKEN);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('SIGTERM to `npm start` (what docker stop does to CMD ["npm", "start"]) stops Weaver and its PostgreSQL: no orphans', async () => {
    const fake = await new FakeSlack().start();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weaver-npm-'));
    require('node:fs').chmodSync(dir, 0o755);
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: path.resolve(__dirname, '../..'),
      env: weaverEnv({ slackUrl: fake.url, port, dataDir: dir, scheduler: 'off' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    npm.stdout.on('data', (d) => (logs += d));
    npm.stderr.on('data', (d) => (logs += d));
    const weaverPids = () => {
      try {
        return execFileSync('pgrep', ['-f', `${WEAVER_BIN} start|bin/weaver.cjs start`], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean)
          .map(Number)
          .filter((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`WEAVER_DATA_DIR=${dir}`));
      } catch {
        return [];
      }
    };
    try {
      const deadline = Date.now() + 60_000;
      while (!logs.includes('Weaver is running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(logs).toContain('Weaver is running');
      expect(weaverPids()).toHaveLength(1);
      expect(postgresProcessesUsing(dir).length).toBeGreaterThan(0);
      npm.kill('SIGTERM');
      const gone = Date.now() + 15_000;
      while ((weaverPids().length || postgresProcessesUsing(dir).length) && Date.now() < gone)
        await new Promise((r) => setTimeout(r, 200));
      expect(weaverPids()).toEqual([]);
      expect(postgresProcessesUsing(dir)).toEqual([]);
      // (its last log lines may not reach us: they went through npm's output, gone with npm)
      expect(logs).toContain('stopping Weaver');
      expect(
        await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => 'answered',
          () => 'no answer',
        ),
      ).toBe('no answer');
    } finally {
      for (const pid of weaverPids()) process.kill(pid, 'SIGKILL');
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

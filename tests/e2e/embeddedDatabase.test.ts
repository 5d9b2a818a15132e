/**
 * The embedded PostgreSQL's data folder as an operator meets it: two starts at once, a start after
 * kill -9, the CLI beside the running app, and PostgreSQL failing to start. Real `weaver` processes,
 * real PostgreSQL servers, each in its own temporary folder.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, commands } from '../../src/cli/main';
import { freePort } from '../../src/db/embedded';
import { Client } from 'pg';
import { addChannel } from '../support/factories';
import { emptyWorkspace, FakeSlack } from '../support/fakeSlack';
import { sendEvent } from '../support/signedRequests';
import { WEAVER_BIN, weaverEnv } from '../support/weaverProcess';

const bin = WEAVER_BIN;

interface Weaver {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

function postmasters(dir: string): number[] {
  try {
    // The postmaster's command line; its children rename themselves ("postgres: checkpointer").
    const found = execFileSync('pgrep', ['-f', `postgres -D ${dir}/postgres -p`], { encoding: 'utf8' });
    return found.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The postmaster (not its children): the pid PostgreSQL wrote in postmaster.pid, if that process is alive. */
function livePostmaster(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

describe('the embedded database folder', () => {
  let fake: FakeSlack;
  let dir: string;
  const started: Weaver[] = [];

  function env(port: number): NodeJS.ProcessEnv {
    return weaverEnv({ slackUrl: fake.url, port, dataDir: dir, scheduler: 'off' });
  }

  async function weaver(args: string[], extra: Record<string, string> = {}): Promise<Weaver> {
    const port = await freePort();
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...env(port), ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const w = { child, port, output: () => out, exited };
    started.push(w);
    return w;
  }

  /** Runs a command to its end: exit code and what it printed. */
  async function run(args: string[]): Promise<{ code: number | null; out: string }> {
    const w = await weaver(args);
    const code = await w.exited;
    return { code, out: w.output() };
  }

  async function databaseState(w: Weaver): Promise<string | undefined> {
    return fetch(`http://127.0.0.1:${w.port}/healthz`).then(
      async (r) => ((await r.json()) as { database?: string }).database,
      () => undefined,
    );
  }

  async function healthy(w: Weaver, ms = 60_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && w.child.exitCode === null) {
      const status = await fetch(`http://127.0.0.1:${w.port}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      // "Weaver is running": start-up has finished, so SIGTERM reaches its shutdown handler.
      if (status === 200 && w.output().includes('Weaver is running') && (await databaseState(w)) === 'up') return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  async function stop(w: Weaver): Promise<number | null> {
    w.child.kill('SIGTERM');
    return w.exited;
  }

  beforeAll(async () => {
    const ws = emptyWorkspace('T0TEST');
    addChannel(ws, { id: 'C0BURST', name: 'burst', members: [] });
    fake = await new FakeSlack(ws).start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'weaver-folder-'));
    // As root, PostgreSQL runs as the 'postgres' user, which must be able to enter the folder.
    chmodSync(dir, 0o755);
  });
  afterEach(async () => {
    for (const w of started.splice(0)) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    }
    const pm = livePostmaster(dir);
    if (pm) process.kill(pm, 'SIGQUIT');
    for (let i = 0; i < 50 && livePostmaster(dir); i += 1) await new Promise((r) => setTimeout(r, 100));
    rmSync(dir, { recursive: true, force: true });
  });

  it('two starts at once on a new folder: one runs, the other refuses in one line naming the folder and the process, and the folder still works afterwards', async () => {
    const [a, b] = await Promise.all([weaver(['start']), weaver(['start'])]);
    const first = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)]);
    const winner = first === a ? b : a;
    expect(await first.exited).toBe(1);
    const refusal = first.output().trim();
    expect(refusal.split('\n')).toHaveLength(1);
    expect(refusal).toBe(
      `weaver start: the data folder ${dir} is in use by another Weaver process (pid ${winner.child.pid}: weaver start); stop it, or set WEAVER_DATA_DIR to another folder`,
    );
    expect(await healthy(winner)).toBe(true);
    expect(await stop(winner)).toBe(0);

    const again = await weaver(['start']);
    expect(await healthy(again)).toBe(true);
    expect(again.output()).not.toContain('initialising');
    expect(await stop(again)).toBe(0);
    expect(livePostmaster(dir)).toBeUndefined();
  }, 120_000);

  it('a start after the app was killed with SIGKILL stops the PostgreSQL it left behind and comes up', async () => {
    const first = await weaver(['start']);
    expect(await healthy(first)).toBe(true);
    const orphan = livePostmaster(dir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(livePostmaster(dir)).toBe(orphan); // still running, holding the folder

    const second = await weaver(['start']);
    expect(await healthy(second)).toBe(true);
    expect(second.output()).toContain('stopping an embedded PostgreSQL left running by a Weaver process that died');
    expect(livePostmaster(dir)).not.toBe(orphan);
    expect(await stop(second)).toBe(0);
    expect(livePostmaster(dir)).toBeUndefined();
    expect(postmasters(dir)).toEqual([]);
  }, 120_000);

  it('weaver report and weaver round --dry-run use the running app’s PostgreSQL; with no app they start their own', async () => {
    const app = await weaver(['start']);
    expect(await healthy(app)).toBe(true);
    const serving = livePostmaster(dir);

    const report = await run(['report']);
    expect(report.out).not.toMatch(/lock file|TypeError|password authentication/);
    expect(report.code).toBe(0);
    expect(report.out).toContain('Silo report');
    const round = await run(['round', '--dry-run']);
    expect(round.code).toBe(0);
    expect(round.out).toContain('(dry run)');
    // The same server answered both, and the app is still serving.
    expect(livePostmaster(dir)).toBe(serving);
    expect(postmasters(dir)).toHaveLength(1);
    expect(await healthy(app, 5_000)).toBe(true);

    const second = await run(['start']);
    expect(second.code).toBe(1);
    expect(second.out.trim()).toContain(
      `the data folder ${dir} is in use by another Weaver process (pid ${app.child.pid}: weaver start)`,
    );

    expect(await stop(app)).toBe(0);
    const alone = await run(['report']);
    expect(alone.code).toBe(0);
    expect(alone.out).toContain('Silo report');
    expect(livePostmaster(dir)).toBeUndefined();
    expect(existsSync(path.join(dir, 'weaver.lock'))).toBe(false);
  }, 150_000);

  it('a PostgreSQL that cannot start is explained in one line with its own reason, and the command exits non-zero', async () => {
    const app = await weaver(['start']);
    expect(await healthy(app)).toBe(true);
    expect(await stop(app)).toBe(0);
    appendFileSync(path.join(dir, 'postgres', 'postgresql.conf'), "\nshared_buffers = 'plenty'\n");

    const report = await run(['report']);
    expect(report.code).toBe(1);
    const lines = report.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^weaver report: embedded PostgreSQL in .+ did not start: .*shared_buffers/);
  }, 120_000);

  it('the embedded PostgreSQL killed in the middle of a burst of events: every delivery is acked from the journal, PostgreSQL is restarted, and every event is stored', async () => {
    const app = await weaver(['start']);
    expect(await healthy(app)).toBe(true);
    const base = `http://127.0.0.1:${app.port}`;
    const total = 400;
    const acked = new Set<string>();
    const refused = new Set<string>();
    let killedAt = -1;
    // Like Slack: a delivery that does not get a 200 is sent again (same event id, a retry number).
    const deliver = async (i: number) => {
      const eventId = `EvBURST${i}`;
      const event = {
        type: 'member_joined_channel',
        user: `UBURST${i}`,
        channel: 'C0BURST',
        channel_type: 'C',
        team: 'T0TEST',
      };
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const status = await sendEvent(base, event, { eventId, retryNum: attempt }).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) return void acked.add(eventId);
        refused.add(eventId);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    let next = 0;
    const sender = async () => {
      while (next < total) {
        const i = next++;
        if (i === 150) {
          killedAt = livePostmaster(dir) ?? -1;
          process.kill(killedAt, 'SIGKILL');
        }
        await deliver(i);
      }
    };
    await Promise.all(Array.from({ length: 20 }, sender));

    expect(killedAt).toBeGreaterThan(0);
    // the journal took every delivery during the outage: none was refused, so Slack had nothing to resend
    expect(refused.size).toBe(0);
    expect(acked.size).toBe(total);
    expect(await healthy(app, 30_000)).toBe(true);
    expect(app.output()).toContain('embedded PostgreSQL restarted');
    expect(livePostmaster(dir)).not.toBe(killedAt);

    const port = Number(readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
    const password = readFileSync(path.join(dir, 'postgres-password'), 'utf8').trim();
    const db = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'weaver' });
    await db.connect();
    try {
      // Processing finishes after the ack: wait until the last joins are written.
      let members: string[] = [];
      for (let i = 0; i < 100 && members.length < total; i += 1) {
        const joined = await db.query(
          "select user_id from memberships where channel_id = 'C0BURST' and left_at is null",
        );
        members = joined.rows.map((r) => r.user_id);
        if (members.length < total) await new Promise((r) => setTimeout(r, 200));
      }
      const ledger = await db.query("select event_id from events_seen where event_id like 'EvBURST%'");
      const seen = new Set(ledger.rows.map((r) => r.event_id));
      expect([...acked].filter((id) => !seen.has(id))).toEqual([]);
      const stored = new Set(members);
      expect([...acked].map((id) => id.replace('EvBURST', 'UBURST')).filter((u) => !stored.has(u))).toEqual([]);
    } finally {
      await db.end();
    }
    expect(await stop(app)).toBe(0);
  }, 180_000);

  it('an embedded PostgreSQL that cannot be brought back: events are still acked (journal), the app exits 75, and the next start stores them', async () => {
    const app = await weaver(['start'], { WEAVER_DB_RECOVERY_SECONDS: '5' });
    expect(await healthy(app)).toBe(true);
    // PostgreSQL reads its configuration only when it starts: every restart will now fail.
    const conf = path.join(dir, 'postgres', 'postgresql.conf');
    const good = readFileSync(conf, 'utf8');
    appendFileSync(conf, "\nshared_buffers = 'plenty'\n");
    process.kill(livePostmaster(dir)!, 'SIGKILL');
    // /healthz says the database is down (and still 200: events are taken into the journal).
    let state: string | undefined;
    for (let i = 0; i < 100 && state !== 'down'; i += 1) {
      state = await databaseState(app);
      if (state !== 'down') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('down');
    const event = {
      type: 'member_joined_channel',
      user: 'ULATE',
      channel: 'C0BURST',
      channel_type: 'C',
      team: 'T0TEST',
    };
    expect((await sendEvent(`http://127.0.0.1:${app.port}`, event, { eventId: 'EvLATE' })).status).toBe(200);
    expect(await app.exited).toBe(75);
    expect(app.output()).toContain('giving up: exiting so a supervisor restarts Weaver');
    expect(app.output()).toContain('invalid value for parameter');
    expect(livePostmaster(dir)).toBeUndefined();
    expect(existsSync(path.join(dir, 'weaver.lock'))).toBe(false);

    // The operator fixes the configuration; the next start replays the journal into PostgreSQL.
    writeFileSync(conf, good);
    const again = await weaver(['start']);
    expect(await healthy(again)).toBe(true);
    const port = Number(readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
    const password = readFileSync(path.join(dir, 'postgres-password'), 'utf8').trim();
    const db = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'weaver' });
    await db.connect();
    try {
      let rows = 0;
      for (let i = 0; i < 100 && rows === 0; i += 1) {
        rows =
          (await db.query("select 1 from memberships where user_id = 'ULATE' and channel_id = 'C0BURST'")).rowCount ??
          0;
        if (rows === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows).toBe(1);
    } finally {
      await db.end();
    }
    expect(await stop(again)).toBe(0);
  }, 150_000);
});

describe('the error handler', () => {
  it('prints one line and exits non-zero when a command rejects with nothing at all', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...a) => void errors.push(a.join(' ')));
    commands['fails-silently'] = { summary: 'test', load: async () => ({ run: () => Promise.reject(undefined) }) };
    try {
      expect(await main(['fails-silently'])).toBe(1);
    } finally {
      delete commands['fails-silently'];
      spy.mockRestore();
    }
    expect(errors).toEqual(['weaver fails-silently: failed without saying why (run with LOG_LEVEL=debug for details)']);
  });
});

/**
 * Load benchmark: signed Events API deliveries to the real HTTP receiver (a `weaver start` child
 * process, scheduler off) on loopback, with autocannon, at a fixed rate; then counts what reached
 * PostgreSQL. Deliveries mix joins (2 in 5: a distinct person into one of 300 known channels),
 * messages with a mention (2 in 5) and reactions (1 in 5), each by a distinct person, so each must
 * leave its own row: in `memberships`, or in `interaction_ledger` (the once-only record behind the
 * interaction counts), after passing the dedupe ledger. Prints events/s ingested, p50/p99 ack
 * latency, and how many were lost: an event is lost when it was acked (2xx) and its row never
 * appeared, checked event by event (each event's person is unique to it). The first phase after
 * start (cold: JIT, pools, PostgreSQL's first pages) is reported apart from the warm one.
 *
 *   node bin/run-ts.cjs bench/load.ts [--rate 1000] [--seconds 15] [--overload 5] [--warmup 5]
 *
 * Per phase it also prints the events processed while the load ran, the drain after it, and the CPU
 * seconds of the app, PostgreSQL and this process (load + drain): wall-clock figures on a shared
 * machine move with the others' load, CPU per event much less.
 *
 * DATABASE_URL: use that PostgreSQL (its tables are used as is); empty: a throw-away embedded one.
 * DEBUG (e.g. knex:query) is passed to the app, to count its statements.
 */
import type { Knex } from 'knex';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { connect, migrateLatest } from '../src/db';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { addChannel } from '../tests/support/factories';
import { FakeSlack } from '../tests/support/fakeSlack';
import { sign, TEST_SIGNING_SECRET } from '../tests/support/signedRequests';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '15' },
    overload: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '5' },
    /** another Weaver checkout, built, measured first in the same run (before/after) */
    baseline: { type: 'string' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const OVERLOAD = Number(values.overload);
const CHANNELS = 300;
/** Seconds of unmeasured load at the target rate first (JIT, pools, PostgreSQL's first pages); 0 measures a cold start. */
const WARMUP_SECONDS = Number(values.warmup);

async function waitForHealth(url: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('the app did not become healthy');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** CPU seconds of a process from /proc (Linux): its own, plus its reaped children's when `children`. */
function cpuSecondsOf(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14-17 of stat (utime, stime, cutime, cstime), counted from `state` (field 3) here
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's CPU seconds so far: the postmaster, its live backends and the ones that exited. */
function postgresCpuSeconds(postmasterPid: number | undefined): number {
  if (!postmasterPid || !existsSync('/proc')) return 0;
  let total = cpuSecondsOf(postmasterPid, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmasterPid) total += cpuSecondsOf(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

/** Where the embedded PostgreSQL under `folder` wrote its postmaster.pid (line 1: the pid). */
function postmasterPidUnder(folder: string): number | undefined {
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.name !== 'postmaster.pid') continue;
    const dir = (entry as unknown as { parentPath?: string; path?: string }).parentPath ?? entry.path;
    return Number.parseInt(readFileSync(path.join(dir, entry.name), 'utf8').split('\n')[0], 10);
  }
  return undefined;
}

interface CpuProbe {
  app: number;
  postgres: number;
  bench: number;
}

async function phase(
  baseUrl: string,
  label: string,
  rate: number,
  seconds: number,
  db: ReturnType<typeof connect>,
  cpu: () => CpuProbe,
) {
  const prefix = `EvLOAD${label}${Date.now().toString(36).toUpperCase()}`;
  // Bodies and signatures are built before the clock starts (valid for Slack's 5 minutes), so the
  // load generator spends its time sending, not hashing, and measures latency more faithfully.
  const ts = Math.floor(Date.now() / 1000);
  const prepared = Array.from({ length: Math.ceil(rate * seconds * 1.2) + 1000 }, (_, i) => {
    const channel = `C${String(i % CHANNELS).padStart(5, '0')}`;
    const user = `U${label}${i}`;
    // A mix like a real workspace's: 2 in 5 joins, 2 in 5 messages with a mention, 1 in 5 reactions.
    const kind = i % 5;
    const event =
      kind < 2
        ? { type: 'member_joined_channel', user, channel, channel_type: 'C', team: 'T0TEST', event_ts: `${ts}.000100` }
        : kind < 4
          ? {
              type: 'message',
              channel,
              channel_type: 'channel',
              user,
              text: 'see <@UREADER1> about this',
              ts: `${ts}.${String(i).padStart(6, '0')}`,
              team: 'T0TEST',
              event_ts: `${ts}.${String(i).padStart(6, '0')}`,
            }
          : {
              type: 'reaction_added',
              user,
              reaction: 'tada',
              item_user: 'UAUTHOR1',
              item: { type: 'message', channel, ts: `${ts}.000001` },
              event_ts: `${ts}.000100`,
            };
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T0TEST',
      api_app_id: 'A0WEAVER',
      type: 'event_callback',
      event_id: `${prefix}${i}`,
      event_time: ts,
      authorizations: [{ team_id: 'T0TEST', user_id: 'UBOTWEAVER', is_bot: true }],
      event,
    });
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(TEST_SIGNING_SECRET, ts, body),
      },
    };
  });
  let n = 0;
  // Which events were acked: each connection has one request in flight (pipelining 1), so the
  // response on a connection answers the request last set up on it.
  const acked = new Set<number>();
  const cpuAtStart = cpu();
  const started = Date.now();
  const result = await autocannon({
    url: baseUrl,
    connections: Math.min(200, Math.max(20, Math.ceil(rate / 20))),
    pipelining: 1,
    duration: seconds,
    overallRate: rate,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/slack/events',
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          context.index = n;
          return { ...req, ...prepared[n++ % prepared.length] };
        },
        onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
          if (status >= 200 && status < 300) acked.add(Number(context.index));
        },
      },
    ],
  });
  // Wait until every acked event has its row, or the rows stop growing for 5 s. The wait polls
  // counts (a poll that fetched every id took long enough to make ingestion look slower).
  const userOf = (i: number) => `U${label}${i}`;
  const storedIds = async () => {
    const joins = await db('memberships').where('user_id', 'like', `U${label}%`).whereNull('left_at').pluck('user_id');
    const counted = await db('interaction_ledger').where('actor_id', 'like', `U${label}%`).distinct().pluck('actor_id');
    return new Set<string>([...joins, ...counted]);
  };
  const storedCount = async () => {
    const one = async (q: Knex.QueryBuilder) => Number((await q.first())?.n ?? 0);
    const joins = one(db('memberships').where('user_id', 'like', `U${label}%`).whereNull('left_at').count({ n: '*' }));
    const counted = one(
      db('interaction_ledger').where('actor_id', 'like', `U${label}%`).countDistinct({ n: 'actor_id' }),
    );
    return (await joins) + (await counted);
  };
  const loadSeconds = (Date.now() - started) / 1000;
  const cpuAtLoadEnd = cpu();
  let count = await storedCount();
  // processed while the load ran (the rest is the backlog drained after it)
  const rowsAtLoadEnd = count;
  let lastGrowth = Date.now();
  let lastRowAt = Date.now();
  // The count includes events processed but not counted as acked (in flight when autocannon
  // stopped), so it can reach the acks while an acked event is still queued: once it does, the
  // ids are checked too, and the wait goes on while one is missing (before, the wait stopped there
  // and such an event was reported lost). Polls every 200 ms: each is a scan, run by PostgreSQL
  // on the cores the app is using.
  let stored = new Set<string>();
  for (;;) {
    const now = await storedCount();
    if (now > count) {
      count = now;
      lastGrowth = Date.now();
      lastRowAt = Date.now();
    }
    if (count >= acked.size) {
      stored = await storedIds();
      if ([...acked].every((i) => stored.has(userOf(i)))) break;
    }
    if (Date.now() - lastGrowth >= 5000) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  stored = await storedIds();
  const lostIds = [...acked].filter((i) => !stored.has(userOf(i))).map((i) => `${prefix}${i}`);
  const rows = stored.size;
  const ingestSeconds = (lastRowAt - started) / 1000;
  const cpuAtEnd = cpu();
  const used = (from: CpuProbe, to: CpuProbe, k: keyof CpuProbe) => Math.round((to[k] - from[k]) * 10) / 10;
  return {
    phase: label,
    targetPerSecond: rate,
    seconds,
    sent: result.requests.sent,
    acked2xx: acked.size,
    ackedPerSecond: Math.round(acked.size / seconds),
    // autocannon's own 2xx count, as a cross-check of the per-event record above
    counted2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rowsInPostgres: rows,
    lost: lostIds.length,
    lostExamples: lostIds.slice(0, 3).join(' '),
    ingestedPerSecond: Math.round(rows / ingestSeconds),
    processedDuringLoadPerSecond: Math.round(rowsAtLoadEnd / loadSeconds),
    drainSeconds: Math.round((lastRowAt - started) / 100 - loadSeconds * 10) / 10,
    // CPU seconds during the load, then during the drain (app, PostgreSQL, this load generator)
    appCpuS: `${used(cpuAtStart, cpuAtLoadEnd, 'app')} + ${used(cpuAtLoadEnd, cpuAtEnd, 'app')}`,
    pgCpuS: `${used(cpuAtStart, cpuAtLoadEnd, 'postgres')} + ${used(cpuAtLoadEnd, cpuAtEnd, 'postgres')}`,
    benchCpuS: used(cpuAtStart, cpuAtLoadEnd, 'bench'),
    appCpuMsPerEvent: Math.round(((cpuAtEnd.app - cpuAtStart.app) * 1e5) / Math.max(1, rows)) / 100,
    ackP50ms: result.latency.p50,
    ackP99ms: result.latency.p99,
    ackMaxMs: result.latency.max,
  };
}

interface AppUnderTest {
  name: string;
  bin: string;
  databaseUrl: string;
  env: Record<string, string>;
}

/** Starts one Weaver (a `weaver start` child process), runs the cold, warm and overload phases against it, stops it. */
async function measure(app: AppUnderTest, fake: FakeSlack, embedded: boolean, tmp: string) {
  const db = connect(app.databaseUrl, { max: 4 });
  const port = await freePort();
  let child: ChildProcess | undefined;
  try {
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the app process.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    child = spawn(process.execPath, [...nodeArgs, app.bin, 'start'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: app.databaseUrl,
        PORT: String(port),
        SLACK_BOT_TOKEN: 'xoxb-load-test',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.url,
        WEAVER_SCHEDULER: 'off',
        LOG_LEVEL: 'warn',
        ...app.env,
        ...(process.env.DEBUG ? { DEBUG: process.env.DEBUG } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(baseUrl);
    const postmaster = embedded ? postmasterPidUnder(tmp) : undefined;
    const appPid = child.pid ?? 0;
    const cpu = (): CpuProbe => {
      const own = process.cpuUsage();
      return {
        app: cpuSecondsOf(appPid),
        postgres: postgresCpuSeconds(postmaster),
        bench: (own.user + own.system) / 1e6,
      };
    };
    // Cold: the first seconds at the target rate after start (JIT, connection pools, PostgreSQL's
    // first pages); warm: the same rate after it. Reported apart: the goal is for the warm phase.
    const cold = WARMUP_SECONDS > 0 ? [await phase(baseUrl, 'COLD', RATE, WARMUP_SECONDS, db, cpu)] : [];
    const results = [
      await phase(baseUrl, 'WARM', RATE, SECONDS, db, cpu),
      await phase(baseUrl, 'OVER', RATE * OVERLOAD, SECONDS, db, cpu),
    ];
    return { cold: cold[0], warm: results[0], over: results[1] };
  } finally {
    child?.kill('SIGTERM');
    await new Promise((r) => (child ? child.once('exit', r) : r(undefined)));
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const logger = createLogger('warn');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'weaver-load-'));
  chmodSync(tmp, 0o755); // PostgreSQL may run as another user (as in tests/support/globalSetup.mjs)
  if (values.baseline && process.env.DATABASE_URL) throw new Error('--baseline needs the embedded PostgreSQL');
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(path.join(tmp, 'pg'), logger, 'weaver_load');
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  const db = connect(databaseUrl, { max: 4 });
  await migrateLatest(db);
  await db.destroy();
  const fake = await new FakeSlack().start();
  // the channels exist in Slack (the first event of each fetches it once with conversations.info)
  for (let c = 0; c < CHANNELS; c += 1)
    addChannel(fake.workspace, { id: `C${String(c).padStart(5, '0')}`, name: `load-${c}` });
  const apps: AppUnderTest[] = [];
  if (values.baseline) {
    // Another Weaver checkout (e.g. `git worktree add /tmp/before <commit>`, built), measured first in
    // this same run on its own database: "before" and "after" under the same machine load.
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query('create database weaver_load_before');
    await admin.end();
    const before = new URL(databaseUrl);
    before.pathname = '/weaver_load_before';
    apps.push({
      name: `before (${values.baseline})`,
      bin: path.resolve(values.baseline, 'bin/weaver.cjs'),
      databaseUrl: before.toString(),
      env: {},
    });
  }
  apps.push({
    name: 'this tree (event journal on)',
    bin: path.resolve(__dirname, '../bin/weaver.cjs'),
    databaseUrl,
    env: { WEAVER_JOURNAL_DIR: path.join(tmp, 'journal') },
  });
  try {
    const runs: Array<{ name: string; figures: Awaited<ReturnType<typeof measure>> }> = [];
    for (const app of apps) runs.push({ name: app.name, figures: await measure(app, fake, Boolean(embedded), tmp) });
    for (const { name, figures } of runs) {
      const { cold, warm: target, over: overload } = figures;
      console.log(
        `\nWeaver load benchmark: ${name} (${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}, ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'})`,
      );
      // one column per phase, one row per figure: readable in a terminal
      const phases = [...(cold ? [cold] : []), target, overload];
      const rows = Object.keys(phases[0]).filter((k) => k !== 'phase') as Array<keyof (typeof phases)[0]>;
      console.table(Object.fromEntries(rows.map((f) => [f, Object.fromEntries(phases.map((p) => [p.phase, p[f]]))])));
      if (cold)
        console.log(
          `cold ${RATE}/s (first ${WARMUP_SECONDS} s): p99 ${cold.ackP99ms} ms, lost ${cold.lost} → ${cold.ackP99ms < 250 && cold.lost === 0 ? 'PASS' : 'MISS'} (goal p99 < 250 ms, nothing lost)`,
        );
      console.log(
        [
          `warm ${RATE}/s: ingested ${target.ingestedPerSecond}/s, p50 ${target.ackP50ms} ms, p99 ${target.ackP99ms} ms, lost ${target.lost} → ${target.ingestedPerSecond >= RATE * 0.95 && target.ackP99ms < 100 && target.lost === 0 ? 'PASS' : 'MISS'} (goal ≥ ${RATE}/s, p99 < 100 ms, nothing lost)`,
          `${OVERLOAD}× load ${RATE * OVERLOAD}/s: acked ${overload.ackedPerSecond}/s, ingested ${overload.ingestedPerSecond}/s, p99 ${overload.ackP99ms} ms, lost ${overload.lost} → ${overload.ackedPerSecond >= RATE * OVERLOAD * 0.9 && overload.lost === 0 ? 'PASS' : 'MISS'} (goal ≥ ${RATE * OVERLOAD * 0.9} acks/s, nothing lost)`,
        ].join('\n'),
      );
    }
  } finally {
    await fake.stop();
    await embedded?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

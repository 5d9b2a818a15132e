/**
 * Silo report benchmark, end to end from PostgreSQL (an embedded one this script starts):
 *   node bin/run-ts.cjs bench/report.ts [--people 50000] [--channels 5000] [--ties 1000000]
 * Seeds a generated organisation (src/import/demoOrg.ts) into members, channels, memberships and
 * interactions, then times `computeLiveReport` in a separate process (time and peak RSS), and
 * compares modularity + per-department E-I with networkx on the same tie list when python3 has it.
 * Goals: 50,000 people / 5,000 channels / 1,000,000 ties < 10 s and < 1.5 GiB;
 *        100,000 / 2,000,000 < 25 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { connect, DEFAULT_TIMEOUTS, migrateLatest } from '../src/db';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { generateDemoOrg, type DemoOrg } from '../src/import/demoOrg';
import { readPeopleCsv, readTiesCsv } from '../src/import/csvFiles';
import { assembleOrgData } from '../src/domain/silos/assemble';
import { defaultSettings } from '../src/domain/settings';
import { modularity } from '../src/domain/silos/modularity';
import { eiIndex, groupTieCounts } from '../src/domain/silos/eiIndex';

const TEAM = 'TBENCH';
const END_DAY = '2026-06-01';

async function insertBatches(db: Knex, sql: string, columns: unknown[][], batch = 50_000): Promise<void> {
  const n = columns[0].length;
  for (let i = 0; i < n; i += batch)
    await db.raw(sql, columns.map((c) => c.slice(i, i + batch)) as unknown as Knex.RawBinding[]);
}

async function seed(db: Knex, org: DemoOrg): Promise<void> {
  const u = org.users;
  await insertBatches(
    db,
    `insert into members (team_id, user_id, name, department) select '${TEAM}', * from unnest(?::text[], ?::text[], ?::text[])`,
    [u.map((x) => x.id), u.map((x) => x.name), u.map((x) => x.department)],
  );
  const c = org.channels;
  await insertBatches(
    db,
    `insert into channels (team_id, channel_id, name, created, creator) select '${TEAM}', * from unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[])`,
    [c.map((x) => x.id), c.map((x) => x.name), c.map((x) => x.created), c.map((x) => x.creator)],
  );
  const mc: string[] = [];
  const mu: string[] = [];
  for (const ch of c)
    for (const m of ch.members) {
      mc.push(ch.id);
      mu.push(m);
    }
  await insertBatches(
    db,
    `insert into memberships (team_id, channel_id, user_id) select '${TEAM}', * from unnest(?::text[], ?::text[])`,
    [mc, mu],
  );
  await db.raw(
    'create unlogged table bench_interactions (day date, channel_id text, actor_id text, target_id text, kind text, count int)',
  );
  const it = org.interactions;
  await insertBatches(
    db,
    'insert into bench_interactions select * from unnest(?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])',
    [
      it.map((x) => x.day),
      it.map((x) => x.channelId),
      it.map((x) => x.actor),
      it.map((x) => x.target),
      it.map((x) => x.kind),
      it.map((x) => x.count),
    ],
  );
  await db.raw(`insert into interactions (team_id, day, channel_id, actor_id, target_id, kind, count)
    select '${TEAM}', day, channel_id, actor_id, target_id, kind, sum(count) from bench_interactions group by 1, 2, 3, 4, 5, 6`);
  await db.raw('drop table bench_interactions');
  await db.raw('analyze');
}

async function writeCsv(file: string, header: string, rows: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  for (const r of rows) if (!out.write(`${r}\n`)) await new Promise<void>((res) => out.once('drain', () => res()));
  await new Promise<void>((res) => out.end(() => res()));
}

function hasNetworkx(): boolean {
  return spawnSync('python3', ['-c', 'import networkx'], { stdio: 'ignore' }).status === 0;
}

async function main() {
  const { values } = parseArgs({
    options: {
      people: { type: 'string' },
      channels: { type: 'string' },
      ties: { type: 'string' },
      data: { type: 'string' },
    },
  });
  const people = Number(values.people ?? 50_000);
  const channels = Number(values.channels ?? Math.round(people / 10));
  const wantedTies = Number(values.ties ?? people * 20);
  const dir = await mkdtemp(join(tmpdir(), 'weaver-bench-'));
  await chmod(dir, 0o755); // PostgreSQL may run as another user when started by root
  const logger = createLogger('warn');
  // --data DIR keeps the seeded database between runs (seeding a million ties takes a minute or two)
  const pg = await startEmbeddedPostgres(values.data ?? join(dir, 'data'), logger);
  // seeding a million interaction rows takes longer than the server's default statement timeout (30 s)
  const db = connect(pg.url, { max: 4 }, undefined, { ...DEFAULT_TIMEOUTS, statementMs: 0, queryMs: 600_000 });
  try {
    await migrateLatest(db);
    let t = Date.now();
    const org = generateDemoOrg({ people, channels, tiesPerPerson: (2 * wantedTies) / people, endDay: END_DAY });
    console.log(
      `generated ${people} people, ${org.channels.length} channels, ${org.ties} ties, ${org.interactions.length} interactions in ${Date.now() - t} ms`,
    );
    t = Date.now();
    const seeded = await db('members').where({ team_id: TEAM }).count('* as n').first();
    if (Number(seeded?.n ?? 0) === people) console.log(`reusing the seeded database in ${values.data}`);
    else {
      await db.raw('truncate members, channels, memberships, interactions');
      await seed(db, org);
      console.log(`seeded PostgreSQL in ${Date.now() - t} ms`);
    }

    const run = execFileSync(
      process.execPath,
      [join(__dirname, '../bin/run-ts.cjs'), join(__dirname, 'reportRun.ts'), pg.url, TEAM, `${END_DAY}T12:00:00Z`],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(run.trim().split('\n').pop()!);
    console.log(
      `weaver report (end to end from PostgreSQL): ${result.totalMs} ms (SQL ${result.queryMs} ms, metrics ${result.computeMs} ms), peak RSS ${result.maxRssMiB} MiB`,
    );
    console.log(
      `  ${result.members} people, ${result.ties} ties, ${result.channels} channels, modularity ${result.modularity}, Louvain ${JSON.stringify(result.louvain)}, silos ${result.silos}`,
    );

    // Same tie list for both: modularity + per-department E-I.
    const tiesFile = join(dir, 'ties.csv');
    const peopleFile = join(dir, 'people.csv');
    const tieSeen = new Set<string>();
    const tieRows: string[] = [];
    for (const i of org.interactions) {
      const [a, b] = i.actor < i.target ? [i.actor, i.target] : [i.target, i.actor];
      const key = `${a},${b}`;
      if (!tieSeen.has(key)) {
        tieSeen.add(key);
        tieRows.push(key);
      }
    }
    await writeCsv(tiesFile, 'source,target', tieRows);
    await writeCsv(
      peopleFile,
      'id,department',
      org.users.map((x) => `${x.id},${x.department}`),
    );
    t = Date.now();
    const [ties, peopleRows] = await Promise.all([readTiesCsv(tiesFile), readPeopleCsv(peopleFile)]);
    const data = assembleOrgData({
      people: peopleRows.rows.map((p) => ({ id: p.id, department: p.department })),
      ties: ties.rows,
      channels: [],
      activity: [],
      rules: defaultSettings().channelKinds,
    });
    const loadMs = Date.now() - t;
    t = Date.now();
    const q = modularity(data.ties, data.departmentOf, data.departments.length);
    const counts = groupTieCounts(data.ties, data.departmentOf, data.departments.length);
    const ei = data.departments.map((_, d) => eiIndex(counts.external[d], counts.internal[d]));
    const computeMs = Math.max(1, Date.now() - t);
    const weaverMs = loadMs + computeMs;
    console.log(
      `weaver modularity + E-I from the tie CSV: ${weaverMs} ms (reading and validating the CSV ${loadMs} ms, metrics ${computeMs} ms; Q = ${q.toFixed(6)}, E-I ${data.departments.map((d, k) => `${d} ${ei[k].toFixed(3)}`).join(', ')})`,
    );
    if (hasNetworkx()) {
      t = Date.now();
      const nx = JSON.parse(
        execFileSync('python3', [join(__dirname, 'networkx_report.py'), tiesFile, peopleFile], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        }),
      );
      const nxMs = Date.now() - t;
      console.log(
        `networkx modularity + E-I from the tie CSV: ${nxMs} ms wall (reading and building the graph ${Math.round(nx.load_seconds * 1000)} ms, metrics ${Math.round(nx.compute_seconds * 1000)} ms), Q = ${nx.modularity.toFixed(6)}`,
      );
      console.log(
        `ratio networkx / weaver: ${(nxMs / weaverMs).toFixed(1)}x end to end, ${((nx.compute_seconds * 1000) / computeMs).toFixed(1)}x for the metrics alone; same modularity: ${Math.abs(nx.modularity - q) < 1e-9}`,
      );
    } else {
      console.log('networkx not installed (Debian: apt-get install python3-networkx): comparison skipped');
    }
  } finally {
    await db.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * How fast does an ask find its candidates on a 10,000-person workspace? Goal: < 200 ms (the search
 * runs after Slack's ack, but a person waits for the first request to go out).
 *
 * Seeds PostgreSQL (DATABASE_URL, or an embedded one in a temporary folder) with `--people` people
 * in 100 departments, each with 3 passion tags and 1 "could teach" tag out of 2,000 one-word tags, 200,000
 * interaction rows and 2,000 earlier asks; then times
 * - `rankForAsk`: everything an ask step reads from PostgreSQL (people with passions, status and asks
 *   this month; the asker's contacts and blocks) plus the ranking, end to end;
 * - `rankHelpers` alone, on the same people in memory.
 *
 *   node bin/run-ts.cjs bench/asks.ts [--people 10000] [--runs 20]
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { rankHelpers } from '../src/domain/asks/rankHelpers';
import { AWAY_DEFAULTS } from '../src/domain/away';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db';
import { createLogger } from '../src/logger';
import { rankForAsk } from '../src/services/asks';
import type { Services } from '../src/services/context';
import { helperProfiles } from '../src/store/asks';

const TEAM = 'TBENCHASK';
const TAGS = 2000;

async function seed(db: Knex, people: number): Promise<number> {
  await db.raw(
    `insert into members (team_id, user_id, department, tz_offset, status_text, status_emoji)
     select ?, 'U' || lpad(g::text, 7, '0'), 'Department ' || (g % 100), ((g % 7) - 3) * 3600,
            case when g % 50 = 0 then 'Vacationing' end, case when g % 50 = 0 then ':palm_tree:' end
       from generate_series(1, ?) g`,
    [TEAM, people],
  );
  // one word per tag, like most real tags ("kafka", "bouldering"): skill0 … skill1999
  const tag = (expr: string) => `jsonb_build_object('tag', 'skill' || (${expr}), 'label', 'Skill ' || (${expr}))`;
  await db.raw(
    `insert into passions (team_id, user_id, tags, teach)
     select ?, 'U' || lpad(g::text, 7, '0'),
            jsonb_build_array(${tag(`g % ${TAGS}`)}, ${tag(`(g * 7) % ${TAGS}`)}, ${tag(`(g * 13) % ${TAGS}`)}),
            jsonb_build_array(${tag(`(g * 31) % ${TAGS}`)})
       from generate_series(1, ?) g`,
    [TEAM, people],
  );
  await db.raw(
    `insert into interactions (team_id, day, channel_id, actor_id, target_id, kind, count)
     select ?, date '2026-11-01' + (g % 14), 'C' || (g % 500), 'U' || lpad((1 + g % ?)::text, 7, '0'),
            'U' || lpad((1 + (g * 17) % ?)::text, 7, '0'), 'reply', 1
       from generate_series(1, 200000) g
     on conflict do nothing`,
    [TEAM, people, people],
  );
  const asks = await db.raw(
    `insert into asks (team_id, asker_id, topic, topic_tags, status, created_at)
     select ?, 'U' || lpad((1 + g % ?)::text, 7, '0'), 'skill' || (g % ${TAGS}),
            jsonb_build_array('skill' || (g % ${TAGS})), 'matched', timestamptz '2026-11-10'
       from generate_series(1, 2000) g
     returning id`,
    [TEAM, people],
  );
  await db.raw(
    `insert into ask_requests (ask_id, team_id, helper_id, position, response, asked_at)
     select a.id, ?, 'U' || lpad((1 + (a.id * 11) % ?)::text, 7, '0'), 1, 'accepted', timestamptz '2026-11-10'
       from asks a where a.team_id = ?`,
    [TEAM, people, TEAM],
  );
  // the ask to time: "skill42" (about 1 in 500 people love it or could teach it)
  const [row] = await db('asks')
    .insert({ team_id: TEAM, asker_id: 'U0000001', topic: 'Skill42', topic_tags: JSON.stringify(['skill42']) })
    .returning('id');
  void asks;
  return Number(row.id);
}

async function removeBenchData(db: Knex): Promise<void> {
  for (const table of ['ask_requests', 'asks', 'interactions', 'passions', 'members'])
    await db(table).where({ team_id: TEAM }).delete();
}

const stats = (times: number[]): string => {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(1);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms`;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { people: { type: 'string', default: '10000' }, runs: { type: 'string', default: '20' } },
  });
  const people = Number(values.people);
  const runs = Number(values.runs);
  const logger = createLogger('warn');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'weaver-bench-asks-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as 'postgres', which must enter this folder
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, logger });
  try {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', LOG_LEVEL: 'warn' },
      'app',
    );
    const now = new Date('2026-11-16T12:00:00Z');
    const services: Services = { db: database.knex, logger, config, now: () => now, slackFor: async () => null };
    await removeBenchData(database.knex);
    const askId = await seed(database.knex, people);

    const endToEnd: number[] = [];
    let found = 0;
    let considered = 0;
    for (let i = 0; i < runs; i += 1) {
      const t = performance.now();
      const r = await rankForAsk(services, TEAM, askId);
      endToEnd.push(performance.now() - t);
      found = r?.ranking.candidates ?? 0;
      considered = Object.values(r?.ranking.excluded ?? {}).reduce((a, b) => a + b, 0) + found;
    }
    console.log(
      `ask candidates from PostgreSQL + ranking, ${people} people: ${stats(endToEnd)} over ${runs} runs ` +
        `(${considered} people read from PostgreSQL — only those holding a tag that could match — and ${found} could be asked)`,
    );

    const profiles = await helperProfiles(database.knex, TEAM, new Date(now.getTime() - 30 * 86_400_000));
    const pure: number[] = [];
    for (let i = 0; i < runs * 5; i += 1) {
      const t = performance.now();
      rankHelpers(
        {
          askerId: 'U0000001',
          askerDepartment: 'Department 1',
          askerTzOffset: 0,
          topicTags: [`skill${i % TAGS}`],
          outsideDepartment: i % 2 === 0,
        },
        profiles,
        {
          now,
          contacts: new Set(),
          blocked: new Set(),
          alreadyAsked: new Set(),
          perHelperPerMonth: 2,
          away: AWAY_DEFAULTS,
        },
      );
      pure.push(performance.now() - t);
    }
    console.log(
      `rankHelpers alone over every profile (in memory, ${profiles.length} people, no SQL filter): ${stats(pure)} over ${runs * 5} runs`,
    );
    console.log('goal: a 10,000-person workspace finds candidates in < 200 ms');
  } finally {
    await removeBenchData(database.knex).catch(() => undefined);
    await database.close();
    if (!process.env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

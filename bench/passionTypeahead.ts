/**
 * Typeahead and prompt-planning timings on a large workspace. Slack wants the options answer
 * within 3 seconds; this prints how long the suggestion query takes with N people (default 5,000,
 * 8 tags each from a 1,500-tag vocabulary with a popularity skew) and how long the first
 * planner pass over N members takes.
 *
 *   node bin/run-ts.cjs bench/passionTypeahead.ts [people]
 * Uses DATABASE_URL when set (the bench creates and drops its own tables' rows under team TBENCH),
 * otherwise an embedded PostgreSQL in a temporary folder.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db';
import { normaliseTag } from '../src/domain/passions/normalise';
import { createLogger } from '../src/logger';
import type { Services } from '../src/services/context';
import { planPrompts } from '../src/services/prompts';
import { suggestTags } from '../src/services/passions';
import { loadConfig } from '../src/config';

const TEAM = 'TBENCH';
const people = Number(process.argv[2] ?? 5000);
const SYLLABLES = [
  'ro',
  'ck',
  'cli',
  'mb',
  'ing',
  'jazz',
  'pi',
  'an',
  'o',
  'sour',
  'dough',
  'chess',
  'ru',
  'nn',
  'ka',
  'ya',
  'k',
  'bo',
  'ard',
  'ga',
  'me',
  'te',
  'a',
  'po',
  'tt',
  'ery',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weaver-bench-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as 'postgres' and must enter the folder
  const logger = createLogger('warn');
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir, logger });
  const db = database.knex;
  const config = loadConfig({ LOG_LEVEL: 'warn' }, 'database');
  const services: Services = {
    db,
    logger,
    config,
    now: () => new Date('2026-11-16T09:00:00Z'),
    slackFor: async () => null,
  };
  try {
    const random = rng(42);
    const vocabulary = Array.from({ length: 1500 }, () => {
      const words = 1 + Math.floor(random() * 2);
      return Array.from({ length: words }, () =>
        Array.from(
          { length: 2 + Math.floor(random() * 3) },
          () => SYLLABLES[Math.floor(random() * SYLLABLES.length)],
        ).join(''),
      ).join(' ');
    });
    await db('passions').where({ team_id: TEAM }).delete();
    await db('members').where({ team_id: TEAM }).delete();
    await db('jobs').where({ team_id: TEAM }).delete();
    const seedStarted = Date.now();
    for (let start = 0; start < people; start += 500) {
      const members = [];
      const rows = [];
      for (let i = start; i < Math.min(people, start + 500); i += 1) {
        const userId = `U${String(i).padStart(7, '0')}`;
        members.push({ team_id: TEAM, user_id: userId, tz: 'Europe/London' });
        if (i % 2) continue; // half have shared passions, half will be prompted
        const tags = new Map<string, string>();
        while (tags.size < 8) {
          const label = vocabulary[Math.floor(vocabulary.length * random() ** 2.5)]; // popular tags far more common
          tags.set(normaliseTag(label), label);
        }
        const list = [...tags].map(([tag, label]) => ({ tag, label }));
        rows.push({
          team_id: TEAM,
          user_id: userId,
          tags: JSON.stringify(list.slice(0, 6)),
          teach: JSON.stringify(list.slice(6, 7)),
          learn: JSON.stringify(list.slice(7)),
        });
      }
      await db('members').insert(members);
      if (rows.length) await db('passions').insert(rows);
    }
    console.log(
      `seeded ${people} members (${Math.ceil(people / 2)} with 8 tags each) in ${Date.now() - seedStarted} ms`,
    );

    const queries = ['r', 'ro', 'roc', 'rock', 'ch', 'che', 'jazz', 'sour', 'ka', 'z', 'po', 'ga', 'bo', 'pian', 'ery'];
    const times: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      for (const q of queries) {
        const started = process.hrtime.bigint();
        const { suggestions } = await suggestTags(services, TEAM, q);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (round === 0 && q === 'ro')
          console.log(
            `"ro" → ${suggestions
              .slice(0, 5)
              .map((s) => `${s.label} (${s.people})`)
              .join(', ')}`,
          );
      }
    }
    times.sort((a, b) => a - b);
    console.log(
      `typeahead (${times.length} queries): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (Slack's limit: 3000 ms)`,
    );

    let planned = 0;
    const planStarted = Date.now();
    for (;;) {
      const n = await planPrompts(services, TEAM);
      planned += n;
      if (!n) break;
    }
    const planMs = Date.now() - planStarted;
    const again = Date.now();
    await planPrompts(services, TEAM);
    console.log(
      `first prompt planning: ${planned} prompts planned in ${planMs} ms; an idle planner pass afterwards takes ${Date.now() - again} ms`,
    );
    const perDay = await db('jobs')
      .where({ team_id: TEAM })
      .select(db.raw("to_char(due_at, 'YYYY-MM-DD') as day"), db.raw('count(*) as n'))
      .groupBy('day')
      .orderBy('day');
    console.log(
      `first prompts per day: ${perDay.map((r: { day: string; n: number }) => `${r.day} ${r.n}`).join(', ')}`,
    );
  } finally {
    await db('jobs').where({ team_id: TEAM }).delete();
    await db('passions').where({ team_id: TEAM }).delete();
    await db('members').where({ team_id: TEAM }).delete();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

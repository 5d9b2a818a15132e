/**
 * How fast is the Home tab on a 50,000-person workspace? Goal: published within 1 s of
 * app_home_opened. Seeds PostgreSQL (DATABASE_URL, or an embedded one in a temporary folder) with
 * 50,000 people in 300 departments, 5,000 channels, ~500,000 memberships, 40,000 passion answers,
 * 5,000 introductions and two large report snapshots; then times `publishHome` (database reads +
 * building the view + views.publish to a local fake Slack) for a member and for a lead.
 *
 *   node bin/run-ts.cjs bench/home.ts [--people 50000] [--runs 20]
 *   BENCH_PROFILE=1 … also times each store query once
 */
import { introFunnel } from '../src/domain/introductions/funnel';
import { loadIntroFunnel } from '../src/services/introFunnel';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WebClient } from '@slack/web-api';
import type { Knex } from 'knex';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db';
import { createLogger } from '../src/logger';
import type { Services } from '../src/services/context';
import { publishHome } from '../src/services/home/page';
import * as store from '../src/store/home';
import * as snapshots from '../src/store/snapshots';
import * as passions from '../src/store/passions';
import { leadDashboard } from '../src/domain/dashboard';
import { FakeSlack } from '../tests/support/fakeSlack';
import { scaledSiloReport } from '../tests/support/siloReports';
import type { SiloReport } from '../src/domain/silos/types';

const TEAM = 'TBENCH';

/** The stored report: a SiloReport of `people` people in 300 departments, with long listings. */
function syntheticReport(people: number, shift: number): SiloReport {
  return scaledSiloReport({
    departments: 300,
    size: Math.floor(people / 300),
    channels: 5000,
    bridges: 2000,
    communities: 200,
    shift,
  });
}

async function seed(services: Services, people: number): Promise<void> {
  const { db } = services;
  const t0 = Date.now();
  await db.raw(
    `insert into members (team_id, user_id, name, department, is_admin)
     select ?, 'U' || lpad(g::text, 7, '0'), 'person' || g, 'Department ' || (g % 300), g = 1
       from generate_series(1, ?) g`,
    [TEAM, people],
  );
  await db.raw(
    `insert into passions (team_id, user_id, tags, teach, learn)
     select ?, 'U' || lpad(g::text, 7, '0'),
            jsonb_build_array(jsonb_build_object('tag', 'tag-' || (g % 500), 'label', 'Tag ' || (g % 500)),
                              jsonb_build_object('tag', 'tag-' || ((g * 7) % 500), 'label', 'Tag ' || ((g * 7) % 500)),
                              jsonb_build_object('tag', 'tag-' || ((g * 13) % 500), 'label', 'Tag ' || ((g * 13) % 500))),
            '[]'::jsonb, '[]'::jsonb
       from generate_series(1, ?) g where g % 5 <> 0`,
    [TEAM, people],
  );
  await db.raw(
    `insert into channels (team_id, channel_id, name, kind, purpose)
     select ?, 'C' || lpad(g::text, 7, '0'), 'channel-' || g, case when g % 10 = 0 then 'purpose' else 'other' end, 'purpose of channel ' || g
       from generate_series(1, 5000) g`,
    [TEAM],
  );
  await db.raw(
    `insert into memberships (team_id, channel_id, user_id)
     select ?, 'C' || lpad((1 + (p * 37 + k * 491) % 5000)::text, 7, '0'), 'U' || lpad(p::text, 7, '0')
       from generate_series(1, ?) p, generate_series(1, 10) k
     on conflict do nothing`,
    [TEAM, people],
  );
  await db.raw(
    `insert into intro_rounds (team_id, period_key, status) select ?, '2026-W' || lpad(g::text, 2, '0'), 'done' from generate_series(1, 20) g`,
    [TEAM],
  );
  await db.raw(
    `insert into intros (team_id, round_id, status, outcome)
     select ?, (select id from intro_rounds where team_id = ? order by id limit 1 offset (g % 20)),
            case when g % 3 = 0 then 'accepted' when g % 3 = 1 then 'declined' else 'proposed' end,
            case when g % 6 = 0 then 'met' end
       from generate_series(1, 5000) g`,
    [TEAM, TEAM],
  );
  await db.raw(
    `insert into intro_members (intro_id, team_id, user_id, response)
     select i.id, i.team_id, 'U' || lpad((1 + (i.id * 2 + k) % ?)::text, 7, '0'), case when i.status = 'proposed' then 'pending' else 'accepted' end
       from intros i, generate_series(0, 1) k where i.team_id = ?`,
    [people, TEAM],
  );
  await db('report_snapshots').insert({
    team_id: TEAM,
    day: '2026-11-15',
    report: JSON.stringify(syntheticReport(people, 0.01)),
  });
  await db('report_snapshots').insert({
    team_id: TEAM,
    day: '2026-11-16',
    report: JSON.stringify(syntheticReport(people, 0)),
  });
  await db.raw('analyze');
  console.log(`seeded ${people} people in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Leaves a shared DATABASE_URL as it was: only the bench workspace's rows are touched. */
async function removeBenchData(db: Knex): Promise<void> {
  for (const table of [
    'intro_members',
    'intros',
    'intro_rounds',
    'passions',
    'memberships',
    'channels',
    'members',
    'report_snapshots',
  ]) {
    await db(table).where({ team_id: TEAM }).del();
  }
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms`;
}

async function profile(services: Services): Promise<void> {
  const { db } = services;
  const time = async (label: string, f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    console.log(`  ${label}: ${(performance.now() - t).toFixed(0)} ms`);
  };
  const tags = (await passions.passionLabelsOf(db, TEAM, 'U0000007'))!.canonicalTags;
  await time('memberFlags', () => store.memberFlags(db, TEAM, 'U0000007'));
  await time('passionLabelsOf', () => passions.passionLabelsOf(db, TEAM, 'U0000007'));
  await time('pendingSuggestionFor', () => store.pendingSuggestionFor(db, TEAM, 'U0000007'));
  await time('recentIntrosFor', () => store.recentIntrosFor(db, TEAM, 'U0000007', 5));
  await time('channelsToDiscover', () => store.channelsToDiscover(db, TEAM, 'U0000007', tags, 2, 5));
  await time('latestSnapshots', () => snapshots.latestSnapshots(db, TEAM, 2));
  await time('passionAnswerCounts', () => store.passionAnswerCounts(db, TEAM));
  await time('introTotals', () => store.introTotals(db, TEAM));
  await time('loadIntroFunnel', () => loadIntroFunnel(db, TEAM, new Date(), 5));
  const snaps = await snapshots.latestSnapshots(db, TEAM, 2);
  await time('leadDashboard (parse two snapshots)', async () =>
    leadDashboard({ day: snaps[0].day, report: snaps[0].report }, { day: snaps[1].day, report: snaps[1].report }, 5, {
      activeMembers: 1,
      membersWithPassions: 1,
      introsAccepted: 1,
      introsMet: 1,
      funnel: introFunnel({ rounds: [], now: new Date(), threshold: 5 }),
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { people: { type: 'string', default: '50000' }, runs: { type: 'string', default: '20' } },
  });
  const people = Number(values.people);
  const runs = Number(values.runs);
  const logger = createLogger('warn');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'weaver-bench-home-'));
  // As root, PostgreSQL runs as the 'postgres' user, which must be able to enter this folder.
  chmodSync(dataDir, 0o755);
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, logger });
  const fake = await new FakeSlack().start();
  try {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', SLACK_API_URL: fake.url, LOG_LEVEL: 'warn' },
      'app',
    );
    const client = new WebClient('xoxb-bench', { slackApiUrl: fake.url });
    const services: Services = {
      db: database.knex,
      logger,
      config,
      now: () => new Date('2026-11-16T12:00:00Z'),
      slackFor: async () => client,
    };
    await removeBenchData(database.knex);
    await seed(services, people);

    for (const [label, userId, state] of [
      ['member page (passions, intros, communities to discover)', 'U0000007', {}],
      ['lead view (latest two snapshots, funnel, answer rate)', 'U0000001', { mode: 'lead' as const }],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const t = performance.now();
        await publishHome(services, client, TEAM, userId, state);
        times.push(performance.now() - t);
      }
      const view = fake.callsTo('views.publish').at(-1)!.args.view;
      console.log(
        `${label}: ${stats(times)} over ${runs} runs; ${view.blocks.length} blocks, ${JSON.stringify(view).length} bytes`,
      );
    }
    console.log('goal: published within 1000 ms of app_home_opened');
    if (process.env.BENCH_PROFILE) await profile(services);
  } finally {
    await removeBenchData(database.knex).catch(() => undefined);
    await fake.stop();
    await database.close();
    if (!process.env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

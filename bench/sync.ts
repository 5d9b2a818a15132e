/**
 * Install day of a large workspace under Slack's rate limits: the fake Slack enforces Slack's tiers
 * per method on a virtual clock, so hours of Slack's time replay in minutes. For each department
 * source it prints the Slack time to the two reports the sync publishes: the first useful report
 * (departments known for >= 90 % of people, member lists read for the channels holding >= 90 % of
 * all memberships by Slack's num_members) and the full report (every member list read), the line
 * the first report states about its coverage, the API calls by method (429s among them) and the
 * process's peak memory (the fake Slack's workspace included). The sync reads people (and SCIM, or
 * the profile field) and channels (and member lists) at once; the virtual clock lets Slack time pass
 * only when every part waits, so the figures do not depend on the machine's load. Each report is
 * published as its `report.snapshot` job would (channel kinds, then the SiloReport stored) at the
 * Slack time the sync asks for it, and the coverage line printed is the one in that stored report,
 * checked against what had really been read by then.
 *   node bin/run-ts.cjs bench/sync.ts [--people 50000] [--channels 5000]
 *        [--sources scim,hr_file,profile_field,scim+export,hr_file+export] [--latency-ms 100] [--own-cost]
 * --own-cost also times a full back-fill with no rate limits (our own cost: SQL, pagination, ledger).
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary folder.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db';
import { minutesInWords } from '../src/domain/format';
import type { SiloReport } from '../src/domain/silos/types';
import { renderText } from '../src/report/text';
import { recomputeChannelKinds } from '../src/services/channelKinds';
import { refreshSiloReport } from '../src/services/report';
import { createLogger } from '../src/logger';
import { runFullSync } from '../src/services/sync';
import { envTokenClients, webClient } from '../src/slack/clients';
import { FakeSlack } from '../tests/support/fakeSlack';
import { buildSyncFixture, expectedTotals } from '../tests/support/syncFixture';
import { type DepartmentSourceName, installDay } from '../tests/support/syncScenario';

const minutes = (ms: number) =>
  Number.isFinite(ms) ? (ms < 3_600_000 ? `${(ms / 60_000).toFixed(1)} min` : minutesInWords(ms / 60_000)) : 'never';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '50000' },
      channels: { type: 'string', default: '5000' },
      sources: { type: 'string', default: 'scim,hr_file,profile_field,scim+export,hr_file+export' },
      'own-cost': { type: 'boolean', default: false },
      'latency-ms': { type: 'string', default: '100' },
    },
  });
  const people = Number(values.people);
  // The fixture's fixed channels (general, random, six team channels, a community, a squad) plus projects.
  const projects = Math.max(1, Number(values.channels) - 10);
  const t0 = performance.now();
  const fx = buildSyncFixture({ people, projects });
  const fake = await new FakeSlack(fx.ws).start();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const dir = mkdtempSync(join(tmpdir(), 'weaver-bench-'));
  chmodSync(dir, 0o755); // PostgreSQL's initdb may run as another user (as in tests/support/globalSetup.mjs)
  const logger = createLogger('error'); // each 429 pause is a warning: thousands of lines here
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir, logger });
  try {
    const config = loadConfig(
      { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'x', SLACK_API_URL: fake.url, LOG_LEVEL: 'warn' },
      'app',
    );
    console.log(
      `workspace: ${people} people, ${fx.readable.length} public channels, ${fx.readable.reduce((s, c) => s + c.members.length, 0)} memberships (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const latencyMs = Number(values['latency-ms']);
    console.log(
      `limits: Tier 2 20/min, Tier 3 50/min, Tier 4 100/min per method; SCIM as Tier 2; ${latencyMs} ms of Slack time per answered call\n`,
    );
    let team = 0;
    for (const name of values.sources.split(',')) {
      const [source, extra] = name.split('+') as [DepartmentSourceName, string | undefined];
      const started = performance.now();
      const teamId = `T0BENCH${++team}`;
      // The report.snapshot job's work, run when the sync enqueues it (charts are left out: Slack uploads).
      const published: Array<{ kind: string; report: SiloReport; wallMs: number }> = [];
      const r = await installDay({
        onReport: async (kind, services) => {
          const t = performance.now();
          await recomputeChannelKinds(services, teamId, undefined, { countTalk: true });
          const snapshot = await refreshSiloReport(services, teamId);
          published.push({ kind, report: snapshot.report as SiloReport, wallMs: performance.now() - t });
        },
        db: database.knex,
        fake,
        fx,
        config,
        logger,
        teamId,
        source,
        withExport: extra === 'export',
        botToken: 'xoxb-bench',
        latencyMs,
        stopAtFullReport: true, // history is left to events and the export; no change to the figures
      });
      const wall = (performance.now() - started) / 1000;
      const calls = Object.entries(r.calls)
        .sort((a, b) => b[1] - a[1])
        .map(([m, n]) => `${m} ${n}${r.rateLimited[m] ? ` (${r.rateLimited[m]} × 429)` : ''}`)
        .join(', ');
      const at = (ms: number) => new Date(fx.now.getTime() + ms).toISOString();
      const total = fx.readable.reduce((sum, c) => sum + c.members.length, 0);
      const first = published[0];
      const said = first
        ? (renderText(first.report).match(/Memberships read for [^.\n]*\./)?.[0] ?? 'every member list read')
        : 'none';
      const truth = r.withExport ? { channels: fx.readable.length, memberships: total } : r.firstReportTruth;
      console.log(`${name}:`);
      console.log(
        `  first useful report (departments >= 90 %, memberships >= 90 %) published after ${minutes(r.firstReportMs)} of Slack time (${first?.kind ?? 'none'}; computed in ${((first?.wallMs ?? 0) / 1000).toFixed(1)} s of wall time)`,
      );
      console.log(`    it says: ${said} (install at ${at(0).slice(11, 16)} UTC)`);
      console.log(
        `    true then: member lists read for ${truth?.channels ?? 0} of ${fx.readable.length} channels, ${Math.floor((100 * (truth?.memberships ?? 0)) / total)} % of all memberships (by the fixture); every list read at ${at(r.membershipsAtMs).slice(11, 16)} UTC`,
      );
      const at15 = r.membersTimeline.filter((p) => p.ms <= 15 * 60_000).at(-1);
      if (!r.withExport)
        console.log(
          `    after 15 min of Slack time: member lists read for ${at15?.channels ?? 0} channels, ${Math.floor((100 * (at15?.memberships ?? 0)) / total)} % of all memberships`,
        );
      console.log(
        `  full report (every member list read, departments done) published after ${minutes(r.fullReportMs)} of Slack time`,
      );
      console.log(
        `    memberships complete at ${minutes(r.membershipsAtMs)}; departments >= 90 % at ${minutes(r.departmentsAtMs)} (${r.departmentsKnown} of ${r.people} known)`,
      );
      console.log(`  API calls: ${calls}`);
      console.log(
        '  stopped there: history is left to events and the export (at least 100 min at Tier 3 for one page a channel)',
      );
      console.log(
        `  replayed in ${wall.toFixed(1)} s of wall time; peak RSS so far ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
      );
    }
    if (values['own-cost']) {
      fake.reset(fx.ws);
      const services = {
        db: database.knex,
        logger,
        config,
        now: () => fx.now,
        slackFor: envTokenClients(config, logger),
      };
      const client = webClient('xoxb-bench', config, logger);
      const t1 = performance.now();
      const first = await runFullSync(services, 'T0OWNCOST', client);
      const t2 = performance.now();
      const again = await runFullSync(services, 'T0OWNCOST', client);
      const t3 = performance.now();
      console.log(
        `own cost (no rate limits): first sync ${((t2 - t1) / 1000).toFixed(2)} s, ${fake.calls.length} calls; re-run ${((t3 - t2) / 1000).toFixed(2)} s, ${again.interactionsAdded} added; counts match: ${JSON.stringify(first.interactions) === JSON.stringify(expectedTotals(fx.expected))}`,
      );
    }
    console.log(
      `peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB (bench process, fake Slack included; PostgreSQL apart)`,
    );
  } finally {
    clearInterval(sampler);
    await database.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

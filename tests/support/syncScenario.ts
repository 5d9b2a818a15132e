/**
 * Install day of a large workspace, on the fake Slack under Slack's rate limits and a virtual
 * clock: how long (in Slack's time) until the sync publishes its first useful report (departments
 * known for at least 90 % of people, member lists read for channels holding at least 90 % of all
 * memberships) and its full report (every member list read), with each department source. Used by
 * bench/sync.ts (50,000 people) and tests/integration/syncAtScale.test.ts (2,000 people).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/logger';
import type { Services } from '../../src/services/context';
import { importDepartmentsCsv } from '../../src/services/departments';
import { importSlackExport } from '../../src/services/exportImport';
import { membershipCoverageNow } from '../../src/services/membershipCoverage';
import { runFullSync, type ReportKind, type SyncSummary } from '../../src/services/sync';
import type { MembershipCoverage } from '../../src/domain/silos/types';
import type { Progress } from '../../src/services/sync/progress';
import { webClient } from '../../src/slack/clients';
import { writeSlackExport } from '../../src/import/slackExportWriter';
import { saveSettings, settingsFor } from '../../src/store/settings';
import type { FakeSlack } from './fakeSlack';
import type { SyncFixture } from './syncFixture';
import { VirtualClock } from './virtualClock';

export type DepartmentSourceName = 'scim' | 'hr_file' | 'profile_field';

export interface ScenarioResult {
  source: DepartmentSourceName;
  withExport: boolean;
  /** Slack time (ms) from install to the first useful report the sync published */
  firstReportMs: number;
  /** Slack time (ms) to the full report (every member list read, departments done) */
  fullReportMs: number;
  /** the membership coverage the first report states */
  firstReportCoverage: MembershipCoverage | null;
  /** what was true when the first report was published: member lists read, by the fixture's own lists */
  firstReportTruth: { channels: number; memberships: number } | null;
  /** the channels in the order their members were first asked for */
  membersOrder: string[];
  /** after each member list read: Slack time (ms), channels read, memberships read (by the fixture's lists) */
  membersTimeline: Array<{ ms: number; channels: number; memberships: number }>;
  /** Slack time (ms) when every member list was known */
  membershipsAtMs: number;
  departmentsAtMs: number;
  departmentsKnown: number;
  people: number;
  /** calls per method (429s included), and the 429s among them */
  calls: Record<string, number>;
  rateLimited: Record<string, number>;
  /** the order in which methods were first called */
  methodOrder: string[];
  /** Slack time (ms from install) of each method's first and last call */
  firstCallAtMs: Record<string, number>;
  lastCallAtMs: Record<string, number>;
  /** null when stopped at the first report */
  sync: SyncSummary | null;
  /** history still to read after the first report, and its time at Slack's pace */
  historyMinutesLeft: number;
}

const HUMAN_ACTIVE = (db: Knex, teamId: string) =>
  db('members').where({ team_id: teamId, is_bot: false, is_deleted: false });

export async function installDay(opts: {
  db: Knex;
  fake: FakeSlack;
  fx: SyncFixture;
  config: Config;
  logger: Logger;
  teamId: string;
  source: DepartmentSourceName;
  /** load a Slack export of the workspace first (`weaver import`): memberships known at once */
  withExport?: boolean;
  botToken: string;
  /** Slack time each answered call takes (default 0) */
  latencyMs?: number;
  /** stop the sync once the full report is published (the rest of it does not change the figures) */
  stopAtFullReport?: boolean;
  /** called when the sync publishes a report (a test computes it there) */
  onReport?: (kind: ReportKind, services: Services) => Promise<void>;
}): Promise<ScenarioResult> {
  const { db, fake, fx, teamId, source } = opts;
  fake.reset(fx.ws);
  const vclock = new VirtualClock(fx.now);
  fake.enforceRateLimits({ clock: vclock, latencyMs: opts.latencyMs ?? 0 });
  const config: Config = {
    ...opts.config,
    // No wall-clock timeout: a call waits in the fake for its Slack time while another part of the
    // sync works (a big transaction, a report), and a retry after a timeout would be a call Slack never saw.
    slack: { ...opts.config.slack, scimToken: fake.scimToken, scimUrl: fake.scimUrl, timeoutMs: 0 },
  };
  const client = webClient(opts.botToken, config, opts.logger, { sleep: vclock.sleep, now: () => vclock.nowMs() });
  const services: Services = {
    db,
    logger: opts.logger,
    config,
    now: vclock.now,
    sleep: vclock.sleep,
    concurrently: vclock.concurrently,
    slackFor: async () => client,
  };
  const settings = await settingsFor(db, teamId);
  await saveSettings(db, teamId, {
    ...settings,
    departmentSource: { ...settings.departmentSource, kind: source === 'hr_file' ? 'csv' : source },
  });
  const start = vclock.nowMs();
  let membershipsAt: number | undefined;
  let departmentsAt: number | undefined;
  const reportAt: Partial<Record<ReportKind, number>> = {};
  let firstReportCoverage: MembershipCoverage | null = null;
  let firstReportTruth: ScenarioResult['firstReportTruth'] = null;

  if (opts.withExport) {
    const dir = mkdtempSync(join(tmpdir(), 'weaver-export-'));
    try {
      await writeSlackExport(
        {
          users: fx.ws.users.map((u) => ({ id: u.id, name: u.name, isBot: u.is_bot, deleted: u.deleted, title: null })),
          channels: fx.readable.map((c) => ({
            id: c.id,
            name: c.name,
            created: new Date(c.created * 1000).toISOString(),
            creator: c.creator,
            members: c.members,
          })),
          interactions: [],
        },
        dir,
      );
      await importSlackExport(services, teamId, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    membershipsAt = vclock.nowMs();
  }

  const known = async () => {
    const row = await HUMAN_ACTIVE(db, teamId).first(
      db.raw('count(*)::int as people'),
      db.raw('count(department)::int as known'),
    );
    return { people: row.people as number, known: row.known as number };
  };
  // The profile back-fill: note the moment 90 % are known (checked once per chunk read).
  let checking = false;
  const silent: Progress = { start: () => undefined, advance: () => undefined, stop: () => undefined };
  const progress: Progress = {
    lane: () => silent,
    start: () => undefined,
    stop: () => undefined,
    advance: () => {
      if (source !== 'profile_field' || departmentsAt !== undefined || checking) return;
      const at = vclock.nowMs();
      checking = true;
      void known().then((k) => {
        checking = false;
        if (departmentsAt === undefined && k.people && k.known / k.people >= 0.9) departmentsAt = at;
      });
    },
  };
  const uploadHrFile = async () => {
    const rows = fx.humans.map((id) => `${fake.user(id)?.profile.email},${fx.departmentOf.get(id) ?? ''}`);
    await importDepartmentsCsv(
      services,
      teamId,
      ['id,department', ...rows.filter((r) => !r.endsWith(','))].join('\n'),
      client,
      { name: 'hris.csv' },
    );
    departmentsAt = vclock.nowMs();
  };
  const channelSteps = new Set(fx.readable.map((c) => `members:${c.id}`));
  let membersLeft = channelSteps.size;
  const sizeOf = new Map(fx.readable.map((c) => [`members:${c.id}`, c.members.length]));
  const membersTimeline: ScenarioResult['membersTimeline'] = [];
  const reached = new Error('full report reached');
  const sync = await runFullSync(services, teamId, client, {
    historyRequests: 0, // history is not needed for the first report (events and the export bring it)
    progress,
    onStepDone: async (name) => {
      // The lead uploads the HRIS export (by e-mail, as HR systems know people) once the people are read.
      if (name === 'users' && source === 'hr_file') await uploadHrFile();
      if (channelSteps.has(name)) {
        const last = membersTimeline.at(-1) ?? { channels: 0, memberships: 0 };
        membersTimeline.push({
          ms: vclock.nowMs() - start,
          channels: last.channels + 1,
          memberships: last.memberships + (sizeOf.get(name) ?? 0),
        });
      }
      if (channelSteps.has(name) && --membersLeft === 0 && membershipsAt === undefined) membershipsAt = vclock.nowMs();
      if (name === 'departments:scim') departmentsAt = vclock.nowMs();
    },
    onReport: async (kind) => {
      reportAt[kind] = vclock.nowMs();
      if (!firstReportTruth) firstReportTruth = membersTimeline.at(-1) ?? { channels: 0, memberships: 0 };
      if (!firstReportCoverage) firstReportCoverage = await membershipCoverageNow(services, teamId);
      await opts.onReport?.(kind, services);
      if (kind === 'complete' && opts.stopAtFullReport) throw reached;
    },
  }).catch((err) => {
    if (err === reached) return null;
    throw err;
  });
  const k = await known();
  if (departmentsAt === undefined && k.known / k.people >= 0.9) departmentsAt = vclock.nowMs();
  const calls = fake.callCounts();
  const methodOrder = [...new Set(fake.calls.map((c) => c.method))];
  const firstCallAtMs: Record<string, number> = {};
  const lastCallAtMs: Record<string, number> = {};
  for (const c of fake.calls) {
    firstCallAtMs[c.method] ??= c.at - start;
    lastCallAtMs[c.method] = c.at - start;
  }
  const membersOrder = [
    ...new Set(fake.calls.filter((c) => c.method === 'conversations.members').map((c) => String(c.args.channel))),
  ];
  return {
    source,
    withExport: Boolean(opts.withExport),
    firstReportMs: (reportAt.first ?? reportAt.complete ?? Number.NaN) - start,
    fullReportMs: (reportAt.complete ?? Number.NaN) - start,
    firstReportCoverage,
    firstReportTruth,
    membersOrder,
    membersTimeline,
    membershipsAtMs: (membershipsAt ?? Number.NaN) - start,
    departmentsAtMs: (departmentsAt ?? Number.NaN) - start,
    departmentsKnown: k.known,
    people: k.people,
    calls,
    rateLimited: Object.fromEntries(fake.rateLimited),
    methodOrder,
    firstCallAtMs,
    lastCallAtMs,
    sync,
    historyMinutesLeft: sync?.historyMinutesLeft ?? Number.NaN,
  };
}

/**
 * Back-fill of a workspace (`weaver sync`, and the first start of a workspace), in two lanes that run
 * at once because Slack limits each method apart:
 *   people:   users.list (with SCIM's pages read alongside) → departments (SCIM applied, or the profile field)
 *   channels: conversations.list → channel members
 * then (both done) department channels → channel kinds → the full report → recent history.
 * Member lists are read the largest first (by Slack's `num_members`, most memberships per call), and
 * a first report is published (a `report.snapshot` job) as soon as departments are known for 90 % of
 * people and the lists read hold 90 % of all memberships; the full one once every list is read and
 * departments are done. Each report states its membership coverage.
 * Lists are read with `client.paginate`; every 429 is waited out by our client (src/slack/clients.ts,
 * which logs each pause), and history keeps to Slack's 2025 pace when the app is distributed outside
 * the Marketplace. Every write is an idempotent upsert and interaction counts go
 * through the ledger, so running sync twice changes nothing. Each finished step (the user list, the
 * channel list, one channel's members, one chunk of profiles, one channel's history) is recorded
 * in `sync_steps` (profiles: `members.profile_read_at`): an interrupted run resumes after its last
 * finished step, with the same history window; a history budget ends a run early the same way.
 * Message text is read only to find mentions and is never stored or logged.
 */
import type { WebClient } from '@slack/web-api';
import type { MessageMeta } from '../../domain/interactions';
import {
  channelsOfTeam,
  markChannelsDeletedExcept,
  memberListStates,
  setListedMemberCounts,
  upsertChannels,
} from '../../store/channels';
import { enqueueJob } from '../../store/jobs';
import { recordInteractions, interactionTotals, type CountedKind } from '../../store/interactions';
import { replaceChannelMembers } from '../../store/memberships';
import {
  allBotIds,
  departmentCounts,
  departmentsKnown,
  setDepartments,
  upsertMembers,
  type DepartmentCount,
} from '../../store/members';
import { settingsFor } from '../../store/settings';
import {
  currentOrNewSyncRun,
  finishSyncRun,
  finishedSteps,
  lastFinishedSync,
  markStepDone,
  type SyncRun,
} from '../../store/syncRuns';
import { recomputeChannelKinds } from '../channelKinds';
import type { Services } from '../context';
import { departmentsFromChannels } from '../departments';
import { readProfileDepartmentsBackfill } from '../profileBackfill';
import { applyScimPeople, readScimOfWorkspace } from '../scimDepartments';
import type { Settings } from '../../domain/settings';
import { allSources } from '../interactionSources';
import { paceMethod } from '../../slack/clients';
import { logProgress, type Progress } from './progress';
import { channelFromSlack, memberFromSlackUser, type SlackChannel, type SlackUser } from './slackRows';
import { DAY_MS } from '../../domain/time';
import { coverageOf, FIRST_REPORT_MEMBERSHIP_SHARE, memberReadOrder } from '../../domain/silos/membershipCoverage';
import { REPORT_SNAPSHOT_JOB } from '../report';

export interface DepartmentSourceChoice {
  kind?: 'profile_field' | 'csv' | 'channels' | 'scim';
  profileFieldLabel?: string;
  channelPattern?: string;
}

export interface SyncOptions {
  /** history window in days for a new run (default settings.historyDays) */
  historyDays?: number;
  /** stop at the next step boundary after this moment and report an incomplete run (jobs use it) */
  deadline?: Date;
  progress?: Progress;
  /** items per page of every list (default: 999 for people, channels and members, 200 for history) */
  pageSize?: number;
  /** history budget: at most about this many history requests in this run (the rest resumes next run) */
  historyRequests?: number;
  /** told when each step finishes (benches measure the time to a first useful report with it) */
  onStepDone?: (name: string) => void | Promise<void>;
  /** told when a report is published: the first useful one, and the one with every member list read */
  onReport?: (kind: ReportKind) => void | Promise<void>;
}

/** 'first': departments and memberships at least 90 % known; 'complete': every member list read. */
export type ReportKind = 'first' | 'complete';

/** A first report needs departments for at least this share of active people. */
export const FIRST_REPORT_DEPARTMENT_SHARE = 0.9;

/** Slack's 2025 limit for apps distributed outside the Marketplace. */
export const HISTORY_2025_PER_MINUTE = 1;
export const HISTORY_2025_PAGE = 15;
/** Tier 3, conversations.history otherwise. */
const HISTORY_PER_MINUTE = 50;

export interface SyncSummary {
  complete: boolean;
  resumed: boolean;
  members: number;
  departments: DepartmentCount[];
  channels: number;
  interactionsAdded: number;
  interactions: Record<CountedKind, number>;
  historyOldest: Date;
  /** channels whose history is still to read (0 when done) */
  historyChannelsLeft: number;
  /** at least this many minutes of Slack's pace to read them (one request a channel) */
  historyMinutesLeft: number;
  /** the history budget (requests) of this run was spent */
  historyBudgetSpent: boolean;
}

class Interrupted extends Error {}

/** Runs (or resumes) the full back-fill of one workspace. */
export async function runFullSync(
  services: Services,
  teamId: string,
  client: WebClient,
  opts: SyncOptions = {},
): Promise<SyncSummary> {
  const { db, logger } = services;
  const settings = await settingsFor(db, teamId);
  // Never read further back than retention keeps counts, or each sync would re-add what retention deleted.
  const historyDays = Math.min(opts.historyDays ?? settings.historyDays, settings.retentionDays);
  const run = await currentOrNewSyncRun(
    db,
    teamId,
    services.now(),
    new Date(services.now().getTime() - historyDays * DAY_MS),
  );
  const done = await finishedSteps(db, run);
  const progress = opts.progress ?? logProgress(services, teamId);
  // Slack's lists take up to 1,000 items ("under 1,000" for conversations.*): fewer pages, fewer Tier 2 waits.
  const listLimit = opts.pageSize ?? 999;
  const outside = settings.distributedOutsideMarketplace;
  const limit = outside ? Math.min(opts.pageSize ?? HISTORY_2025_PAGE, HISTORY_2025_PAGE) : (opts.pageSize ?? 200);
  for (const m of ['conversations.history', 'conversations.replies']) paceMethod(client, m, outside ? 60_000 : null);
  let historyCalls = 0;
  const budgetSpent = () => opts.historyRequests !== undefined && historyCalls >= opts.historyRequests;
  let interactionsAdded = 0;
  if (run.resumed) logger.info({ teamId, finishedSteps: done.size }, 'sync: resuming an interrupted run');

  const step = async (name: string, work: () => Promise<void>) => {
    if (done.has(name)) return;
    if (failure !== undefined) throw new Interrupted(); // the other lane failed: stop here
    if (opts.deadline && services.now() > opts.deadline) throw new Interrupted();
    await work();
    await markStepDone(db, run, name);
    done.add(name);
    await opts.onStepDone?.(name);
  };
  const historyLeft = (channelIds: string[]) => channelIds.filter((id) => !done.has(`history:${id}`)).length;
  const finish = (complete: boolean, channelIds: string[]) => {
    const left = historyLeft(channelIds);
    return summary(services, teamId, run, complete, interactionsAdded, {
      historyChannelsLeft: left,
      historyMinutesLeft: Math.ceil(left / (outside ? HISTORY_2025_PER_MINUTE : HISTORY_PER_MINUTE)),
      historyBudgetSpent: budgetSpent(),
    });
  };
  let channelIds: string[] = [];

  // Reports while the sync runs. Departments are checked at most once a minute (of the sync's
  // clock) until they are 90 % known, then trusted; memberships are counted as lists are read.
  let departmentsCheckedAt = Number.NEGATIVE_INFINITY;
  let departmentsReady = false;
  const membership = { counted: false, read: 0, total: 0 };
  const departmentsAreReady = async (force: boolean) => {
    if (departmentsReady) return true;
    const now = services.now().getTime();
    if (!force && now - departmentsCheckedAt < 60_000) return false;
    departmentsCheckedAt = now;
    const d = await departmentsKnown(db, teamId);
    departmentsReady = d.people > 0 && d.known >= FIRST_REPORT_DEPARTMENT_SHARE * d.people;
    return departmentsReady;
  };
  const publishReport = (kind: ReportKind) =>
    step(`report:${kind}`, async () => {
      // The snapshot job brings the channels' kinds up to date first (the kinds step comes later).
      await enqueueJob(db, {
        teamId,
        kind: REPORT_SNAPSHOT_JOB,
        dueAt: services.now(),
        idempotencyKey: `sync-report:${run.runId}:${kind}`,
        maxAttempts: 3,
      });
      logger.info(
        { teamId, kind, membershipsRead: membership.read, memberships: membership.total },
        'sync: report due',
      );
      await opts.onReport?.(kind);
    });
  // Only a workspace's first sync needs an early report; a later one has reports already.
  const firstEver = (await lastFinishedSync(db, teamId)) === null;
  // Both lanes ask; one at a time, so the first report is published once.
  let reportCheck: Promise<void> = Promise.resolve();
  const firstReportIfDue = (force = false): Promise<void> => {
    const check = reportCheck.then(async () => {
      if (!firstEver || done.has('report:first') || done.has('report:complete')) return;
      // Not before the channels lane knows how many memberships there are (the people lane may finish first).
      if (!membership.counted || membership.read < FIRST_REPORT_MEMBERSHIP_SHARE * membership.total) return;
      if (await departmentsAreReady(force)) await publishReport('first');
    });
    reportCheck = check.catch(() => undefined);
    return check;
  };

  // The people and the channels are independent: each lane keeps to its own methods' limits
  // (users.list and SCIM, or users.profile.get; conversations.list and conversations.members), so
  // they run at once and the first report waits only for the slower of the two.
  // A lane that fails stops the other at its next step (both settle before the sync goes on), and
  // the sync ends with the first failure (an interruption only when nothing else went wrong).
  let failure: unknown;
  const together = async (parts: Array<() => Promise<void>>): Promise<void> => {
    const guarded = parts.map((part) => async () => {
      try {
        await part();
      } catch (err) {
        if (failure === undefined || (failure instanceof Interrupted && !(err instanceof Interrupted))) failure = err;
        throw err;
      }
    });
    await (services.concurrently ?? allSettled)(guarded).catch(() => {
      throw failure;
    });
  };
  const source = settings.departmentSource;
  const channelsProgress = progress.lane?.() ?? progress;
  let channels: Awaited<ReturnType<typeof channelsOfTeam>> = [];

  const readUsers = () =>
    step('users', async () => {
      progress.start('people', 0);
      for await (const page of client.paginate('users.list', { limit: listLimit })) {
        const users = ((page as { members?: SlackUser[] }).members ?? []).filter((u) => u.id);
        await upsertMembers(db, teamId, users.map(memberFromSlackUser), services.now());
        progress.advance(users.length);
      }
      progress.stop();
    });

  // People, then departments from their source. SCIM's pages are read alongside users.list (its own
  // limits) and applied once the people are stored; a profile field is read after users.list,
  // alongside the member lists (users.profile.get is limited apart from conversations.members).
  const peopleLane = async () => {
    if (source.kind === 'scim' && !done.has('departments:scim')) {
      let scim: Awaited<ReturnType<typeof readScimOfWorkspace>> | undefined;
      await together([
        readUsers,
        async () => {
          if (opts.deadline && services.now() > opts.deadline) throw new Interrupted();
          const scimProgress = progress.lane?.() ?? progress;
          scimProgress.start('departments (SCIM)', 0);
          scim = await readScimOfWorkspace(services);
          scimProgress.advance(scim.people.length);
          scimProgress.stop();
        },
      ]);
      await step('departments:scim', async () => {
        await applyScimPeople(services, teamId, scim!);
      });
    } else {
      await readUsers();
      if (source.kind === 'profile_field')
        await syncDepartments(services, teamId, client, step, progress, opts.deadline, source, () =>
          firstReportIfDue(true),
        );
    }
    await firstReportIfDue(true);
  };

  const channelsLane = async () => {
    const progress = channelsProgress;
    await step('channels', async () => {
      progress.start('channels', 0);
      const seen: string[] = [];
      const types = settings.readPrivateChannels ? 'public_channel,private_channel' : 'public_channel';
      for await (const page of client.paginate('conversations.list', {
        types,
        exclude_archived: false,
        limit: listLimit,
      })) {
        const listed = ((page as { channels?: SlackChannel[] }).channels ?? []).filter(
          (c) => c.id && (settings.readPrivateChannels || !c.is_private),
        );
        await upsertChannels(db, teamId, listed.map(channelFromSlack), services.now());
        await setListedMemberCounts(
          db,
          teamId,
          listed.flatMap((c) =>
            typeof c.num_members === 'number' ? [{ channelId: c.id!, count: c.num_members }] : [],
          ),
        );
        seen.push(...listed.map((c) => c.id!));
        progress.advance(listed.length);
      }
      await markChannelsDeletedExcept(db, teamId, seen, services.now());
      progress.stop();
    });

    channels = await channelsOfTeam(db, teamId, {
      publicOnly: !settings.readPrivateChannels,
      includeArchived: false,
    });
    // Most memberships per call first (the large channels carry most ties); every list is still
    // read in this run, the small channels last. The order is the same on a resumed run.
    const lists = await memberListStates(db, teamId, { includePrivate: settings.readPrivateChannels });
    const coverage = coverageOf(lists, { nowMs: services.now().getTime(), syncRunning: true, pageSize: listLimit });
    membership.read = coverage.membershipsRead;
    membership.total = coverage.memberships;
    membership.counted = true;
    const stateOf = new Map(lists.map((l) => [l.channelId, l]));
    const order = memberReadOrder(
      channels.map((c) => ({
        channel: c,
        channelId: c.channel_id,
        memberCount: stateOf.get(c.channel_id)?.memberCount ?? null,
      })),
      listLimit,
    );
    await firstReportIfDue(true); // an export may have brought the member lists already
    progress.start('channel members', channels.length);
    for (const { channel } of order) {
      const state = stateOf.get(channel.channel_id);
      await step(`members:${channel.channel_id}`, async () => {
        const ids: string[] = [];
        for await (const page of client.paginate('conversations.members', {
          channel: channel.channel_id,
          limit: listLimit,
        })) {
          ids.push(...((page as { members?: string[] }).members ?? []));
        }
        await replaceChannelMembers(db, teamId, channel.channel_id, ids, services.now());
        if (state && !state.readAt && state.memberCount !== null) membership.read += state.memberCount;
      });
      progress.advance();
      await firstReportIfDue();
    }
    progress.stop();
    membership.read = membership.total;
    await firstReportIfDue(true);
  };

  try {
    await together([peopleLane, channelsLane]);
    // Department channels need every member list read.
    if (source.kind === 'channels') {
      await syncDepartments(services, teamId, client, step, progress, opts.deadline, source);
      await firstReportIfDue(true);
    }

    await step('kinds', async () => {
      await recomputeChannelKinds(services, teamId);
    });
    // Every member list read and departments as known as their source makes them: the full report.
    await publishReport('complete');

    const bots = await allBotIds(db, teamId);
    const isBot = (id: string) => bots.has(id);
    const oldest = (run.historyOldest.getTime() / 1000).toFixed(6);
    channelIds = channels.map((c) => c.channel_id);
    if (outside && historyLeft(channelIds)) {
      logger.info(
        { teamId, channels: historyLeft(channelIds), minutesAtLeast: historyLeft(channelIds) },
        "sync: history at Slack's pace for apps distributed outside the Marketplace (1 request a minute)",
      );
    }
    progress.start('history', channels.length);
    for (const channel of channels) {
      if (!done.has(`history:${channel.channel_id}`) && budgetSpent()) throw new Interrupted();
      await step(`history:${channel.channel_id}`, async () => {
        // A long channel checks the deadline between its pages and resumes below the last page read.
        const mark = `history-below:${channel.channel_id}:`;
        const marks = [...done].filter((d) => d.startsWith(mark)).map((d) => d.slice(mark.length));
        const below = marks.sort((a, b) => Number(a) - Number(b))[0];
        const pausedAt = async (ts: string) => {
          await markStepDone(db, run, `${mark}${ts}`);
          throw new Interrupted();
        };
        const window = {
          oldest,
          latest: below,
          limit,
          stop: () => budgetSpent() || Boolean(opts.deadline && services.now() > opts.deadline),
          counted: () => {
            historyCalls += 1;
          },
          pausedAt,
        };
        interactionsAdded += await channelHistory(services, teamId, client, channel.channel_id, window, isBot);
      });
      progress.advance();
    }
    progress.stop();
  } catch (err) {
    progress.stop();
    if (err instanceof Interrupted) return finish(false, channelIds);
    throw err;
  }
  await finishSyncRun(db, run, services.now());
  const result = await finish(true, channelIds);
  logger.info(
    { teamId, members: result.members, channels: result.channels, interactions: result.interactions },
    'sync: finished',
  );
  return result;
}

/** `Promise.all` that waits for every part to settle before rejecting (no part left running behind). */
async function allSettled<T>(parts: Array<() => Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(parts.map((part) => part()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

async function summary(
  services: Services,
  teamId: string,
  run: SyncRun,
  complete: boolean,
  interactionsAdded: number,
  history: Pick<SyncSummary, 'historyChannelsLeft' | 'historyMinutesLeft' | 'historyBudgetSpent'>,
): Promise<SyncSummary> {
  const departments = await departmentCounts(services.db, teamId);
  return {
    complete,
    resumed: run.resumed,
    members: departments.reduce((s, d) => s + d.people, 0),
    departments,
    channels: (await channelsOfTeam(services.db, teamId)).length,
    interactionsAdded,
    interactions: await interactionTotals(services.db, teamId),
    historyOldest: run.historyOldest,
    ...history,
  };
}

type Step = (name: string, work: () => Promise<void>) => Promise<void>;

async function syncDepartments(
  services: Services,
  teamId: string,
  client: WebClient,
  step: Step,
  progress: Progress,
  deadline: Date | undefined,
  source: Settings['departmentSource'],
  afterChunk?: () => Promise<void>,
): Promise<void> {
  const { db } = services;
  // SCIM is read by the people lane of the sync itself.
  if (source.kind === 'csv' || source.kind === 'scim') return; // csv: kept as imported (an upload, `weaver departments import`, WEAVER_DEPARTMENTS_FILE)
  if (source.kind === 'channels') {
    await step('departments:channels', async () => {
      await setDepartments(
        db,
        teamId,
        await departmentsFromChannels(services, teamId, source.channelPattern),
        'channel',
        services.now(),
      );
    });
    return;
  }
  // The profile back-fill: one users.profile.get per person (Tier 4, about 100 a minute), newest
  // people first; each person read is marked (members.profile_read_at), so a restart resumes with
  // the people not read yet and the Home can say how far it is.
  await step('departments:profiles', async () => {
    const read = await readProfileDepartmentsBackfill(
      services,
      teamId,
      client,
      source.profileFieldLabel,
      progress,
      deadline,
      afterChunk,
    );
    if (!read.complete) throw new Interrupted();
  });
}

/** Reads one channel's history since `oldest` (and the replies of its threads) into interaction counts. */
async function channelHistory(
  services: Services,
  teamId: string,
  client: WebClient,
  channelId: string,
  window: {
    oldest: string;
    latest?: string;
    limit: number;
    /** the slice's deadline passed or the history budget is spent */
    stop: () => boolean;
    /** counts one history request against the budget */
    counted: () => void;
    /** called with the oldest ts read when `stop` says so; throws to end the slice */
    pausedAt: (ts: string) => Promise<never>;
  },
  isBot: (id: string) => boolean,
): Promise<number> {
  const { oldest, latest, limit } = window;
  let added = 0;
  const pages = async function* (
    method: 'conversations.history' | 'conversations.replies',
    args: Record<string, unknown>,
  ) {
    try {
      yield* client.paginate(method, { channel: channelId, limit, ...args });
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error !== 'not_in_channel') throw err;
      // Public channels: join so history and later events can be read (channels:join).
      await client.conversations.join({ channel: channelId });
      yield* client.paginate(method, { channel: channelId, limit, ...args });
    }
  };
  for await (const page of pages('conversations.history', latest ? { oldest, latest } : { oldest })) {
    window.counted();
    const messages = ((page as { messages?: MessageMeta[] & Array<{ reply_count?: number }> }).messages ?? []) as Array<
      MessageMeta & { reply_count?: number }
    >;
    const sources = messages.flatMap((m) => allSources(channelId, m, { isBot }));
    for (const parent of messages.filter((m) => (m.reply_count ?? 0) > 0 && m.thread_ts === m.ts)) {
      for await (const replies of client.paginate('conversations.replies', {
        channel: channelId,
        ts: parent.ts,
        limit,
      })) {
        window.counted();
        for (const r of ((replies as { messages?: MessageMeta[] }).messages ?? []).filter((x) => x.ts !== parent.ts)) {
          sources.push(...allSources(channelId, r, { isBot, parentAuthor: parent.user }));
        }
      }
    }
    added += await recordInteractions(services.db, teamId, sources);
    const lastTs = messages[messages.length - 1]?.ts;
    if (lastTs && window.stop()) await window.pausedAt(lastTs);
  }
  return added;
}

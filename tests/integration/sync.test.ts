import type { Knex } from 'knex';
import { runFullSync } from '../../src/services/sync';
import { webClient } from '../../src/slack/clients';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { buildSyncFixture, expectedTotals, SECRET_WORDS, type SyncFixture } from '../support/syncFixture';
import { TEST_BOT_TOKEN, TestClock, testServices } from '../support/testApp';

/** Every row of the four tables a sync writes, for "nothing changed" comparisons. */
async function snapshot(db: Knex) {
  return {
    members: await db('members').orderBy('user_id'),
    channels: await db('channels').orderBy('channel_id'),
    memberships: await db('memberships').orderBy(['channel_id', 'user_id']),
    interactions: await db('interactions').orderBy(['day', 'channel_id', 'actor_id', 'target_id', 'kind']),
  };
}

async function storedInteractions(db: Knex): Promise<Map<string, number>> {
  const rows = await db('interactions')
    .where({ team_id: 'T0TEST' })
    .select('day', 'channel_id', 'actor_id', 'target_id', 'kind', 'count');
  return new Map(rows.map((r) => [`${r.day}|${r.channel_id}|${r.actor_id}|${r.target_id}|${r.kind}`, Number(r.count)]));
}

// A few hundred people over many pages of every list: slow on a busy machine.
jest.setTimeout(120_000);

/** Small pages, so a few hundred people and channels span several pages of every list. */
const PAGE = 50;

describe('sync of a whole workspace', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  let fx: SyncFixture;
  let clock: TestClock;

  beforeEach(() => {
    fx = buildSyncFixture();
    slack.reset(fx.ws);
    clock = new TestClock(fx.now);
  });

  const sync = () => {
    const services = testServices(db(), slack, clock);
    return runFullSync(services, 'T0TEST', webClient(TEST_BOT_TOKEN, services.config, services.logger), {
      pageSize: PAGE,
    });
  };

  async function expectFixtureState(): Promise<void> {
    const members = await db()('members').where({ team_id: 'T0TEST' });
    const active = members.filter((m) => !m.is_bot && !m.is_deleted);
    expect(active.map((m) => m.user_id).sort()).toEqual([...fx.humans].sort());
    expect(
      members
        .filter((m) => m.is_bot)
        .map((m) => m.user_id)
        .sort(),
    ).toEqual([...fx.bots].sort());
    expect(
      members
        .filter((m) => m.is_deleted)
        .map((m) => m.user_id)
        .sort(),
    ).toEqual([...fx.deleted].sort());
    for (const m of active) {
      expect([m.user_id, m.department]).toEqual([m.user_id, fx.departmentOf.get(m.user_id)]);
      expect(m.department_source).toBe(m.department ? 'profile_field' : null);
      expect(m.tz).toBe('Europe/Berlin');
    }

    const channels = await db()('channels').where({ team_id: 'T0TEST' });
    expect(channels.map((c) => c.channel_id).sort()).toEqual(
      [...fx.readable.map((c) => c.id), fx.archivedChannel.id].sort(),
    );
    expect(channels.find((c) => c.channel_id === fx.privateChannel.id)).toBeUndefined();
    expect(channels.find((c) => c.channel_id === fx.archivedChannel.id)?.is_archived).toBe(true);
    for (const [id, want] of fx.expectedKinds) {
      const c = channels.find((x) => x.channel_id === id)!;
      expect([c.name, c.kind]).toEqual([c.name, want.kind]);
      expect(c.kind_reason).toContain(want.reasonIncludes);
    }

    const memberships = await db()('memberships')
      .where({ team_id: 'T0TEST' })
      .whereNull('left_at')
      .select('channel_id', 'user_id');
    const expectedMemberships = fx.readable.flatMap((c) => [...new Set(c.members)].map((u) => `${c.id}:${u}`)).sort();
    expect(memberships.map((m) => `${m.channel_id}:${m.user_id}`).sort()).toEqual(expectedMemberships);

    const stored = await storedInteractions(db());
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(fx.expected));
  }

  it('reads every person, department, channel, membership and interaction across several pages', async () => {
    const result = await sync();
    expect(result.complete).toBe(true);
    await expectFixtureState();
    // Several pages of every list were followed.
    expect(slack.callsTo('users.list').length).toBeGreaterThanOrEqual(3);
    expect(slack.callsTo('conversations.list').length).toBeGreaterThanOrEqual(3);
    const general = fx.readable.find((c) => c.name === 'general')!;
    const random = fx.readable.find((c) => c.name === 'random')!;
    expect(
      slack.callsTo('conversations.members').filter((c) => c.args.channel === random.id).length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      slack.callsTo('conversations.history').filter((c) => c.args.channel === general.id).length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      slack.callsTo('conversations.replies').filter((c) => c.args.channel === general.id).length,
    ).toBeGreaterThanOrEqual(2);
    // Private and archived channels are never read.
    for (const m of ['conversations.members', 'conversations.history', 'conversations.replies']) {
      expect(
        slack
          .callsTo(m)
          .some((c) => c.args.channel === fx.privateChannel.id || c.args.channel === fx.archivedChannel.id),
      ).toBe(false);
    }
    expect(result.interactions).toEqual(expectedTotals(fx.expected));
    expect(result.departments.find((d) => d.department === 'Unknown')?.people).toBe(
      fx.humans.filter((h) => !fx.departmentOf.get(h)).length,
    );
  });

  it('changes nothing when run a second time', async () => {
    await sync();
    const first = await snapshot(db());
    const again = await sync();
    expect(again.interactionsAdded).toBe(0);
    expect(await snapshot(db())).toEqual(first);
  });

  it('ends in the same state after a run interrupted halfway is started again', async () => {
    // Slack fails for good after 50 history calls: members, departments and half the history are done.
    slack.failAfter('conversations.history', 50, { kind: 'error', error: 'internal_error' });
    await expect(sync()).rejects.toThrow(/internal_error/);
    const partial = await storedInteractions(db());
    expect(partial.size).toBeGreaterThan(0);
    expect(partial.size).toBeLessThan(fx.expected.size);
    slack.clearFaults();
    const callsBefore = slack.callsTo('users.list').length;
    const result = await sync();
    expect(result.resumed).toBe(true);
    // Resumed: the people list (finished before the failure) was not read again.
    expect(slack.callsTo('users.list').length).toBe(callsBefore);
    await expectFixtureState();
  });

  it('waits out a 429 with Retry-After in the middle of the sync and misses nothing', async () => {
    slack.failAfter('conversations.members', 50, { kind: 'rate_limited', retryAfter: 1 }, 1);
    slack.failAfter('conversations.history', 30, { kind: 'rate_limited', retryAfter: 1 }, 1);
    const started = Date.now();
    const result = await sync();
    expect(result.complete).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    await expectFixtureState();
  });

  it('stores no message text anywhere', async () => {
    await sync();
    const { rows: tables } = await db().raw("select tablename from pg_tables where schemaname = 'public'");
    let scanned = 0;
    for (const { tablename } of tables as Array<{ tablename: string }>) {
      const { rows } = await db().raw(`select row_to_json(t)::text as row from "${tablename}" t`);
      for (const { row } of rows as Array<{ row: string }>) {
        scanned += 1;
        for (const word of SECRET_WORDS) expect(row.toLowerCase()).not.toContain(word.toLowerCase());
      }
    }
    expect(scanned).toBeGreaterThan(500);
  });
});

/**
 * Slack's rate limits, on the fake's virtual clock: Weaver waits out every 429, keeps the 2025
 * history limit without meeting 429s when told it is distributed outside the Marketplace, keeps
 * to a history budget, and the profile-field back-fill resumes after a restart.
 */
import { runFullSync } from '../../src/services/sync';
import { departmentStatus } from '../../src/services/home/departmentStatus';
import { profileBackfillProgress } from '../../src/services/profileBackfill';
import { departmentStatusLine } from '../../src/views/home/leadView';
import { webClient } from '../../src/slack/clients';
import { saveSettings, settingsFor } from '../../src/store/settings';
import { useTestDatabase } from '../support/db';
import { addChannel, addPerson } from '../support/factories';
import { emptyWorkspace, useFakeSlack } from '../support/fakeSlack';
import { TEST_BOT_TOKEN, TestClock, testServices } from '../support/testApp';
import { VirtualClock } from '../support/virtualClock';

const T = 'T0TEST';

// Thousands of calls through real HTTP and PostgreSQL: slow on a busy machine.
jest.setTimeout(180_000);

describe("Slack's rate limits on a virtual clock", () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();

  function onVirtualTime(start = new Date('2026-11-16T09:00:00Z'), history2025 = false) {
    const vclock = new VirtualClock(start);
    slack.enforceRateLimits({ clock: vclock, history2025 });
    const services = { ...testServices(db(), slack, new TestClock()), now: vclock.now, sleep: vclock.sleep };
    const client = () =>
      webClient(TEST_BOT_TOKEN, services.config, services.logger, { sleep: vclock.sleep, now: () => vclock.nowMs() });
    return { vclock, services, client };
  }

  it('answers 429 over a tier, and Weaver waits on the clock and finishes with nothing left unhandled', async () => {
    const ws = emptyWorkspace(T);
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) ids.push(addPerson(ws, { id: `UR${i}`, department: 'Ops' }).id);
    for (let i = 0; i < 150; i += 1)
      addChannel(ws, { id: `CR${String(i).padStart(3, '0')}`, name: `c-${i}`, members: ids });
    slack.reset(ws);
    const { vclock, services, client } = onVirtualTime();
    const result = await runFullSync(services, T, client(), { historyDays: 1 });

    expect(result.complete).toBe(true);
    // 150 channels: conversations.members (Tier 4, 100 a minute) and conversations.history (Tier 3, 50).
    expect(slack.rateLimited.get('conversations.members')).toBeGreaterThanOrEqual(1);
    expect(slack.rateLimited.get('conversations.history')).toBeGreaterThanOrEqual(2);
    const answered = (m: string) => slack.callsTo(m).length - (slack.rateLimited.get(m) ?? 0);
    expect(answered('conversations.members')).toBe(150);
    expect(answered('conversations.history')).toBe(150);
    // history: 150 calls at 50 a minute need at least two minutes of waiting.
    expect(vclock.waitedMs).toBeGreaterThanOrEqual(2 * 60_000);
    expect(await db()('memberships').where({ team_id: T }).whereNull('left_at').count({ n: '*' }).first()).toEqual({
      n: 1500,
    });
  });

  function busyChannel(messages: number) {
    const ws = emptyWorkspace(T);
    addPerson(ws, { id: 'UH1' });
    addPerson(ws, { id: 'UH2' });
    for (const id of ['CH1', 'CH2', 'CH3']) {
      const c = addChannel(ws, { id, name: `busy-${id}`, members: ['UH1', 'UH2'] });
      for (let i = 0; i < messages; i += 1) {
        c.messages.push({ type: 'message', user: 'UH1', text: '<@UH2> hi', ts: `${1_763_200_000 + i * 60}.000100` });
      }
    }
    slack.reset(ws);
  }

  it('outside the Marketplace keeps to 1 history request a minute and 15 messages a page, meeting no 429', async () => {
    busyChannel(40);
    const { vclock, services, client } = onVirtualTime(new Date('2025-11-16T09:00:00Z'), true);
    const s = await settingsFor(db(), T);
    await saveSettings(db(), T, { ...s, distributedOutsideMarketplace: true });
    const result = await runFullSync(services, T, client(), { historyDays: 30 });

    expect(result.complete).toBe(true);
    expect(slack.callsTo('conversations.history').map((c) => Number(c.args.limit))).toEqual(Array(9).fill(15));
    expect(slack.rateLimited.get('conversations.history') ?? 0).toBe(0);
    // 9 requests a minute apart
    expect(vclock.waitedMs).toBeGreaterThanOrEqual(8 * 60_000);
    expect(result.interactions.mention).toBe(120);
  });

  it('stops history at its budget, says how long the rest takes, and the next run goes on from there', async () => {
    busyChannel(40);
    const { services, client } = onVirtualTime(new Date('2025-11-16T09:00:00Z'), true);
    const s = await settingsFor(db(), T);
    await saveSettings(db(), T, { ...s, distributedOutsideMarketplace: true });
    const first = await runFullSync(services, T, client(), { historyDays: 30, historyRequests: 4 });
    expect(first.complete).toBe(false);
    expect(first.historyBudgetSpent).toBe(true);
    expect(slack.callsTo('conversations.history')).toHaveLength(4);
    expect(first.historyChannelsLeft).toBe(2);
    expect(first.historyMinutesLeft).toBe(2);

    const second = await runFullSync(services, T, client(), { historyDays: 30 });
    expect(second.complete).toBe(true);
    expect(second.resumed).toBe(true);
    // A new process does not know when the last request was: its first one may meet a 429, which it waits out.
    const answered =
      slack.callsTo('conversations.history').length - (slack.rateLimited.get('conversations.history') ?? 0);
    expect(answered).toBe(9);
    expect(second.interactions.mention).toBe(120);
  });

  it('reads the profile field newest people first and resumes after a restart with the people not read yet', async () => {
    const ws = emptyWorkspace(T);
    for (let i = 1; i <= 230; i += 1) {
      addPerson(ws, { id: `UP${String(i).padStart(4, '0')}`, department: i % 2 ? 'Sales' : 'Design' });
    }
    addChannel(ws, { id: 'CALL', name: 'general', members: ws.users.map((u) => u.id) });
    slack.reset(ws);
    const { vclock, services, client } = onVirtualTime();
    // The process stops once the first minute of profiles is over (Tier 4: 100 a minute), as at a restart.
    const deadline = new Date(vclock.nowMs() + 30_000);
    const first = await runFullSync(services, T, client(), { deadline, historyDays: 1 });
    expect(first.complete).toBe(false);
    const read = slack.callsTo('users.profile.get').map((c) => c.args.user);
    const unique = [...new Set(read)];
    expect(unique[0]).toBe('UP0230');
    expect(unique.slice(0, 5)).toEqual(['UP0230', 'UP0229', 'UP0228', 'UP0227', 'UP0226']);
    const midway = await profileBackfillProgress(services, T);
    expect(midway.people).toBe(230);
    expect(midway.read).toBe(unique.length);
    expect(midway.read).toBeLessThan(230);
    expect(midway.minutesLeft).toBe(Math.ceil((230 - midway.read) / 100));
    // What the lead's Home says meanwhile.
    const status = await departmentStatus(services, T, await settingsFor(db(), T));
    expect(departmentStatusLine(status!)).toBe(
      `:hourglass_flowing_sand: Reading departments from the profile field at Slack's pace, newest people first: ${midway.read} of 230 profiles read, about 1 min left. Departments known so far for ${midway.known}.`,
    );

    // A new process: another client, same database.
    const second = await runFullSync(services, T, client(), { historyDays: 1 });
    expect(second.complete).toBe(true);
    const answeredUsers = new Set(slack.callsTo('users.profile.get').map((c) => c.args.user));
    expect(answeredUsers.size).toBe(230);
    // Nobody read by the first process was read again (429s aside, each person once).
    const secondRun = slack
      .callsTo('users.profile.get')
      .slice(read.length)
      .map((c) => c.args.user);
    expect(secondRun.filter((u) => unique.includes(u))).toEqual([]);
    expect((await profileBackfillProgress(services, T)).minutesLeft).toBe(0);
    expect(await departmentStatus(services, T, await settingsFor(db(), T))).toBeNull();
    expect(second.departments.find((d) => d.department === 'Sales')?.people).toBe(115);
  });
});

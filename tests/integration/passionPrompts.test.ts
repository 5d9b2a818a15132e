import { tick } from '../../src/jobs/scheduler';
import { runPromptJob, planPrompts } from '../../src/services/prompts';
import { submitPassions } from '../../src/services/passions';
import { optOut, pausePerson, snoozePrompts, stopPrompts } from '../../src/services/preferences';
import { participationNumbers } from '../../src/services/participation';
import { claimDueJobs } from '../../src/store/jobs';
import { ensureMember } from '../../src/store/members';
import { saveSettings } from '../../src/store/settings';
import { recordWorkspace } from '../../src/store/workspaces';
import { defaultSettings } from '../../src/domain/settings';
import { localParts } from '../../src/domain/localTime';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { addPerson } from '../support/factories';
import { TestClock, testServices } from '../support/testApp';
import type { Services } from '../../src/services/context';

const TEAM = 'T0TEST';
const DAY = 24 * 60 * 60 * 1000;

describe('passion prompt rhythm', () => {
  const db = useTestDatabase();
  const slack = useFakeSlack();
  let clock: TestClock;
  let services: Services;
  /** every prompt DM: who, and the test clock when Slack received it */
  let sent: Array<{ userId: string; at: Date; text: string }>;

  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-16T08:00:00Z')); // a Monday
    services = testServices(db(), slack, clock);
    sent = [];
    slack.handle('chat.postMessage', (args) => {
      const channel = String(args.channel);
      sent.push({ userId: slack.dmMembers(channel)?.[0] ?? channel, at: clock.now(), text: String(args.text) });
      return { ok: true, channel, ts: slack.nextTs() };
    });
    await recordWorkspace(db(), { teamId: TEAM });
  });

  async function addMember(id: string, tz = 'Europe/London'): Promise<void> {
    addPerson(slack.workspace, { id, tz });
    await ensureMember(db(), { teamId: TEAM, userId: id, tz });
  }

  /** Runs the scheduler as production would, jumping the clock from one due job to the next (at most a day) until `end`. */
  async function runUntil(end: Date, s: Services = services): Promise<void> {
    for (let guard = 0; guard < 2000; guard += 1) {
      await tick(s);
      const next = await db()('jobs').whereNull('done_at').whereNull('failed_at').min({ due: 'due_at' }).first();
      // the next due job, but at least once a day so the planners see time pass
      const due = Math.min(next?.due?.getTime() ?? Infinity, clock.now().getTime() + DAY);
      if (due > end.getTime()) break;
      clock.set(new Date(Math.max(due, clock.now().getTime())));
    }
    clock.set(end);
    await tick(s);
  }

  const later = (days: number) => new Date(clock.now().getTime() + days * DAY);
  const sentTo = (id: string) => sent.filter((s) => s.userId === id);

  it('sends the first prompt at 10:00 local on a working day, then at most 2 reminders a week apart, then nothing', async () => {
    await addMember('U0ANNA', 'America/Chicago');
    await runUntil(later(60));
    const dms = sentTo('U0ANNA');
    expect(dms).toHaveLength(3);
    for (const dm of dms) {
      const local = localParts(dm.at, 'America/Chicago');
      expect([local.hour, local.minute]).toEqual([10, 0]);
      expect(local.weekday).toBeGreaterThanOrEqual(1);
      expect(local.weekday).toBeLessThanOrEqual(5);
    }
    expect(dms[1].at.getTime() - dms[0].at.getTime()).toBeGreaterThanOrEqual(7 * DAY - 60 * 60 * 1000);
    expect(dms[2].at.getTime() - dms[1].at.getTime()).toBeGreaterThanOrEqual(7 * DAY - 60 * 60 * 1000);
    expect(dms[1].text).toMatch(/gentle nudge/);
  });

  it('sends fewer reminders to people who asked to hear from Weaver less often', async () => {
    await addMember('U0LESS');
    await addMember('U0RARE');
    await db()('members').where({ user_id: 'U0LESS' }).update({ contact_frequency: 'less' });
    await db()('members').where({ user_id: 'U0RARE' }).update({ contact_frequency: 'rarely' });
    await runUntil(later(60));
    expect(sentTo('U0LESS')).toHaveLength(2);
    expect(sentTo('U0RARE')).toHaveLength(1);
  });

  it('sends no reminder to someone who answered', async () => {
    await addMember('U0BEN');
    await runUntil(later(6));
    expect(sentTo('U0BEN')).toHaveLength(1);
    await submitPassions(services, TEAM, 'U0BEN', { tagsText: 'chess' });
    await runUntil(later(40));
    expect(sentTo('U0BEN')).toHaveLength(1);
    expect(await db()('passion_prompts').where({ user_id: 'U0BEN' }).first()).toMatchObject({
      sends: 1,
      answered_at: expect.any(Date),
    });
  });

  it('honours "Don\'t ask again" and opt-out in every later job', async () => {
    await addMember('U0CARA');
    await addMember('U0DAN');
    await runUntil(later(6));
    expect(sentTo('U0CARA')).toHaveLength(1);
    expect(sentTo('U0DAN')).toHaveLength(1);
    await stopPrompts(services, TEAM, 'U0CARA');
    await optOut(services, TEAM, 'U0DAN');
    await runUntil(later(200)); // past reminders and the refresh age
    expect(sentTo('U0CARA')).toHaveLength(1);
    expect(sentTo('U0DAN')).toHaveLength(1);
  });

  it('holds prompts during a pause or "Not now" and sends them after, at the send hour', async () => {
    await addMember('U0EVA');
    await addMember('U0FIN');
    await runUntil(later(6));
    const firstAt = sentTo('U0EVA')[0].at;
    await pausePerson(services, TEAM, 'U0EVA', 21);
    await snoozePrompts(services, TEAM, 'U0FIN');
    const pausedUntil = new Date(clock.now().getTime() + 21 * DAY);
    const snoozedUntil = new Date(clock.now().getTime() + 14 * DAY);
    await runUntil(later(60));
    const eva = sentTo('U0EVA');
    expect(eva).toHaveLength(3);
    expect(eva[1].at.getTime()).toBeGreaterThanOrEqual(pausedUntil.getTime());
    expect(eva[1].at.getTime() - firstAt.getTime()).toBeGreaterThan(7 * DAY);
    expect(localParts(eva[1].at, 'Europe/London').hour).toBe(10);
    const fin = sentTo('U0FIN');
    expect(fin).toHaveLength(3);
    expect(fin[1].at.getTime()).toBeGreaterThanOrEqual(snoozedUntil.getTime());
  });

  it('neither loses nor doubles a prompt when the process dies after claiming it', async () => {
    await addMember('U0GIL');
    await planPrompts(services, TEAM);
    const job = await db()('jobs').where({ idempotency_key: 'prompt:first:U0GIL' }).first();
    clock.set(job.due_at);
    const claimed = await claimDueJobs(db(), clock.now(), { limit: 10, worker: 'doomed', leaseMs: 5 * 60_000 });
    expect(claimed.map((j) => j.id)).toEqual([job.id]);
    // the process dies here, before sending
    await tick(services);
    expect(sentTo('U0GIL')).toHaveLength(0);
    clock.advance(6 * 60_000); // past the lease, still inside the morning send window
    await tick(services);
    await tick(services);
    expect(sentTo('U0GIL')).toHaveLength(1);
  });

  it('does not send twice when the process dies after sending but before finishing the job', async () => {
    await addMember('U0HAL');
    await planPrompts(services, TEAM);
    const job = await db()('jobs').where({ idempotency_key: 'prompt:first:U0HAL' }).first();
    clock.set(job.due_at);
    const [claimed] = await claimDueJobs(db(), clock.now(), { limit: 1, worker: 'doomed', leaseMs: 5 * 60_000 });
    expect(await runPromptJob(services, claimed)).toBe('done'); // sent; the job is never marked done
    clock.advance(6 * 60_000);
    await tick(services);
    expect(sentTo('U0HAL')).toHaveLength(1);
    expect((await db()('jobs').where({ id: job.id }).first()).done_at).not.toBeNull();
  });

  it('gives up at once on someone Slack says cannot be reached, and retries a passing Slack error', async () => {
    await addMember('U0GONE');
    await addMember('U0FLAKY');
    slack.failNext('conversations.open', { kind: 'error', error: 'account_inactive' });
    slack.failNext('conversations.open', { kind: 'error', error: 'internal_error' });
    await runUntil(later(6));
    const jobs = await db()('jobs')
      .whereIn('idempotency_key', ['prompt:first:U0GONE', 'prompt:first:U0FLAKY'])
      .orderBy('idempotency_key');
    expect(jobs.every((j) => j.done_at !== null && j.failed_at === null)).toBe(true);
    // whichever came first hit account_inactive and was dropped; the other hit internal_error and was retried
    expect(sent).toHaveLength(1);
    expect(jobs.map((j) => j.attempts).sort()).toEqual([1, 2]);
  });

  it('sends each prompt once when two schedulers share the database', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `U0P${String(i).padStart(3, '0')}`);
    for (const id of ids) await addMember(id);
    const other = testServices(db(), slack, clock);
    for (let day = 0; day < 8; day += 1) {
      await Promise.all([tick(services, { worker: 'a', batch: 2 }), tick(other, { worker: 'b', batch: 2 })]);
      clock.advance(60 * 60_000);
      for (let h = 0; h < 23; h += 1) {
        await Promise.all([tick(services, { worker: 'a', batch: 2 }), tick(other, { worker: 'b', batch: 2 })]);
        clock.advance(60 * 60_000);
      }
    }
    for (const id of ids) expect(sentTo(id).length).toBeGreaterThanOrEqual(1);
    const firsts = ids.map((id) => sent.filter((s) => s.userId === id && !/gentle nudge/.test(s.text)).length);
    expect(firsts).toEqual(ids.map(() => 1));
    // every DM is one recorded send: no reminder went out twice either
    const recorded = await db()('passion_prompts').whereIn('user_id', ids).select('user_id', 'sends');
    expect(Object.fromEntries(recorded.map((r) => [r.user_id, r.sends]))).toEqual(
      Object.fromEntries(ids.map((id) => [id, sentTo(id).length])),
    );
  });

  it('spreads first prompts after install over several working days', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `U0S${String(i).padStart(3, '0')}`);
    for (const id of ids) await addMember(id);
    await runUntil(later(8));
    const firstDays = new Map<string, string>();
    for (const s of sent) if (!firstDays.has(s.userId)) firstDays.set(s.userId, s.at.toISOString().slice(0, 10));
    expect(firstDays.size).toBe(40);
    const perDay = [...firstDays.values()].reduce((m, d) => m.set(d, (m.get(d) ?? 0) + 1), new Map<string, number>());
    expect(perDay.size).toBeGreaterThanOrEqual(4);
    expect(Math.max(...perDay.values())).toBeLessThan(20);
  });

  it('asks again when passions are older than the refresh period, once per version', async () => {
    await addMember('U0IDA');
    await submitPassions(services, TEAM, 'U0IDA', { tagsText: 'pottery' });
    const settings = defaultSettings();
    settings.prompts.refreshAfterDays = 30;
    settings.prompts.maxReminders = 0;
    await saveSettings(db(), TEAM, settings);
    await runUntil(later(29));
    expect(sentTo('U0IDA')).toHaveLength(0);
    await runUntil(later(10));
    expect(sentTo('U0IDA')).toHaveLength(1);
    expect(sentTo('U0IDA')[0].text).toMatch(/been a while/);
    await runUntil(later(20));
    expect(sentTo('U0IDA')).toHaveLength(1);
  });

  it('reports participation, naming only tags shared by at least the privacy threshold', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `U0R${i}`);
    for (const id of ids) await addMember(id);
    await runUntil(later(8));
    for (const [i, id] of ids.slice(0, 6).entries()) {
      await submitPassions(services, TEAM, id, {
        tagsText: i < 5 ? 'Rock climbing, chess' : 'Rock climbers, tuba, sourdough',
      });
    }
    const numbers = await participationNumbers(services, TEAM);
    expect(numbers.promptsSent).toBe(8);
    expect(numbers.promptsAnswered).toBe(6);
    expect(numbers.answerRate).toBeCloseTo(0.75);
    expect(numbers.peopleWithPassions).toBe(6);
    expect(numbers.medianTagsPerPerson).toBe(2);
    expect(numbers.topTags).toEqual([
      { tag: 'rock climbing', label: 'Rock climbing', people: 6 },
      { tag: 'chess', label: 'chess', people: 5 },
    ]);
  });
});

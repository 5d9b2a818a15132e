/** A person's choices: pause, resume, opt out/in, "Not now" and "Don't ask again" on prompts. */
import { DAY_MS } from '../domain/time';
import { clearForgotten } from '../store/preferences';
import { setMemberChoice } from '../store/members';
import type { Services } from './context';

export const SNOOZE_DAYS = 14;

export async function pausePerson(services: Services, teamId: string, userId: string, days: number): Promise<Date> {
  const until = new Date(services.now().getTime() + days * DAY_MS);
  await setMemberChoice(services.db, teamId, userId, { paused_until: until }, services.now());
  return until;
}

export async function resumePerson(services: Services, teamId: string, userId: string): Promise<void> {
  await setMemberChoice(
    services.db,
    teamId,
    userId,
    { paused_until: null, prompts_snoozed_until: null },
    services.now(),
  );
}

export async function optOut(services: Services, teamId: string, userId: string): Promise<void> {
  await setMemberChoice(services.db, teamId, userId, { opted_out: true }, services.now());
}

/** Back into Weaver, also after `/weaver forget`. */
export async function optIn(services: Services, teamId: string, userId: string): Promise<void> {
  await clearForgotten(services.db, teamId, userId);
  await setMemberChoice(services.db, teamId, userId, { opted_out: false }, services.now());
}

/** "Not now" on a prompt: no prompt or reminder for two weeks. */
export async function snoozePrompts(services: Services, teamId: string, userId: string): Promise<Date> {
  const until = new Date(services.now().getTime() + SNOOZE_DAYS * DAY_MS);
  await setMemberChoice(services.db, teamId, userId, { prompts_snoozed_until: until }, services.now());
  return until;
}

/** "Don't ask again": no more passion prompts (the person can still share from Home or /weaver passions). */
export async function stopPrompts(services: Services, teamId: string, userId: string): Promise<void> {
  await setMemberChoice(services.db, teamId, userId, { prompts_stopped: true }, services.now());
}

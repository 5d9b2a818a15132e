/**
 * Departments from a custom profile field, read in the background at Slack's pace: one
 * `users.profile.get` per person (Tier 4, about 100 a minute; 429s are waited out by the client),
 * newest people first, in chunks. Each person read is marked (`members.profile_read_at`), so a
 * restart resumes with the people not read yet, and the lead's Home can say how far it is
 * ("departments known for 12,400 of 50,000; about 6 h left"). `user_change` events keep people
 * current afterwards (and mark them read).
 */
import type { WebClient } from '@slack/web-api';
import { markProfilesRead, profileReadCounts, profilesToRead, setDepartments } from '../store/members';
import type { Services } from './context';
import { profileFieldId, readProfileDepartments } from './departments';
import type { Progress } from './sync/progress';

const CHUNK = 50;
/** Slack's Tier 4: what users.profile.get allows a minute. */
export const PROFILE_READS_PER_MINUTE = 100;

export interface ProfileBackfillResult {
  complete: boolean;
  read: number;
}

/** Reads the profiles not read yet, newest people first, until all are read or `deadline` passed. */
export async function readProfileDepartmentsBackfill(
  services: Services,
  teamId: string,
  client: WebClient,
  label: string,
  progress?: Progress,
  deadline?: Date,
  /** after each chunk is stored (a sync publishes its first report once departments are known enough) */
  afterChunk?: () => Promise<void>,
): Promise<ProfileBackfillResult> {
  const { db, logger } = services;
  const fieldId = await profileFieldId(client, label);
  if (!fieldId) {
    logger.warn({ teamId, label }, 'sync: no custom profile field with this label; departments left as they are');
    return { complete: true, read: 0 };
  }
  const before = await profileReadCounts(db, teamId);
  progress?.start('departments', before.people - before.read);
  let read = 0;
  try {
    for (;;) {
      if (deadline && services.now() > deadline) return { complete: false, read };
      const ids = await profilesToRead(db, teamId, CHUNK);
      if (!ids.length) return { complete: true, read };
      const assignments = await readProfileDepartments(client, fieldId, ids);
      await db.transaction(async (trx) => {
        await setDepartments(trx, teamId, assignments, 'profile_field', services.now());
        // People Slack no longer knows are marked too: nothing more to read for them.
        await markProfilesRead(trx, teamId, ids, services.now());
      });
      read += ids.length;
      progress?.advance(ids.length);
      await afterChunk?.();
    }
  } finally {
    progress?.stop();
  }
}

export interface ProfileBackfillProgress {
  people: number;
  /** people whose profile was read */
  read: number;
  /** people with a department (from any source) */
  known: number;
  /** minutes left at Slack's pace (0 when done) */
  minutesLeft: number;
}

/** How far the profile-field back-fill is, for the lead's Home and the CLI. */
export async function profileBackfillProgress(services: Services, teamId: string): Promise<ProfileBackfillProgress> {
  const c = await profileReadCounts(services.db, teamId);
  return { ...c, minutesLeft: Math.ceil((c.people - c.read) / PROFILE_READS_PER_MINUTE) };
}

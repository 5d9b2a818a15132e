/**
 * What Weaver stores about a person: shown to them on request (`/weaver mydata`) and deleted on
 * request (`/weaver forget`) or when Slack deactivates them.
 */
import type { WebClient } from '@slack/web-api';
import { myDataMessage } from '../views/privacy';
import { deletePersonData, type PersonDataDeleted } from '../store/personData';
import { personData, type PersonData } from '../store/privacy';
import { rememberForgotten } from '../store/preferences';
import type { Services } from './context';
import { withdrawIntroductionsOf } from './intros';
import { withdrawAsksOf } from './asks';
import { MY_DATA_FILE_TITLE } from '../views/replies';

/**
 * Deletes the person's passions, prompts, introductions, interaction counts, memberships, jobs and
 * member row, and remembers only a one-way hash so later syncs do not prompt them again.
 */
export async function forgetPerson(services: Services, teamId: string, userId: string): Promise<PersonDataDeleted> {
  await withdrawIntroductionsOf(services, teamId, userId);
  await withdrawAsksOf(services, teamId, userId);
  const deleted = await deletePersonData(services.db, teamId, userId, { removeMember: true });
  await rememberForgotten(services.db, teamId, userId, services.now());
  services.logger.info({ teamId, deleted }, 'forgot a person at their request');
  return deleted;
}

export async function exportPersonData(
  services: Services,
  teamId: string,
  userId: string,
): Promise<PersonData & { exported_at: string; team_id: string; user_id: string }> {
  return {
    team_id: teamId,
    user_id: userId,
    exported_at: services.now().toISOString(),
    ...(await personData(services.db, teamId, userId)),
  };
}

/** DMs the person a JSON file of everything Weaver stores about them. */
export async function sendPersonData(
  services: Services,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<void> {
  const data = await exportPersonData(services, teamId, userId);
  const dm = await client.conversations.open({ users: userId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('could not open a DM');
  await client.filesUploadV2({
    channel_id: channel,
    filename: 'weaver-my-data.json',
    title: MY_DATA_FILE_TITLE,
    content: JSON.stringify(data, null, 2),
    initial_comment: myDataMessage().text,
  });
}

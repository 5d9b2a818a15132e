/** team_join and user_change: a person's row, their deactivation, and a profile-field department. */
import type { WebClient } from '@slack/web-api';
import { membershipsOfMember } from '../../store/memberships';
import { memberById, setDepartments, upsertMembers } from '../../store/members';
import { settingsFor } from '../../store/settings';
import { recomputeChannelKinds } from '../channelKinds';
import type { Services } from '../context';
import { departmentInFields, profileFieldId } from '../departments';
import { forgetDeactivatedPerson } from '../personDeletion';
import { memberFromSlackUser, type SlackUser } from '../sync/slackRows';

export interface SlackUserEvent extends SlackUser {
  id: string;
  profile?: SlackUser['profile'] & { fields?: Record<string, { value?: string | null } | undefined> | null };
}

const fieldIds = new Map<string, { id: string | null; at: number }>();
const FIELD_ID_TTL_MS = 60 * 60 * 1000;

async function cachedProfileFieldId(
  services: Services,
  teamId: string,
  client: WebClient,
  label: string,
): Promise<string | null> {
  const key = `${teamId}:${label.toLowerCase()}`;
  const hit = fieldIds.get(key);
  const now = services.now().getTime();
  if (hit && now - hit.at < FIELD_ID_TTL_MS) return hit.id;
  const id = await profileFieldId(client, label);
  fieldIds.set(key, { id, at: now });
  return id;
}

/** team_join and user_change: the person's name, time zone, flags and (profile-field source) department. */
export async function personChanged(services: Services, teamId: string, user: SlackUserEvent): Promise<void> {
  const { db } = services;
  await upsertMembers(db, teamId, [memberFromSlackUser(user)], services.now());
  if (user.deleted) {
    await forgetDeactivatedPerson(services, teamId, user.id);
    return;
  }
  const source = (await settingsFor(db, teamId)).departmentSource;
  if (source.kind !== 'profile_field') return;
  const client = await services.slackFor(teamId);
  if (!client) return;
  const fieldId = await cachedProfileFieldId(services, teamId, client, source.profileFieldLabel);
  if (!fieldId) return;
  let fields = user.profile?.fields;
  if (fields === undefined)
    fields = (await client.users.profile.get({ user: user.id })).profile?.fields as typeof fields;
  const before = (await memberById(db, teamId, user.id))?.department ?? null;
  const department = departmentInFields(fields, fieldId);
  if (department === before) return;
  await setDepartments(db, teamId, [{ userId: user.id, department }], 'profile_field', services.now());
  await recomputeKindsOfMember(services, teamId, user.id);
}

async function recomputeKindsOfMember(services: Services, teamId: string, userId: string): Promise<void> {
  const channels = (await membershipsOfMember(services.db, teamId, userId)).map((m) => m.channel_id);
  await recomputeChannelKinds(services, teamId, channels);
}

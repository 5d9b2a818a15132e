/**
 * A small organisation ready for an introduction round: people in the fake Slack workspace and in
 * the database (members with departments and time zones, passions), rounds enabled.
 */
import type { Knex } from 'knex';
import { defaultSettings } from '../../src/domain/settings';
import { saveSettings } from '../../src/store/settings';
import { recordWorkspace } from '../../src/store/workspaces';
import { addPerson } from './factories';
import type { FakeSlack } from './fakeSlack';

export interface IntroPerson {
  id: string;
  department: string;
  tzOffset: number;
  /** the IANA zone Slack would send with that offset (November) */
  tz?: string;
  tags: string[];
  teach?: string[];
  learn?: string[];
}

// Two natural pairs: ANA (Eng, London) + BEN (Finance, New York) share bouldering;
// CAT (Eng, Berlin) + DAN (Sales, Berlin) share chess, and DAN can teach CAT SQL.
export const INTRO_ORG: IntroPerson[] = [
  { id: 'U0ANA', department: 'Engineering', tzOffset: 0, tz: 'Europe/London', tags: ['bouldering'] },
  { id: 'U0BEN', department: 'Finance', tzOffset: -5 * 3600, tz: 'America/New_York', tags: ['bouldering'] },
  { id: 'U0CAT', department: 'Engineering', tzOffset: 3600, tz: 'Europe/Berlin', tags: ['chess'], learn: ['sql'] },
  { id: 'U0DAN', department: 'Sales', tzOffset: 3600, tz: 'Europe/Berlin', tags: ['chess'], teach: ['sql'] },
];

export async function seedIntroOrg(
  db: Knex,
  fake: FakeSlack,
  people: IntroPerson[] = INTRO_ORG,
  teamId = 'T0TEST',
): Promise<void> {
  await recordWorkspace(db, { teamId });
  const settings = defaultSettings();
  settings.rounds.enabled = true;
  await saveSettings(db, teamId, settings);
  for (const p of people) {
    addPerson(fake.workspace, { id: p.id, department: p.department, tzOffset: p.tzOffset, tz: p.tz });
    await db('members').insert({
      team_id: teamId,
      user_id: p.id,
      department: p.department,
      tz: p.tz ?? null,
      tz_offset: p.tzOffset,
    });
    const tags = (list: string[] = []) => JSON.stringify(list.map((t) => ({ tag: t, label: t })));
    await db('passions').insert({
      team_id: teamId,
      user_id: p.id,
      tags: tags(p.tags),
      teach: tags(p.teach),
      learn: tags(p.learn),
    });
  }
}

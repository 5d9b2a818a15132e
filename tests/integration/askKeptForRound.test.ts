import { insertAsk, closeAsk } from '../../src/store/asks';
import { createRound, previewRound } from '../../src/services/intros';
import { useTestDatabase } from '../support/db';
import { useFakeSlack } from '../support/fakeSlack';
import { TestClock, testServices } from '../support/testApp';

const TEAM = 'T0TEST';
const tags = (list: string[]) => JSON.stringify(list.map((t) => ({ tag: t, label: t })));

describe('a question nobody could take weighs in the asker’s next round', () => {
  const db = useTestDatabase();
  const fake = useFakeSlack();

  it('counts its topic as something the asker wants to learn, in the next round only', async () => {
    // ASK (Engineering) loves chess; TEA (Sales) teaches Kafka and loves sailing: nothing in common
    await db()('members').insert([
      { team_id: TEAM, user_id: 'U0ASK', department: 'Engineering', tz_offset: 0 },
      { team_id: TEAM, user_id: 'U0TEA', department: 'Sales', tz_offset: 0 },
    ]);
    await db()('passions').insert([
      { team_id: TEAM, user_id: 'U0ASK', tags: tags(['chess']), teach: tags([]), learn: tags([]) },
      { team_id: TEAM, user_id: 'U0TEA', tags: tags(['sailing']), teach: tags(['kafka']), learn: tags([]) },
    ]);
    const clock = new TestClock(new Date('2026-11-16T09:00:00Z'));
    const services = testServices(db(), fake, clock);
    expect((await previewRound(services, TEAM)).proposal.introductions).toEqual([]);

    // ASK asked about Kafka and nobody could help in time
    const askId = (await insertAsk(db(), {
      teamId: TEAM,
      askerId: 'U0ASK',
      kind: 'ask',
      topic: 'Kafka',
      topicTags: ['kafka'],
      why: null,
      outsideDepartment: true,
      createdAt: clock.now(),
    }))!;
    await closeAsk(db(), askId, 'unanswered', clock.now());

    const preview = await previewRound(services, TEAM);
    expect(preview.proposal.introductions).toHaveLength(1);
    const intro = preview.proposal.introductions[0];
    expect([...intro.members].sort()).toEqual(['U0ASK', 'U0TEA']);
    expect(intro.fits).toEqual([expect.objectContaining({ tag: 'kafka' })]);

    // the round is made: the topic was used once; the next period's round no longer counts it
    await createRound(services, TEAM);
    clock.set('2026-12-14T09:00:00Z');
    await db()('intros').del();
    expect((await previewRound(services, TEAM)).proposal.introductions).toEqual([]);
  });
});

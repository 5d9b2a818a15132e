import { runWith } from '../../src/cli/commands/passions';
import { CliError } from '../../src/cli/errors';
import { submitPassions } from '../../src/services/passions';
import { recordWorkspace } from '../../src/store/workspaces';
import { useTestDatabase } from '../support/db';
import { FakeSlack } from '../support/fakeSlack';
import { testServices } from '../support/testApp';

describe('weaver passions (CLI)', () => {
  const db = useTestDatabase();
  const fake = new FakeSlack();
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    await runWith(testServices(db(), fake), argv, (l) => lines.push(l));
    return lines.join('\n');
  };

  it('prints participation without naming tags fewer people than the threshold share', async () => {
    await recordWorkspace(db(), { teamId: 'T0TEST' });
    for (let i = 0; i < 5; i += 1)
      await submitPassions(testServices(db(), fake), 'T0TEST', `U0P${i}`, {
        tagsText: i === 0 ? 'Chess, Falconry' : 'chess',
      });
    const text = await run('stats');
    expect(text).toMatch(/People with passions:\s+5/);
    expect(text).toMatch(/5 {2}Chess|5 {2}chess/);
    expect(text).not.toMatch(/Falconry/i);
    const json = JSON.parse(await run('stats', '--json'));
    expect(json.topTags).toEqual([{ tag: 'chess', label: 'chess', people: 5 }]);
  });

  it('adds a workspace synonym that new submissions then use', async () => {
    await recordWorkspace(db(), { teamId: 'T0TEST' });
    expect(await run('synonym', 'Bouldering', 'Climbing')).toMatch(/counts as “Climbing”/);
    expect(await run('synonyms')).toBe('Bouldering → Climbing');
    const r = await submitPassions(testServices(db(), fake), 'T0TEST', 'U0B', { tagsText: 'boulderers' });
    expect(r.ok && r.answer.tags).toEqual([{ tag: 'climbing', label: 'boulderers' }]);
  });

  it('asks for --team when it cannot tell which workspace, and rejects a bad one', async () => {
    await expect(run('stats')).rejects.toThrow(/no workspace data in the database yet/);
    await recordWorkspace(db(), { teamId: 'T0ONE' });
    await recordWorkspace(db(), { teamId: 'T0TWO' });
    await expect(run('stats')).rejects.toThrow(/several workspaces/);
    await expect(run('stats', '--team', 'nope')).rejects.toThrow(CliError);
    await expect(run('stats', '--team', 'T0THREE')).rejects.toThrow(
      /no data for workspace T0THREE in this database \(it has T0ONE, T0TWO\)/,
    );
    await expect(run('synonym', 'only-one', '--team', 'T0ONE')).rejects.toThrow(/exactly two/);
  });
});

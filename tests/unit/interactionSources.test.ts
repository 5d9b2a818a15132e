import { departmentOfChannelName } from '../../src/services/departments';
import { allSources, reactionSources } from '../../src/services/interactionSources';

describe('interaction sources of a message', () => {
  const noBots = { isBot: () => false };

  it('keys replies and mentions by message and target, reactions by message, reactor and emoji', () => {
    const m = {
      user: 'UA1',
      text: 'hi <@UB1>',
      ts: '1700000000.000100',
      thread_ts: '1699990000.000100',
      parent_user_id: 'UC1',
      reactions: [{ name: 'tada', users: ['UB1'] }],
    };
    expect(allSources('C1', m, noBots).map((s) => s.source)).toEqual([
      'C1:1700000000.000100:reply:UC1',
      'C1:1700000000.000100:mention:UB1',
      'C1:1700000000.000100:reaction:UB1:tada',
    ]);
  });

  it('counts a reaction on the day of the message, once per person and emoji', () => {
    const sources = reactionSources(
      'C1',
      {
        user: 'UA1',
        ts: '1700000000.000100',
        reactions: [
          { name: 'eyes', users: ['UB1', 'UB1', 'UA1'] },
          { name: 'tada', users: ['UB1'] },
        ],
      },
      noBots,
    );
    expect(sources.map((s) => [s.source, s.day])).toEqual([
      ['C1:1700000000.000100:reaction:UB1:eyes', '2023-11-14'],
      ['C1:1700000000.000100:reaction:UB1:tada', '2023-11-14'],
    ]);
  });
});

describe('department names from department channels', () => {
  it.each([
    ['team-design', 'team-*', 'design'],
    ['design-team', '*-team', 'design'],
    ['dept-ops', '#dept-*', 'ops'],
    ['squad', 'squad', 'squad'],
  ])('%s under %s is %s', (name, pattern, department) => {
    expect(departmentOfChannelName(name, pattern)).toBe(department);
  });
});

import { ACTIONS } from '../../src/views/actionIds';
import { conversationStarters, introGroupMessage, introSuggestionMessage } from '../../src/views/introMessages';
import { LIMITS } from '../../src/views/limits';

describe('introduction messages', () => {
  const model = {
    introId: 42,
    userId: 'U0ANA',
    others: [{ userId: 'U0DANA', department: 'Finance' }],
    told: [{ userId: 'U0DANA', shared: ['bouldering'], theyCanTeachYou: [], youCanTeachThem: ['sql'] }],
    expiresInDays: 5,
  };

  it('says who, from which team, and why, with the three buttons carrying the intro id', () => {
    const m = introSuggestionMessage(model);
    expect(m.text).toBe(
      ':wave: Meet <@U0DANA> from Finance — you both love bouldering and <@U0DANA> would like to learn sql, which you teach.',
    );
    const buttons = (
      m.blocks.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string; value: string }> }
    ).elements;
    expect(buttons.map((b) => [b.action_id, b.value]).slice(0, 3)).toEqual([
      [ACTIONS.introAccept, '42'],
      [ACTIONS.introNotNow, '42'],
      [ACTIONS.introPause, '42'],
    ]);
  });

  it('in a trio, names the person each shared passion is shared with', () => {
    const m = introSuggestionMessage({
      ...model,
      others: [...model.others, { userId: 'U0EVE', department: 'Sales' }],
      told: [
        { userId: 'U0DANA', shared: ['chess'], theyCanTeachYou: [], youCanTeachThem: [] },
        { userId: 'U0EVE', shared: ['jazz piano'], theyCanTeachYou: [], youCanTeachThem: [] },
      ],
    });
    expect(m.text).toContain('you and <@U0DANA> both love chess and you and <@U0EVE> both love jazz piano');
    expect(m.text).not.toContain('you both love');
  });

  it('stays within Block Kit limits however many tags a department name or list has', () => {
    const shared = Array.from({ length: 50 }, (_, i) => `tag${i}`.repeat(30));
    const m = introSuggestionMessage({
      ...model,
      others: [{ userId: 'U0X', department: 'D'.repeat(5000) }],
      told: [{ userId: 'U0X', shared, theyCanTeachYou: shared, youCanTeachThem: shared }],
    });
    for (const b of m.blocks) {
      if (b.type === 'section')
        expect((b as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
  });

  it('offers two conversation starters drawn from what people share', () => {
    const fits = [{ teacher: 'U0ANA', learner: 'U0DANA', tag: 'sql' }];
    expect(conversationStarters({ allShare: ['bouldering'], fits })).toHaveLength(2);
    expect(conversationStarters({ allShare: ['bouldering'], fits })[0]).toContain('bouldering');
    expect(conversationStarters({ allShare: [], fits: [] })).toHaveLength(2);
    const told = { allShare: ['bouldering', 'chess'], fits: [] };
    const group = introGroupMessage({ members: ['U0ANA', 'U0DANA'], told, starters: conversationStarters(told) });
    expect(JSON.stringify(group.blocks)).toContain('chess');
    expect(group.blocks.map((b) => JSON.stringify(b)).join(' ')).toContain('You both love bouldering and chess');
  });

  it('asks a pair "if you both say yes" and a trio "if all three of you say yes"', () => {
    const pair = introSuggestionMessage(model);
    expect(JSON.stringify(pair.blocks)).toContain('If you both say yes');
    const trio = introSuggestionMessage({
      ...model,
      others: [...model.others, { userId: 'U0EVE', department: 'Sales' }],
      told: [...model.told, { userId: 'U0EVE', shared: [], theyCanTeachYou: [], youCanTeachThem: [] }],
    });
    expect(JSON.stringify(trio.blocks)).toContain('If all three of you say yes');
    expect(JSON.stringify([pair.blocks, trio.blocks])).not.toMatch(/everyone says yes|1 days/);
  });

  it('opens a pair\'s group DM with "you both said yes" and a trio\'s with "you all said yes"', () => {
    const told = { allShare: ['bouldering'], fits: [] };
    const pair = introGroupMessage({ members: ['U0ANA', 'U0BEN'], told, starters: conversationStarters(told) });
    expect(pair.text).toContain('you both said yes');
    const trio = introGroupMessage({ members: ['U0ANA', 'U0BEN', 'U0CAT'], told, starters: [] });
    expect(trio.text).toContain('you all said yes');
    expect(JSON.stringify(trio.blocks)).toContain('You all love bouldering');
  });

  it('starts a trio with questions for all three, never two of them by name', () => {
    const starters = conversationStarters({ allShare: [], fits: [] });
    expect(starters.join(' ')).not.toMatch(/<@/);
    const trio = introGroupMessage({
      members: ['U0ANA', 'U0BEN', 'U0CAT'],
      told: { allShare: [], fits: [] },
      starters,
    });
    expect(JSON.stringify(trio.blocks)).toContain('my message to you said which');
  });
});

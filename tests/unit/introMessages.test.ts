import { ACTIONS } from '../../src/views/actionIds';
import { conversationStarters, introGroupMessage, introSuggestionMessage } from '../../src/views/introMessages';
import { LIMITS } from '../../src/views/limits';

describe('introduction messages', () => {
  const model = {
    introId: 42,
    userId: 'U0ANA',
    others: [{ userId: 'U0DANA', department: 'Finance' }],
    sharedTags: ['bouldering'],
    fits: [{ teacher: 'U0ANA', learner: 'U0DANA', tag: 'sql' }],
    expiresInDays: 5,
  };

  it('says who, from which team, and why, with the three buttons carrying the intro id', () => {
    const m = introSuggestionMessage(model);
    expect(m.text).toBe('Meet <@U0DANA> from Finance — you both love bouldering and <@U0DANA> would like to learn sql, which you teach.'.replace(/^/, ':wave: '));
    const buttons = (m.blocks.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string; value: string }> }).elements;
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      [ACTIONS.introAccept, '42'],
      [ACTIONS.introNotNow, '42'],
      [ACTIONS.introPause, '42'],
    ]);
  });

  it('stays within Block Kit limits however many tags a department name or list has', () => {
    const m = introSuggestionMessage({ ...model, others: [{ userId: 'U0X', department: 'D'.repeat(5000) }], sharedTags: Array.from({ length: 50 }, (_, i) => `tag${i}`.repeat(30)) });
    for (const b of m.blocks) if (b.type === 'section') expect((b as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('offers two conversation starters drawn from what people share', () => {
    expect(conversationStarters(['bouldering'], model.fits)).toHaveLength(2);
    expect(conversationStarters(['bouldering'], model.fits)[0]).toContain('bouldering');
    expect(conversationStarters([], [])).toHaveLength(2);
    const group = introGroupMessage({ members: ['U0ANA', 'U0DANA'], sharedTags: ['bouldering'], fits: [], starters: conversationStarters(['bouldering', 'chess'], []) });
    expect(JSON.stringify(group.blocks)).toContain('chess');
  });
});

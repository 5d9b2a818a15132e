import { dayOfTs, interactionsFromMessage, mentionedUsers } from '../../src/domain/interactions';

describe('interactions from a message', () => {
  it('counts a thread reply as a reply to the parent author', () => {
    expect(
      interactionsFromMessage({ user: 'U2', ts: '2.0', thread_ts: '1.0', parent_user_id: 'U1', text: 'sure' }),
    ).toEqual([{ actor: 'U2', target: 'U1', kind: 'reply' }]);
  });

  it('counts each mentioned person once, and never the author mentioning themselves', () => {
    const got = interactionsFromMessage({
      user: 'U1',
      ts: '1.0',
      text: 'hi <@U2> and <@U3|carol>, <@U2> again, me <@U1>',
    });
    expect(got).toEqual([
      { actor: 'U1', target: 'U2', kind: 'mention' },
      { actor: 'U1', target: 'U3', kind: 'mention' },
    ]);
  });

  it('counts reactors as reacting to the author', () => {
    const got = interactionsFromMessage({
      user: 'U1',
      ts: '1.0',
      reactions: [{ name: 'tada', users: ['U2', 'U3', 'U1'] }],
    });
    expect(got).toEqual([
      { actor: 'U2', target: 'U1', kind: 'reaction' },
      { actor: 'U3', target: 'U1', kind: 'reaction' },
    ]);
  });

  it('ignores bots, joins, leaves and deleted-message tombstones', () => {
    expect(interactionsFromMessage({ bot_id: 'B1', user: 'U9', ts: '1', text: '<@U2>' })).toEqual([]);
    expect(interactionsFromMessage({ subtype: 'channel_join', user: 'U1', ts: '1', text: '<@U1> has joined' })).toEqual(
      [],
    );
    expect(
      interactionsFromMessage({ subtype: 'tombstone', user: 'U1', ts: '1', thread_ts: '0.5', parent_user_id: 'U2' }),
    ).toEqual([]);
    expect(interactionsFromMessage({ user: 'U1', ts: '1', text: '<@U2>' }, { isBot: (u) => u === 'U2' })).toEqual([]);
  });

  it('finds W-prefixed Enterprise Grid ids', () => {
    expect(mentionedUsers('ping <@W0ABC123>')).toEqual(['W0ABC123']);
  });

  it('dates a Slack ts by its UTC day', () => {
    expect(dayOfTs('1763769600.000100')).toBe('2025-11-22');
  });
});

import {
  coverageOf,
  describeMembershipCoverage,
  memberReadOrder,
  membershipShare,
} from '../../../src/domain/silos/membershipCoverage';

describe('membership coverage', () => {
  it('reads the channels with the most members per call first, unknown counts last, ties in the given order', () => {
    const order = memberReadOrder(
      [
        { channelId: 'a', memberCount: 9 },
        { channelId: 'unknown', memberCount: null },
        { channelId: 'general', memberCount: 2002 }, // 3 pages of 999: 667 a call
        { channelId: 'random', memberCount: 1900 }, // 2 pages: 950 a call
        { channelId: 'b', memberCount: 9 },
        { channelId: 'team', memberCount: 320 },
      ],
      999,
    );
    expect(order.map((c) => c.channelId)).toEqual(['random', 'general', 'team', 'a', 'b', 'unknown']);
  });

  it('counts what is read by Slack member counts; a channel without a count is known from events', () => {
    const c = coverageOf(
      [
        { channelId: 'big', memberCount: 900, readAt: new Date('2026-12-06T09:00:00Z') },
        { channelId: 'small', memberCount: 100, readAt: null },
        { channelId: 'new', memberCount: null, readAt: null },
      ],
      { nowMs: Date.parse('2026-12-06T15:00:00Z'), syncRunning: true },
    );
    expect(c).toEqual({
      channels: 3,
      channelsRead: 2,
      memberships: 1000,
      membershipsRead: 900,
      restBy: '2026-12-06T15:00:00.600Z', // one call at 100 a minute: 0.6 s
    });
    expect(membershipShare(c)).toBeCloseTo(0.9);
  });

  it('says how much was read and when the rest comes, and nothing once every list is read', () => {
    const m = { channels: 5000, channelsRead: 1210, memberships: 200_000, membershipsRead: 182_000 };
    expect(describeMembershipCoverage({ ...m, restBy: '2026-12-06T15:40:00.000Z' }, '2026-12-06T14:00:00.000Z')).toBe(
      'Memberships read for 1,210 of 5,000 channels, 91 % of all memberships; the rest by about 15:40 UTC. ' +
        'Numbers about channels may change until then.',
    );
    expect(
      describeMembershipCoverage({ ...m, restBy: '2026-12-07T01:10:00.000Z' }, '2026-12-06T23:00:00.000Z'),
    ).toContain('the rest by about 2026-12-07 01:10 UTC');
    // an estimate of 15:39:10 is not shown as 15:39 (the lists would still be read then)
    expect(
      describeMembershipCoverage({ ...m, restBy: '2026-12-06T15:39:10.000Z' }, '2026-12-06T14:00:00.000Z'),
    ).toContain('the rest by about 15:40 UTC');
    expect(describeMembershipCoverage({ ...m, restBy: null }, '2026-12-06T14:00:00.000Z')).toContain(
      'the rest when a sync runs again',
    );
    // 99.6 % is not rounded up to "100 %" while a list is unread
    expect(
      describeMembershipCoverage({ ...m, membershipsRead: 199_200, restBy: null }, '2026-12-06T14:00:00.000Z'),
    ).toContain('99 % of all memberships');
    expect(
      describeMembershipCoverage({ ...m, channelsRead: 5000, restBy: null }, '2026-12-06T14:00:00.000Z'),
    ).toBeNull();
    expect(describeMembershipCoverage(undefined, '2026-12-06T14:00:00.000Z')).toBeNull();
  });
});

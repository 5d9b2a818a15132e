import { awayUntil, AWAY_DEFAULTS, statusSaysAway } from '../../src/domain/away';
import { sharedWorkingHours } from '../../src/domain/meetingTime';
import { sharedHoursSentence } from '../../src/views/sharedHours';

const at = new Date('2026-11-18T10:00:00Z'); // a Wednesday
const status = (text: string | null, emoji: string | null, expiration: string | null = null) => ({
  text,
  emoji,
  expiration: expiration ? new Date(expiration) : null,
});

describe('away means away', () => {
  it('reads the emojis and words of the settings, whole words, case and accents ignored', () => {
    for (const s of [
      status(null, ':palm_tree:'),
      status('Vacationing', ':airplane:'),
      status('OOO', null),
      status('On parental leave until March', null),
      status('Out of office', null),
      status('En vacation 🏝️', null),
    ])
      expect(statusSaysAway(s, AWAY_DEFAULTS)).toBe(true);
    for (const s of [status('Looking at the zoo', null), status('In a meeting', ':spiral_calendar_pad:')])
      expect(statusSaysAway(s, AWAY_DEFAULTS)).toBe(false);
    expect(statusSaysAway(status('Sabbatical', null), { emojis: [], words: ['sabbatical'] })).toBe(true);
  });

  it('lasts until the status expires, or while it is set without one', () => {
    expect(awayUntil(status('OOO', null, '2026-11-20T17:00:00Z'), at, AWAY_DEFAULTS)).toEqual(
      new Date('2026-11-20T17:00:00Z'),
    );
    expect(awayUntil(status('OOO', null), at, AWAY_DEFAULTS)).toBe('indefinitely');
    expect(awayUntil(status('OOO', null, '2026-11-18T09:00:00Z'), at, AWAY_DEFAULTS)).toBeNull();
  });

  it('counts any status that expires after the send day as away, but not one that ends today', () => {
    expect(awayUntil(status('At a conference', ':microphone:', '2026-11-20T17:00:00Z'), at, AWAY_DEFAULTS)).toEqual(
      new Date('2026-11-20T17:00:00Z'),
    );
    expect(awayUntil(status('In a meeting', ':calendar:', '2026-11-18T11:00:00Z'), at, AWAY_DEFAULTS)).toBeNull();
    expect(awayUntil(status(null, null), at, AWAY_DEFAULTS)).toBeNull();
  });
});

describe('a time that suits both', () => {
  it('finds the weekday hours London and New York share, in each one’s local time', () => {
    const h = sharedWorkingHours(
      [
        { userId: 'UANA', tz: 'Europe/London', tzOffset: 0 },
        { userId: 'UBEN', tz: 'America/New_York', tzOffset: -18000 },
      ],
      at,
    );
    expect(sharedHoursSentence(h)).toBe(
      ":clock3: You overlap 14:00–17:00 UTC on weekdays: that's 14–17 for <@UANA>, 9–12 for <@UBEN>.",
    );
  });

  it('follows summer time from the zone name, and half-hour zones', () => {
    const june = new Date('2026-06-17T10:00:00Z');
    const h = sharedWorkingHours(
      [
        { userId: 'UANA', tz: 'Europe/Berlin', tzOffset: 3600 },
        { userId: 'URAJ', tz: 'Asia/Kolkata', tzOffset: 19800 },
      ],
      june,
    );
    // Berlin UTC+2 in June: 07:00–15:00 UTC; Kolkata UTC+5:30: 03:30–11:30 UTC
    expect(sharedHoursSentence(h)).toBe(
      ":clock3: You overlap 07:00–11:30 UTC on weekdays: that's 9–13:30 for <@UANA>, 12:30–17 for <@URAJ>.",
    );
  });

  it('crosses the date line (UTC−10 and UTC+12 are two hours apart: six hours shared)', () => {
    const h = sharedWorkingHours(
      [
        { userId: 'UHNL', tz: null, tzOffset: -36000 },
        { userId: 'UAKL', tz: null, tzOffset: 43200 },
      ],
      at,
    );
    expect(h).toMatchObject({ overlap: true, startUtc: 21 * 60, minutes: 360 });
  });

  it('says honestly when there is no hour in common, and suggests an asynchronous start', () => {
    const h = sharedWorkingHours(
      [
        { userId: 'UANA', tz: 'Europe/London', tzOffset: 0 },
        { userId: 'UKEN', tz: 'Asia/Tokyo', tzOffset: 32400 },
      ],
      at,
    );
    expect(h.overlap).toBe(false);
    expect(sharedHoursSentence(h)).toContain("Your working hours don't overlap");
    expect(sharedHoursSentence(h)).toContain('asynchronous start');
  });
});

import { isInSendWindow, localParts, nextLocalSendTime, safeTimeZone } from '../../src/domain/localTime';

const at = (iso: string) => new Date(iso);

describe('local send times', () => {
  it('sends at 10:00 the same day when it is earlier in the morning there', () => {
    // Monday 16 Nov 2026, 05:00 in New York (UTC-5)
    expect(nextLocalSendTime(at('2026-11-16T10:00:00Z'), 'America/New_York', 10).toISOString()).toBe(
      '2026-11-16T15:00:00.000Z',
    );
  });

  it('waits for the next working day after the window has passed', () => {
    // Monday 16:00 in Berlin → Tuesday 10:00 Berlin = 09:00Z
    expect(nextLocalSendTime(at('2026-11-16T15:00:00Z'), 'Europe/Berlin', 10).toISOString()).toBe(
      '2026-11-17T09:00:00.000Z',
    );
  });

  it('skips the weekend in the person’s zone, not in UTC', () => {
    // Friday 20 Nov 23:30Z is already Saturday morning in Tokyo → Monday 23 Nov 10:00 JST = 01:00Z
    expect(nextLocalSendTime(at('2026-11-20T23:30:00Z'), 'Asia/Tokyo', 10).toISOString()).toBe(
      '2026-11-23T01:00:00.000Z',
    );
    // Saturday in London → Monday 10:00 GMT
    expect(nextLocalSendTime(at('2026-11-21T12:00:00Z'), 'Europe/London', 10).toISOString()).toBe(
      '2026-11-23T10:00:00.000Z',
    );
  });

  it('returns now when already inside the send window (a job claimed a few minutes late)', () => {
    const now = at('2026-11-16T10:07:00Z');
    expect(nextLocalSendTime(now, 'Europe/London', 10)).toBe(now);
    expect(isInSendWindow(now, 'Europe/London', 10)).toBe(true);
    expect(isInSendWindow(at('2026-11-16T13:00:00Z'), 'Europe/London', 10)).toBe(false);
  });

  it('keeps 10:00 local across the spring DST change', () => {
    // Europe switches on Sunday 29 March 2026: Friday 27 March 10:00 CET = 09:00Z, Monday 30 March 10:00 CEST = 08:00Z
    expect(nextLocalSendTime(at('2026-03-27T08:00:00Z'), 'Europe/Paris', 10).toISOString()).toBe(
      '2026-03-27T09:00:00.000Z',
    );
    expect(nextLocalSendTime(at('2026-03-27T12:00:00Z'), 'Europe/Paris', 10).toISOString()).toBe(
      '2026-03-30T08:00:00.000Z',
    );
  });

  it('keeps 10:00 local across the autumn DST change', () => {
    // US falls back on Sunday 1 November 2026: Friday 30 Oct 10:00 EDT = 14:00Z, Monday 2 Nov 10:00 EST = 15:00Z
    expect(nextLocalSendTime(at('2026-10-30T12:00:00Z'), 'America/New_York', 10).toISOString()).toBe(
      '2026-10-30T14:00:00.000Z',
    );
    expect(nextLocalSendTime(at('2026-10-30T18:00:00Z'), 'America/New_York', 10).toISOString()).toBe(
      '2026-11-02T15:00:00.000Z',
    );
  });

  it('handles zones with half-hour offsets and the date line', () => {
    expect(nextLocalSendTime(at('2026-11-16T00:00:00Z'), 'Asia/Kolkata', 10).toISOString()).toBe(
      '2026-11-16T04:30:00.000Z',
    );
    // Monday 16 Nov 09:00Z is Monday 22:00 in Kiritimati (UTC+14) → Tuesday 10:00 = Monday 20:00Z
    expect(nextLocalSendTime(at('2026-11-16T09:00:00Z'), 'Pacific/Kiritimati', 10).toISOString()).toBe(
      '2026-11-16T20:00:00.000Z',
    );
  });

  it('falls back to UTC for a missing or unknown zone', () => {
    expect(safeTimeZone(null)).toBe('UTC');
    expect(safeTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(nextLocalSendTime(at('2026-11-16T06:00:00Z'), 'Mars/Olympus_Mons', 10).toISOString()).toBe(
      '2026-11-16T10:00:00.000Z',
    );
    expect(localParts(at('2026-11-16T06:00:00Z'), '').hour).toBe(6);
  });
});

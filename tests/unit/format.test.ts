import {
  count,
  isoDay,
  isoDayBefore,
  percent,
  percentOr,
  percentProse,
  signed,
  signedProse,
} from '../../src/domain/format';
import { settingBounds, settingsSchema } from '../../src/domain/settings';
import { SETTINGS_FIELDS } from '../../src/views/settingsModal';

describe('one way to write each number', () => {
  it('writes a day as YYYY-MM-DD in UTC, from a Date, a timestamp or an ISO string', () => {
    const t = new Date('2026-03-01T23:30:00-05:00');
    expect(isoDay(t)).toBe('2026-03-02');
    expect(isoDay(t.getTime())).toBe('2026-03-02');
    expect(isoDay('2026-03-02T04:30:00.000Z')).toBe('2026-03-02');
    expect(isoDayBefore(t, 2)).toBe('2026-02-28');
  });

  it('writes shares as percentages: tables without a space, prose with one, a dash when there is none', () => {
    expect(percent(0.424)).toBe('42%');
    expect(percentProse(0.424)).toBe('42 %');
    expect(percentProse(0.4246, 1)).toBe('42.5 %');
    expect(percentOr(null, '–')).toBe('–');
    expect(percentOr(0.5, '–')).toBe('50%');
  });

  it('signs changes: ASCII for aligned tables, a true minus and no sign on zero in prose', () => {
    expect([signed(0.123), signed(-0.5), signed(0), signed(0.1234, 3)]).toEqual(['+0.12', '-0.50', '+0.00', '+0.123']);
    expect([signedProse(0.123), signedProse(-0.5), signedProse(0)]).toEqual(['+0.12', '−0.50', '0.00']);
  });

  it('counts with the right unit', () => {
    expect([count(1, 'tie'), count(3, 'tie'), count(1, 'person', 'people'), count(2, 'person', 'people')]).toEqual([
      '1 tie',
      '3 ties',
      '1 person',
      '2 people',
    ]);
  });
});

describe('settings bounds come from the schema', () => {
  it('gives every number field of the settings modal the range the schema accepts', () => {
    const numeric = SETTINGS_FIELDS.filter((f) => f.kind === 'int' || f.kind === 'decimal');
    expect(numeric.length).toBeGreaterThan(20);
    for (const f of numeric) {
      const { min, max } = settingBounds(f.path);
      expect({ path: f.path, min: typeof min, max: typeof max }).toEqual({
        path: f.path,
        min: 'number',
        max: 'number',
      });
      // the bounds are what the schema accepts: the value just inside passes, just outside fails
      const at = (v: number) => settingsSchema.safeParse(nested(f.path, v)).success;
      expect([at(min!), at(max!), at(min! - 1), at(max! + 1)]).toEqual([true, true, false, false]);
    }
  });

  it('has no bounds for a setting that is not a number', () => {
    expect(settingBounds('rounds.cadence')).toEqual({});
    expect(settingBounds('no.such.path')).toEqual({});
  });
});

function nested(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

import { introGapDays, promptRemindersFor, restingFromIntroductions } from '../../src/domain/contactFrequency';

const DAY = 86_400_000;
const now = new Date('2026-11-16T10:00:00Z');

describe('how often a person hears from Weaver', () => {
  it('lets normal people take part in every round', () => {
    expect(restingFromIntroductions('normal', new Date(now.getTime() - DAY), now, 'weekly')).toBe(false);
  });

  it('gives "half as often" one suggestion every two round periods', () => {
    expect(introGapDays('less', 'biweekly')).toBe(27);
    expect(restingFromIntroductions('less', new Date(now.getTime() - 14 * DAY), now, 'biweekly')).toBe(true);
    expect(restingFromIntroductions('less', new Date(now.getTime() - 28 * DAY), now, 'biweekly')).toBe(false);
  });

  it('gives "rarely" about one suggestion a quarter, whatever the cadence', () => {
    expect(restingFromIntroductions('rarely', new Date(now.getTime() - 56 * DAY), now, 'weekly')).toBe(true);
    expect(restingFromIntroductions('rarely', new Date(now.getTime() - 84 * DAY), now, 'weekly')).toBe(false);
    expect(restingFromIntroductions('rarely', null, now, 'monthly')).toBe(false);
  });

  it('sends fewer prompt reminders to people who asked for less', () => {
    expect(promptRemindersFor('normal', 2)).toBe(2);
    expect(promptRemindersFor('less', 2)).toBe(1);
    expect(promptRemindersFor('rarely', 2)).toBe(0);
  });
});

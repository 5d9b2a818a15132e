import { decidePrompt, firstPromptOffsetDays, parsePauseDuration, type PromptPerson } from '../../src/domain/prompts';

const person = (o: Partial<PromptPerson> = {}): PromptPerson => ({
  isBot: false,
  isDeleted: false,
  optedOut: false,
  promptsStopped: false,
  pausedUntil: null,
  snoozedUntil: null,
  tz: 'Europe/London',
  ...o,
});
const monday10 = new Date('2026-11-16T10:00:00Z');
const opts = { now: monday10, sendHour: 10, enabled: true, answered: false };

describe('whether a passion prompt goes out', () => {
  it('sends at the local send hour on a working day', () => {
    expect(decidePrompt(person(), opts)).toEqual({ kind: 'send' });
  });

  it.each([
    ['opted out', { optedOut: true }],
    ['asked not to be asked again', { promptsStopped: true }],
    ['bot or deactivated', { isBot: true }],
    ['bot or deactivated', { isDeleted: true }],
  ])('skips someone who %s', (reason, o) => {
    expect(decidePrompt(person(o), opts)).toEqual({ kind: 'skip', reason });
  });

  it('skips someone Weaver no longer knows, or who already answered', () => {
    expect(decidePrompt(null, opts).kind).toBe('skip');
    expect(decidePrompt(person(), { ...opts, answered: true }).kind).toBe('skip');
    expect(decidePrompt(person(), { ...opts, enabled: false }).kind).toBe('skip');
  });

  it('waits until a pause or a "Not now" ends, then for the send hour', () => {
    const paused = decidePrompt(person({ pausedUntil: new Date('2026-11-25T15:00:00Z') }), opts);
    expect(paused).toEqual({ kind: 'defer', until: new Date('2026-11-26T10:00:00Z') });
    const snoozed = decidePrompt(
      person({ snoozedUntil: new Date('2026-11-30T09:00:00Z'), pausedUntil: new Date('2026-11-20T00:00:00Z') }),
      opts,
    );
    expect(snoozed).toEqual({ kind: 'defer', until: new Date('2026-11-30T10:00:00Z') });
  });

  it('waits for working hours in the person’s own zone', () => {
    expect(decidePrompt(person({ tz: 'America/Los_Angeles' }), opts)).toEqual({
      kind: 'defer',
      until: new Date('2026-11-16T18:00:00Z'),
    });
  });
});

describe('pause durations', () => {
  it.each([
    ['3d', 3],
    ['2w', 14],
    ['1m', 30],
    ['2 weeks', 14],
    ['10 days', 10],
    ['1 month', 30],
    ['12m', 360],
  ])('reads %p as %p days', (text, days) => {
    expect(parsePauseDuration(text)).toBe(days);
  });

  it.each(['', 'soon', '0d', '2y', '-1w', '13m', 'w2'])('rejects %p', (text) => {
    expect(parsePauseDuration(text)).toBeNull();
  });
});

describe('spreading first prompts', () => {
  it('gives each person a stable day within the spread, using every day', () => {
    const days = Array.from({ length: 200 }, (_, i) => firstPromptOffsetDays(`U${1000 + i}`, 5));
    expect(new Set(days)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(firstPromptOffsetDays('U1234', 5)).toBe(firstPromptOffsetDays('U1234', 5));
    expect(firstPromptOffsetDays('U1234', 1)).toBe(0);
  });
});

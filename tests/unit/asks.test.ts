import { askCounts } from '../../src/domain/asks/askCounts';
import { readAskForm } from '../../src/domain/asks/askForm';
import {
  askTopicTags,
  rankHelpers,
  type AskQuery,
  type HelperProfile,
  type RankContext,
} from '../../src/domain/asks/rankHelpers';
import { AWAY_DEFAULTS } from '../../src/domain/away';
import { synonymTable } from '../../src/domain/passions/normalise';

const NOW = new Date('2026-11-16T10:00:00Z');

const person = (userId: string, o: Partial<HelperProfile> = {}): HelperProfile => ({
  userId,
  department: 'Finance',
  tzOffset: 0,
  tags: [],
  teach: [],
  isBot: false,
  isDeleted: false,
  optedOut: false,
  pausedUntil: null,
  unansweredSuggestions: 0,
  notForQuestions: false,
  status: { text: null, emoji: null, expiration: null },
  asksLast30Days: 0,
  ...o,
});

const query = (o: Partial<AskQuery> = {}): AskQuery => ({
  askerId: 'UASK',
  askerDepartment: 'Engineering',
  askerTzOffset: 0,
  topicTags: ['kafka'],
  outsideDepartment: false,
  ...o,
});

const ctx = (o: Partial<RankContext> = {}): RankContext => ({
  now: NOW,
  contacts: new Set(),
  blocked: new Set(),
  alreadyAsked: new Set(),
  perHelperPerMonth: 2,
  away: AWAY_DEFAULTS,
  ...o,
});

const order = (people: HelperProfile[], q = query(), c = ctx()) =>
  rankHelpers(q, people, c).ranked.map((r) => r.userId);

describe('who could help with an ask', () => {
  it('puts someone who could teach the topic before someone who loves it, and exact before a shared word', () => {
    const people = [
      person('ULOVES', { tags: ['kafka'] }),
      person('UWORDS', { teach: ['apache kafka'] }),
      person('UTEACH', { teach: ['kafka'] }),
      person('UNONE', { tags: ['sailing'], teach: ['sql'] }),
    ];
    expect(order(people)).toEqual(['UTEACH', 'ULOVES', 'UWORDS']);
  });

  it('matches shared words only when they carry meaning ("kafka" in "kafka streams", not "topic" in "topic 7")', () => {
    const people = [person('USTREAMS', { teach: ['kafka stream'] }), person('U7', { teach: ['topic 7'] })];
    expect(order(people, query({ topicTags: ['kafka'] }))).toEqual(['USTREAMS']);
    expect(order(people, query({ topicTags: ['topic 42'] }))).toEqual([]);
  });

  it('prefers another department, then a stranger to the asker (even six hours away), then shared working hours', () => {
    const people = [
      person('USAME', { teach: ['kafka'], department: 'Engineering' }),
      person('UFRIEND', { teach: ['kafka'], department: 'Sales' }),
      person('UFAR', { teach: ['kafka'], department: 'Legal', tzOffset: 6 * 3600 }),
      person('UBEST', { teach: ['kafka'], department: 'Finance' }),
    ];
    expect(order(people, query(), ctx({ contacts: new Set(['UFRIEND']) }))).toEqual([
      'UBEST',
      'UFAR',
      'UFRIEND',
      'USAME',
    ]);
  });

  it('leaves out the asker’s department when asked to, and people already asked for this ask', () => {
    const people = [
      person('USAME', { teach: ['kafka'], department: 'Engineering' }),
      person('UASKED', { teach: ['kafka'] }),
      person('UOTHER', { tags: ['kafka'] }),
    ];
    const r = rankHelpers(query({ outsideDepartment: true }), people, ctx({ alreadyAsked: new Set(['UASKED']) }));
    expect(r.ranked.map((x) => x.userId)).toEqual(['UOTHER']);
    expect(r.excluded).toMatchObject({ same_department: 1, already_asked: 1 });
  });

  it('never asks the asker, bots, deactivated, opted-out, paused or blocked people, or those not for questions', () => {
    const kafka = { teach: ['kafka'] };
    const people = [
      person('UASK', kafka),
      person('UBOT', { ...kafka, isBot: true }),
      person('UGONE', { ...kafka, isDeleted: true }),
      person('UOUT', { ...kafka, optedOut: true }),
      person('UPAUSED', { ...kafka, pausedUntil: new Date('2026-12-01T00:00:00Z') }),
      person('USILENT', { ...kafka, unansweredSuggestions: 3 }),
      person('UBLOCK', kafka),
      person('UNOQ', { ...kafka, notForQuestions: true }),
      person('UOK', kafka),
    ];
    expect(order(people, query(), ctx({ blocked: new Set(['UBLOCK']) }))).toEqual(['UOK']);
  });

  it('asks nobody more than the monthly limit, and spreads asks to those asked less', () => {
    const people = [
      person('UFULL', { teach: ['kafka'], asksLast30Days: 2 }),
      person('UONCE', { teach: ['kafka'], asksLast30Days: 1 }),
      person('UFRESH', { teach: ['kafka'], asksLast30Days: 0 }),
    ];
    expect(order(people)).toEqual(['UFRESH', 'UONCE']);
    expect(order(people, query(), ctx({ perHelperPerMonth: 3 }))).toEqual(['UFRESH', 'UONCE', 'UFULL']);
  });

  it('skips people whose status says they are away, until it ends', () => {
    const kafka = { teach: ['kafka'] };
    const people = [
      person('UPALM', { ...kafka, status: { text: null, emoji: ':palm_tree:', expiration: null } }),
      person('UOOO', { ...kafka, status: { text: 'OOO until Monday', emoji: null, expiration: null } }),
      person('UBACK', {
        ...kafka,
        status: { text: 'Vacation', emoji: ':palm_tree:', expiration: new Date('2026-11-16T08:00:00Z') },
      }),
      person('UMEETING', {
        ...kafka,
        status: { text: 'In a meeting', emoji: ':spiral_calendar_pad:', expiration: new Date('2026-11-16T11:00:00Z') },
      }),
    ];
    const r = rankHelpers(query(), people, ctx());
    expect(r.ranked.map((x) => x.userId).sort()).toEqual(['UBACK', 'UMEETING']);
    expect(r.excluded.away).toBe(2);
  });

  it('reads the topic like the typeahead: case, plurals and the workspace’s synonyms', () => {
    const synonyms = synonymTable([{ variant: 'k8s', canonical: 'kubernetes' }]);
    expect(askTopicTags('K8s, Board Games', synonyms)).toEqual(['kubernetes', 'board game']);
    expect(
      order([person('UK', { teach: ['kubernetes'] })], query({ topicTags: askTopicTags('k8s', synonyms) })),
    ).toEqual(['UK']);
  });

  it('ranks 10,000 people by a stable order (ties go to the smaller id)', () => {
    const people = Array.from({ length: 10_000 }, (_, i) =>
      person(`U${String(i).padStart(5, '0')}`, { tags: i % 100 === 0 ? ['kafka'] : ['chess'] }),
    );
    const first = rankHelpers(query(), people, ctx({ limit: 3 })).ranked.map((r) => r.userId);
    expect(first).toEqual(['U00000', 'U00100', 'U00200']);
  });
});

describe('the ask form', () => {
  it('needs a topic of a few words and keeps the asker’s wording without markup', () => {
    expect(readAskForm({ topic: '  ' })).toEqual({ ok: false, error: 'topic_empty' });
    expect(readAskForm({ topic: 'x'.repeat(81) })).toEqual({ ok: false, error: 'topic_too_long' });
    expect(readAskForm({ topic: 'kafka', why: 'y'.repeat(501) })).toEqual({ ok: false, error: 'why_too_long' });
    expect(readAskForm({ topic: 'Kafka <@U123>', why: 'starting out <!channel>', outside: true })).toEqual({
      ok: true,
      form: { topic: 'Kafka', topicTags: ['kafka'], why: 'starting out', outsideDepartment: true },
    });
  });
});

describe('what leads see of asks', () => {
  const row = (askerId: string, topic: string, status = 'matched', introduced = true) => ({
    askerId,
    kind: 'ask' as const,
    status,
    topicTags: [topic],
    introduced,
  });

  it('shows nothing when fewer people than the privacy threshold asked', () => {
    expect(askCounts([row('U1', 'kafka'), row('U2', 'kafka')], 3)).toEqual({ hidden: true });
  });

  it('counts asks, answers and introductions, and names only topics asked by enough people', () => {
    const rows = [
      row('U1', 'kafka'),
      row('U2', 'kafka', 'unanswered', false),
      row('U3', 'kafka'),
      row('U4', 'sourdough'),
      { askerId: 'U9', kind: 'welcome' as const, status: 'matched', topicTags: ['chess'], introduced: true },
    ];
    expect(askCounts(rows, 3)).toEqual({
      hidden: false,
      asks: 4,
      answered: 3,
      introductions: 4,
      welcomes: 1,
      topTopics: [{ topic: 'kafka', askers: 3 }],
    });
  });
});

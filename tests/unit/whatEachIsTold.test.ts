import { whatReaderIsTold, whatTheGroupIsTold } from '../../src/domain/introductions/whatEachIsTold';

// A trio as the issue describes it: ANA entered "chess, jazz piano"; BEN and CAT share
// birdwatching; ANA and CAT share jazz piano; ANA and BEN share chess.
const members = ['U0ANA', 'U0BEN', 'U0CAT'];
const shared = {
  pairs: [
    { a: 'U0ANA', b: 'U0BEN', sharedTags: ['chess'], fits: [] },
    { a: 'U0ANA', b: 'U0CAT', sharedTags: ['jazz-piano'], fits: [] },
    {
      a: 'U0BEN',
      b: 'U0CAT',
      sharedTags: ['birdwatching'],
      fits: [{ teacher: 'U0CAT', learner: 'U0BEN', tag: 'sql' }],
    },
  ],
};
const wording = new Map([
  [
    'U0ANA',
    new Map([
      ['chess', 'Chess'],
      ['jazz-piano', 'jazz piano'],
    ]),
  ],
  [
    'U0BEN',
    new Map([
      ['chess', 'chess'],
      ['birdwatching', 'bird watching'],
      ['sql', 'SQL'],
    ]),
  ],
  [
    'U0CAT',
    new Map([
      ['jazz-piano', 'Jazz Piano'],
      ['birdwatching', 'birdwatching'],
      ['sql', 'sql'],
    ]),
  ],
]);

describe('what each member of an introduction is told', () => {
  it('tells a trio member only what they share with each person named, in their own words', () => {
    expect(whatReaderIsTold('U0ANA', members, shared, wording)).toEqual([
      { userId: 'U0BEN', shared: ['Chess'], theyCanTeachYou: [], youCanTeachThem: [] },
      { userId: 'U0CAT', shared: ['jazz piano'], theyCanTeachYou: [], youCanTeachThem: [] },
    ]);
    expect(whatReaderIsTold('U0BEN', members, shared, wording)).toEqual([
      { userId: 'U0ANA', shared: ['chess'], theyCanTeachYou: [], youCanTeachThem: [] },
      { userId: 'U0CAT', shared: ['bird watching'], theyCanTeachYou: ['SQL'], youCanTeachThem: [] },
    ]);
  });

  it('does not tell a reader a passion they have removed since the round', () => {
    const edited = new Map(wording);
    edited.set('U0ANA', new Map([['jazz-piano', 'jazz piano']]));
    expect(whatReaderIsTold('U0ANA', members, shared, edited)[0].shared).toEqual([]);
  });

  it('names in the group DM only what all three share, and each pair with both names', () => {
    const told = whatTheGroupIsTold(members, shared, wording);
    expect(told.allShare).toEqual([]);
    // different wordings for one tag: the plain tag, nobody's words in another's mouth
    expect(told.pairs).toEqual([
      { a: 'U0ANA', b: 'U0BEN', shared: ['chess'] },
      { a: 'U0ANA', b: 'U0CAT', shared: ['jazz piano'] },
      { a: 'U0BEN', b: 'U0CAT', shared: ['birdwatching'] },
    ]);
  });

  it('says "you all love" only for tags every pair of the trio shares', () => {
    const all = { pairs: shared.pairs.map((p) => ({ ...p, sharedTags: [...p.sharedTags, 'tea'] })) };
    const told = whatTheGroupIsTold(members, all, wording);
    expect(told.allShare).toEqual(['tea']);
    expect(told.pairs.map((p) => p.shared)).toEqual([['chess'], ['jazz piano'], ['birdwatching']]);
  });

  it('reads rows stored before pairs: exact for a pair, nothing attributed inside a trio', () => {
    const legacy = { sharedTags: ['chess', 'jazz-piano', 'birdwatching'], fits: [] };
    expect(whatReaderIsTold('U0ANA', members, legacy, wording).flatMap((t) => t.shared)).toEqual([]);
    expect(whatReaderIsTold('U0ANA', ['U0ANA', 'U0BEN'], legacy, wording)[0].shared).toEqual(['Chess', 'jazz piano']);
  });
});

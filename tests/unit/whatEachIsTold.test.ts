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

// One display form per tag across the workspace (domain/passions/displayForm.ts).
const display = new Map([
  ['chess', 'chess'],
  ['jazz-piano', 'jazz piano'],
  ['birdwatching', 'birdwatching'],
  ['sql', 'SQL'],
]);

describe('what each member of an introduction is told', () => {
  it("tells a trio member only what they share with each person named, in the workspace's words", () => {
    expect(whatReaderIsTold('U0ANA', members, shared, wording, display)).toEqual([
      { userId: 'U0BEN', shared: ['chess'], theyCanTeachYou: [], youCanTeachThem: [] },
      { userId: 'U0CAT', shared: ['jazz piano'], theyCanTeachYou: [], youCanTeachThem: [] },
    ]);
    expect(whatReaderIsTold('U0BEN', members, shared, wording, display)).toEqual([
      { userId: 'U0ANA', shared: ['chess'], theyCanTeachYou: [], youCanTeachThem: [] },
      { userId: 'U0CAT', shared: ['birdwatching'], theyCanTeachYou: ['SQL'], youCanTeachThem: [] },
    ]);
  });

  it('does not tell anyone a passion the reader or the person named has removed since the round', () => {
    const edited = new Map(wording);
    edited.set('U0ANA', new Map([['jazz-piano', 'jazz piano']]));
    expect(whatReaderIsTold('U0ANA', members, shared, edited, display)[0].shared).toEqual([]);
    expect(whatReaderIsTold('U0BEN', members, shared, edited, display)[0].shared).toEqual([]);
  });

  it("names in a trio's group DM only what all three share: no pair's passion, no fit between two", () => {
    const told = whatTheGroupIsTold(members, shared, wording, display);
    expect(told).toEqual({ allShare: [], fits: [] });
  });

  it('says "you all love" only for tags every member of the trio entered', () => {
    const all = { pairs: shared.pairs.map((p) => ({ ...p, sharedTags: [...p.sharedTags, 'tea'] })) };
    const withTea = new Map([...wording].map(([u, m]) => [u, new Map([...m, ['tea', 'Tea']])]));
    expect(whatTheGroupIsTold(members, all, withTea, display).allShare).toEqual(['tea']);
    const catDroppedTea = new Map(withTea);
    catDroppedTea.set('U0CAT', wording.get('U0CAT')!);
    expect(whatTheGroupIsTold(members, all, catDroppedTea, display).allShare).toEqual([]);
  });

  it("names a pair's fits in their group DM, in the display form", () => {
    const pair = { pairs: [shared.pairs[2]] };
    expect(whatTheGroupIsTold(['U0BEN', 'U0CAT'], pair, wording, display)).toEqual({
      allShare: ['birdwatching'],
      fits: [{ teacher: 'U0CAT', learner: 'U0BEN', tag: 'SQL' }],
    });
  });

  it('reads rows stored before pairs: exact for a pair, nothing attributed inside a trio', () => {
    const legacy = { sharedTags: ['chess', 'jazz-piano', 'birdwatching'], fits: [] };
    expect(whatReaderIsTold('U0ANA', members, legacy, wording, display).flatMap((t) => t.shared)).toEqual([]);
    expect(whatReaderIsTold('U0ANA', ['U0ANA', 'U0BEN'], legacy, wording, display)[0].shared).toEqual(['chess']);
  });
});

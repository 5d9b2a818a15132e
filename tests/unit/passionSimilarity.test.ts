import {
  TagRarity,
  complementScore,
  passionSimilarity,
  sharedPassionScore,
  type PassionProfile,
} from '../../src/domain/passions/similarity';

const person = (userId: string, tags: string[], teach: string[] = [], learn: string[] = []): PassionProfile => ({
  userId,
  tags,
  teach,
  learn,
});

describe('passion similarity', () => {
  // coffee: 8 of 10 people; bouldering: 2 of 10
  const crowd = Array.from({ length: 6 }, (_, i) => person(`C${i}`, ['coffee']));
  const ana = person('ANA', ['coffee', 'bouldering']);
  const ben = person('BEN', ['coffee', 'bouldering']);
  const cat = person('CAT', ['coffee', 'chess']);
  const dan = person('DAN', ['coffee', 'go']);
  const rarity = new TagRarity([...crowd, ana, ben, cat, dan]);

  it('weighs a rare shared passion more than a common one', () => {
    expect(rarity.weight('bouldering')).toBeGreaterThan(rarity.weight('coffee'));
    expect(sharedPassionScore(ana, ben, rarity)).toBeGreaterThan(sharedPassionScore(cat, dan, rarity));
  });

  it('is symmetric, 1 for identical lists and 0 with nothing shared', () => {
    expect(sharedPassionScore(ana, ben, rarity)).toBeCloseTo(1);
    expect(sharedPassionScore(cat, dan, rarity)).toBeCloseTo(sharedPassionScore(dan, cat, rarity));
    expect(sharedPassionScore(person('X', ['go']), person('Y', ['chess']), rarity)).toBe(0);
  });

  it('counts teaching what the other wants to learn, in both directions', () => {
    const teacher = person('T', [], ['sql'], []);
    const learner = person('L', [], [], ['sql']);
    const both = [person('A', [], ['sql'], ['design']), person('B', [], ['design'], ['sql'])];
    const r = new TagRarity([teacher, learner, ...both]);
    const oneWay = complementScore(teacher, learner, r);
    expect(oneWay).toBeGreaterThan(0);
    expect(complementScore(learner, teacher, r)).toBeCloseTo(oneWay);
    expect(complementScore(both[0], both[1], r)).toBeGreaterThan(oneWay);
    expect(complementScore(both[0], both[1], r)).toBeLessThanOrEqual(1);
    expect(complementScore(teacher, teacher, r)).toBe(0);
  });

  it('lists shared tags rarest first and who could teach whom', () => {
    const s = passionSimilarity(
      person('A', ['coffee', 'bouldering'], ['sql']),
      person('B', ['bouldering', 'coffee'], [], ['sql']),
      rarity,
    );
    expect(s.sharedTags).toEqual(['bouldering', 'coffee']);
    expect(s.fits).toEqual([{ teacher: 'A', learner: 'B', tag: 'sql' }]);
  });
});

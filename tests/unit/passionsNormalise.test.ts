import fc from 'fast-check';
import {
  activityOf,
  displayLabel,
  normaliseTag,
  singular,
  splitTagText,
  stripSlackMarkup,
  synonymTable,
  toPassion,
} from '../../src/domain/passions/normalise';

describe('passion tag normalisation', () => {
  it.each([
    'Rock climbing',
    'rock-climbing',
    'rock climbers',
    '  ROCK   Climbing!! ',
    'Rock Climber',
    'rock_climbing.',
  ])('folds %p to `rock climbing`', (raw) => {
    expect(normaliseTag(raw)).toBe('rock climbing');
  });

  it('folds simple plurals of the last word', () => {
    expect(normaliseTag('Board games')).toBe('board game');
    expect(normaliseTag('board game')).toBe('board game');
    expect(normaliseTag('Hobbies')).toBe('hobby');
    expect(normaliseTag('Watches')).toBe('watch');
    expect(normaliseTag('tomatoes')).toBe('tomato');
    expect(normaliseTag('Movies')).toBe('movie');
  });

  it('leaves words that only look plural alone', () => {
    for (const word of ['chess', 'tennis', 'physics', 'kubernetes', 'news', 'fitness', 'pilates', 'aws']) {
      expect(normaliseTag(word)).toBe(word);
    }
  });

  it('turns people who do a hobby into the hobby, and only for known hobby verbs', () => {
    expect(
      ['runners', 'swimmers', 'hikers', 'skier', 'bakers', 'gardeners', 'dancer'].map((w) => normaliseTag(w)),
    ).toEqual(['running', 'swimming', 'hiking', 'skiing', 'baking', 'gardening', 'dancing']);
    expect(normaliseTag('water')).toBe('water');
    expect(normaliseTag('poker')).toBe('poker');
    expect(normaliseTag('stickers')).toBe('sticker');
    expect(activityOf('paper')).toBe('paper');
  });

  it('folds case, accents, ampersands and punctuation but keeps c++ and c#', () => {
    expect(normaliseTag('Café Culture')).toBe('cafe culture');
    expect(normaliseTag('Arts & Crafts')).toBe('arts and craft');
    expect(normaliseTag('C++')).toBe('c++');
    expect(normaliseTag('C#')).toBe('c#');
    expect(normaliseTag('Rock’n’Roll')).toBe(normaliseTag("rock'n'roll"));
  });

  it('maps obvious variants through the built-in synonym table', () => {
    expect(normaliseTag('Biking')).toBe('cycling');
    expect(normaliseTag('Bicycling')).toBe('cycling');
    expect(normaliseTag('Jogging')).toBe('running');
    expect(new Set(['D&D', 'DnD', 'Dungeons & Dragons', 'dungeons and dragons'].map((w) => normaliseTag(w))).size).toBe(
      1,
    );
    expect(normaliseTag('Photographers')).toBe('photography');
    expect(normaliseTag('ML')).toBe('machine learning');
  });

  it('lets a workspace extend the synonym table, its entries winning over built-ins', () => {
    const table = synonymTable([
      { variant: 'Sourdough baking', canonical: 'bread baking' },
      { variant: 'gaming', canonical: 'board games' },
    ]);
    expect(normaliseTag('sourdough bakers', table)).toBe('bread baking');
    expect(normaliseTag('Gamers', table)).toBe('board game');
    expect(normaliseTag('Gamers')).toBe('video game');
  });

  it('keeps the person’s own wording as the label, without markup', () => {
    expect(toPassion('  Rock-Climbing  ')).toEqual({ tag: 'rock climbing', label: 'Rock-Climbing' });
    expect(toPassion('*Jazz* <@U123> piano')).toEqual({ tag: 'jazz piano', label: 'Jazz piano' });
    expect(toPassion('!!!')).toBeNull();
    expect(toPassion('<@U0ALICE>')).toBeNull();
  });

  it('removes mentions, special mentions and links so nothing pings anyone when shown again', () => {
    const raw = 'Hey <!channel> <@U123> <!subteam^S1|@devs> see <https://evil.example|my site> in <#C1|general> @here';
    const cleaned = stripSlackMarkup(raw);
    expect(cleaned).not.toMatch(/[<>]/);
    expect(cleaned).not.toMatch(/@(here|channel|U123)/);
    expect(cleaned).toContain('my site');
    expect(cleaned).toContain('#general');
    expect(displayLabel(raw)).not.toMatch(/[<>*]/);
  });

  it('splits typed text on commas, semicolons, new lines and bullets', () => {
    expect(splitTagText('Jazz, rock climbing;sourdough\n• chess\n- Go ,, ')).toEqual([
      'Jazz',
      'rock climbing',
      'sourdough',
      'chess',
      'Go',
    ]);
    expect(splitTagText(undefined)).toEqual([]);
  });

  it('does not mangle short words or words ending in -ss/-us/-is', () => {
    expect(singular('gas')).toBe('gas');
    expect(singular('bus')).toBe('bus');
    expect(singular('glass')).toBe('glass');
    expect(singular('octopus')).toBe('octopus');
    expect(singular('analysis')).toBe('analysis');
  });
});

describe('normalisation properties', () => {
  const words = fc
    .array(fc.stringMatching(/^[A-Za-z][A-Za-z'&+-]{0,11}$/), { minLength: 1, maxLength: 4 })
    .map((w) => w.join(' '));

  it('is idempotent: a canonical tag is its own canonical tag', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (raw) => normaliseTag(normaliseTag(raw)) === normaliseTag(raw)),
    );
    fc.assert(fc.property(words, (raw) => normaliseTag(normaliseTag(raw)) === normaliseTag(raw)));
  });

  it('ignores case, spacing and separators between words', () => {
    fc.assert(
      fc.property(words, fc.constantFrom(' ', '  ', '-', '_', ' / ', '.'), (raw, sep) => {
        const canonical = normaliseTag(raw);
        return (
          normaliseTag(raw.toUpperCase()) === canonical && normaliseTag(`  ${raw.split(' ').join(sep)} `) === canonical
        );
      }),
    );
  });

  it('never keeps markup, mention or link characters, and stays within the tag length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (raw) => {
        const tag = normaliseTag(raw);
        const label = toPassion(raw)?.label ?? '';
        return !/[<>@*_~`|]/.test(tag) && !/[<>`*_~]/.test(label) && tag.length <= 40 && label.length <= 40;
      }),
    );
  });
});

import { MAX_LIGHTS_ME_UP_LENGTH, MAX_TAGS_PER_LIST, validatePassions } from '../../src/domain/passions/validation';

describe('validating a passions submission', () => {
  it('accepts picked and typed tags, normalised, with the person’s wording kept', () => {
    const result = validatePassions({
      tags: ['Rock climbing'],
      tagsText: 'Sourdough, jazz piano',
      teach: [],
      teachText: 'Excel tricks',
      learn: ['Public speaking'],
      lightsMeUp: 'Being outside.',
    });
    expect(result).toEqual({
      ok: true,
      answer: {
        tags: [
          { tag: 'rock climbing', label: 'Rock climbing' },
          { tag: 'sourdough', label: 'Sourdough' },
          { tag: 'jazz piano', label: 'jazz piano' },
        ],
        teach: [{ tag: 'excel trick', label: 'Excel tricks' }],
        learn: [{ tag: 'public speaking', label: 'Public speaking' }],
        lightsMeUp: 'Being outside.',
      },
    });
  });

  it('refuses an empty submission with an error on the passions field', () => {
    const result = validatePassions({ tags: [], tagsText: ' , ;', teach: [], learn: [], lightsMeUp: 'just this' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.tags).toMatch(/at least one/);
  });

  it('accepts someone who only wants to learn', () => {
    expect(validatePassions({ learn: ['Pottery'] }).ok).toBe(true);
  });

  it('refuses more tags than the limit, on the field that has them', () => {
    const many = Array.from({ length: MAX_TAGS_PER_LIST + 1 }, (_, i) => `hobby number ${i}`);
    const typed = validatePassions({ tagsText: many.join(', ') });
    expect(typed.ok).toBe(false);
    if (!typed.ok) expect(typed.errors.tagsText).toMatch(/At most 10 passions/);
    const picked = validatePassions({ teach: many });
    if (!picked.ok) expect(picked.errors.teach).toMatch(/At most 10 things you could teach/);
    else throw new Error('expected an error');
  });

  it('refuses an over-long tag and over-long sentence', () => {
    const result = validatePassions({ tagsText: 'x'.repeat(41), lightsMeUp: 'y'.repeat(MAX_LIGHTS_ME_UP_LENGTH + 1) });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.tagsText).toMatch(/too long/);
      expect(result.errors.lightsMeUp).toMatch(/280/);
    }
  });

  it('refuses the same passion twice, even written differently', () => {
    const result = validatePassions({ tags: ['Rock climbing'], tagsText: 'rock-climbers' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.tagsText).toBe('“Rock climbing” and “rock-climbers” are the same thing: keep one.');
  });

  it('lets the same tag appear in passions and teach', () => {
    expect(validatePassions({ tags: ['Chess'], teach: ['chess'] }).ok).toBe(true);
  });

  it('strips mentions and links from everything it keeps', () => {
    const result = validatePassions({
      tagsText: '<!channel> climbing, <@U0BOSS>',
      lightsMeUp: 'Ask me <!here> about <https://evil.example|hiking> @everyone',
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.answer.tags).toEqual([{ tag: 'climbing', label: 'climbing' }]);
      expect(result.answer.lightsMeUp).toBe('Ask me about hiking');
    }
  });
});

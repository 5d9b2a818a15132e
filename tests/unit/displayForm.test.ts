import { displayFormOf, displayForms } from '../../src/domain/passions/displayForm';

describe('one display form per passion tag', () => {
  it('uses the spelling most people wrote', () => {
    expect(
      displayFormOf('board-game', [
        { label: 'board games', people: 3 },
        { label: 'Board Game', people: 1 },
        { label: 'board game', people: 1 },
      ]),
    ).toBe('board games');
  });

  it('breaks a tie with the plural of the tag (it reads after "love"), in lower case unless most capitalised it', () => {
    expect(
      displayFormOf('board-game', [
        { label: 'board games', people: 1 },
        { label: 'Board Game', people: 1 },
        { label: 'board game', people: 1 },
      ]),
    ).toBe('board game');
    expect(
      displayFormOf('board-game', [
        { label: 'board games', people: 1 },
        { label: 'Board Game', people: 1 },
      ]),
    ).toBe('board games');
    expect(
      displayFormOf('rust', [
        { label: 'Rust', people: 4 },
        { label: 'rust', people: 1 },
      ]),
    ).toBe('Rust');
  });

  it('keeps acronyms in capitals whoever typed them in lower case', () => {
    expect(
      displayFormOf('sql', [
        { label: 'sql', people: 5 },
        { label: 'SQL', people: 1 },
      ]),
    ).toBe('SQL');
    expect(displayFormOf('aws', [{ label: 'aws', people: 2 }])).toBe('AWS');
    expect(displayFormOf('aws-lambda', [])).toBe('AWS lambda');
  });

  it("gives a synonym and its canonical tag one form (the tag's spelling on a tie)", () => {
    expect(
      displayFormOf('birdwatching', [
        { label: 'birding', people: 1 },
        { label: 'birdwatching', people: 1 },
      ]),
    ).toBe('birdwatching');
  });

  it('builds the forms of many tags at once', () => {
    const forms = displayForms([
      { tag: 'sql', label: 'Sql', people: 1 },
      { tag: 'jazz-piano', label: 'Jazz Piano', people: 1 },
      { tag: 'jazz-piano', label: 'jazz piano', people: 2 },
    ]);
    expect(Object.fromEntries(forms)).toEqual({ sql: 'SQL', 'jazz-piano': 'jazz piano' });
  });
});

/**
 * One display form per passion tag across a workspace, so everyone in an introduction reads the
 * same words for the same passion ("board games", never "Board Game" for one and "board game" for
 * another; "birdwatching" for both people, even when one typed its synonym "birding").
 *
 * The form is the spelling most people used for the tag (synonyms included, since they share the
 * tag); a tie goes to the tag's plural, then to the tag's own spelling. Within that spelling each word takes
 * the casing most people gave it, except that a short word anyone wrote in capitals stays an
 * acronym (SQL, AWS), as do a few well-known acronyms nobody capitalised. Pure.
 */

/** A tag as a phrase when nobody's own words are known: "bouldering-gym" → "bouldering gym". */
export const plainTag = (tag: string): string => tag.replace(/[-_]+/g, ' ');

/** How many people wrote `label` for `tag` (passions, teach and learn together). */
export interface LabelCount {
  tag: string;
  label: string;
  people: number;
}

/** tag → the words everyone reads for it */
export type DisplayForms = ReadonlyMap<string, string>;

/** Acronyms people often type in lower case; shown in capitals whoever typed them. */
const KNOWN_ACRONYMS = new Set([
  'ai',
  'api',
  'aws',
  'css',
  'diy',
  'gcp',
  'hr',
  'html',
  'ml',
  'nlp',
  'qa',
  'seo',
  'sql',
  'sre',
  'ui',
  'ux',
  'vr',
]);

const isCapitals = (word: string) => /^[A-Z0-9+#]{2,5}$/.test(word) && /[A-Z]/.test(word);

/** A word's casing: 'lower', 'capital' (first letter only), or the word itself when mixed (JavaScript). */
const caseOf = (word: string): string =>
  word === word.toLowerCase() ? 'lower' : word.charAt(0) + word.slice(1).toLowerCase() === word ? 'capital' : word;

/** The casing of one word: an acronym stays in capitals; otherwise the most common casing, lower case on a tie. */
function casingOf(variants: Array<{ word: string; people: number }>): string {
  const lower = variants[0].word.toLowerCase();
  if (variants.some((v) => isCapitals(v.word)) || KNOWN_ACRONYMS.has(lower)) return lower.toUpperCase();
  const counts = new Map<string, number>();
  for (const v of variants) counts.set(caseOf(v.word), (counts.get(caseOf(v.word)) ?? 0) + v.people);
  const best = Math.max(...counts.values());
  const winners = [...counts].filter(([, n]) => n === best).map(([c]) => c);
  const casing = winners.includes('lower') ? 'lower' : winners.sort()[0];
  return casing === 'lower' ? lower : casing === 'capital' ? lower.charAt(0).toUpperCase() + lower.slice(1) : casing;
}

/** The display form of one tag from the labels people wrote for it. */
export function displayFormOf(tag: string, labels: ReadonlyArray<{ label: string; people: number }>): string {
  const written = labels.map((l) => ({ label: l.label.trim().replace(/\s+/g, ' '), people: l.people }));
  const usable = written.filter((l) => l.label);
  if (!usable.length) return casingOfPhrase(plainTag(tag), [{ label: plainTag(tag), people: 1 }]);
  const spellings = new Map<string, Array<{ label: string; people: number }>>();
  for (const l of usable) {
    const key = l.label.toLowerCase();
    spellings.set(key, [...(spellings.get(key) ?? []), l]);
  }
  const weight = (key: string) => (spellings.get(key) ?? []).reduce((n, l) => n + l.people, 0);
  const plain = plainTag(tag).toLowerCase();
  // on a tie: the tag's plural ("you both love board games"), then the tag's own spelling (a synonym's
  // canonical word over the synonym: "birdwatching", not "birding")
  const closeness = (key: string) => {
    const k = key.replace(/[-_]+/g, ' ');
    return k === `${plain}s` ? 2 : k === plain ? 1 : 0;
  };
  const [spelling] = [...spellings.keys()].sort(
    (x, y) => weight(y) - weight(x) || closeness(y) - closeness(x) || x.localeCompare(y),
  );
  return casingOfPhrase(spellings.get(spelling)?.[0]?.label ?? spelling, usable);
}

/** A word's key for comparing casings: lower case, a final plural "s" ignored ("Games" ~ "game"). */
const wordKey = (word: string) => word.toLowerCase().replace(/s$/, '');

/** Word by word, the casing every label of the tag gives that word (in any spelling). */
function casingOfPhrase(phrase: string, labels: ReadonlyArray<{ label: string; people: number }>): string {
  const words = labels.flatMap((l) => l.label.split(' ').map((word) => ({ word, people: l.people })));
  return phrase
    .split(' ')
    .map((w) => {
      const same = words.filter((v) => wordKey(v.word) === wordKey(w));
      // the casing of the word as spelled here, judged by everyone who wrote it in any spelling
      return matchCase(w, casingOf(same.length ? same : [{ word: w, people: 1 }]));
    })
    .join(' ');
}

/** `word` spelled as is, in the casing of `model` (all capitals, capitalised, or lower case). */
function matchCase(word: string, model: string): string {
  if (model === model.toUpperCase() && /[A-Z]/.test(model)) return word.toUpperCase();
  if (model === model.toLowerCase()) return word.toLowerCase();
  if (model.charAt(0) === model.charAt(0).toUpperCase() && model.slice(1) === model.slice(1).toLowerCase())
    return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  return model.toLowerCase() === word.toLowerCase() ? model : word;
}

/** Display forms for every tag in `counts`. */
export function displayForms(counts: ReadonlyArray<LabelCount>): Map<string, string> {
  const byTag = new Map<string, LabelCount[]>();
  for (const c of counts) byTag.set(c.tag, [...(byTag.get(c.tag) ?? []), c]);
  return new Map([...byTag].map(([tag, labels]) => [tag, displayFormOf(tag, labels)]));
}

/** The form of `tag`, or a plain form of the tag itself when nobody's words are known. */
export const displayOf = (forms: DisplayForms, tag: string): string => forms.get(tag) ?? displayFormOf(tag, []);

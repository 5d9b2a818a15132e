/**
 * Canonical passion tags. People write the same passion many ways ("Rock climbing",
 * "rock-climbing", "rock climbers"); matching and typeahead need one key per passion, while the
 * person's own wording is kept as the label shown back to them.
 *
 * Folding, in order: Unicode compatibility form and accents, lower case, markup removed, "&" as
 * "and", punctuation as spaces (keeping "+" and "#" inside words such as "c++" and "c#"),
 * whitespace collapsed; then the last word's simple plural is made singular and a "-er(s)" person
 * of a known hobby verb becomes the activity ("climbers" → "climbing"); finally the synonym table
 * (built-in entries plus the workspace's own) maps the result to its canonical tag.
 * Pure: no I/O.
 */

export interface Passion {
  /** canonical key used for matching, e.g. `rock climbing` */
  tag: string;
  /** the person's own wording, cleaned of markup, for display */
  label: string;
}

export const MAX_TAG_LENGTH = 40;

/** variant (already folded) → canonical tag */
export type SynonymTable = ReadonlyMap<string, string>;

/**
 * Obvious variants every workspace shares. Leads extend this per workspace (table
 * `passion_synonyms`); a workspace entry wins over a built-in one.
 */
export const BUILT_IN_SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  ['bicycling', 'cycling'],
  ['biking', 'cycling'],
  ['bike riding', 'cycling'],
  ['jogging', 'running'],
  ['boulder', 'bouldering'],
  ['climbing wall', 'climbing'],
  ['photo', 'photography'],
  ['photographer', 'photography'],
  ['photographing', 'photography'],
  ['dnd', 'dungeons and dragons'],
  ['d and d', 'dungeons and dragons'],
  ['tabletop game', 'board game'],
  ['boardgame', 'board game'],
  ['videogame', 'video game'],
  ['gaming', 'video game'],
  ['js', 'javascript'],
  ['ts', 'typescript'],
  ['ml', 'machine learning'],
  ['ai', 'artificial intelligence'],
  ['k8s', 'kubernetes'],
  ['ux', 'user experience'],
  ['ux design', 'user experience'],
  ['diy', 'do it yourself'],
  ['veggie cooking', 'vegetarian cooking'],
  ['yogi', 'yoga'],
  ['traveling', 'travelling'],
];

/** Verbs whose "-er" person names a hobby: "climber" → "climbing", "runner" → "running". */
const HOBBY_VERBS = new Set([
  'bake',
  'bike',
  'bird',
  'blog',
  'boulder',
  'box',
  'brew',
  'camp',
  'climb',
  'code',
  'cook',
  'craft',
  'dance',
  'dive',
  'draw',
  'fish',
  'game',
  'garden',
  'golf',
  'hike',
  'hunt',
  'juggle',
  'kayak',
  'knit',
  'paint',
  'paddle',
  'play',
  'program',
  'read',
  'ride',
  'row',
  'run',
  'sail',
  'sew',
  'sing',
  'skate',
  'ski',
  'skydive',
  'snowboard',
  'surf',
  'swim',
  'travel',
  'trek',
  'walk',
  'weave',
  'write',
]);

/** Words ending in "s" that are not plurals (or whose singular would mislead). */
const NOT_PLURAL = new Set([
  'analytics',
  'athletics',
  'bus',
  'chess',
  'dos',
  'economics',
  'ethics',
  'gas',
  'kubernetes',
  'lens',
  'linux',
  'mathematics',
  'means',
  'news',
  'physics',
  'politics',
  'robotics',
  'series',
  'species',
  'tennis',
  'texas',
  'yes',
  'aws',
  'mars',
  'paris',
  'athens',
  'cosmos',
  'christmas',
  'lacrosse',
  'pilates',
  'billiards',
  'darts',
  'graphics',
  'genetics',
  'gymnastics',
  'logistics',
  'statistics',
  'aerobics',
]);

/** Plurals the suffix rules would get wrong. */
const IRREGULAR_PLURALS = new Map([
  ['movies', 'movie'],
  ['cookies', 'cookie'],
  ['zombies', 'zombie'],
  ['selfies', 'selfie'],
  ['brownies', 'brownie'],
  ['pies', 'pie'],
  ['ties', 'tie'],
  ['shoes', 'shoe'],
  ['people', 'person'],
  ['children', 'child'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
  ['knives', 'knife'],
  ['wolves', 'wolf'],
  ['leaves', 'leaf'],
  ['lives', 'life'],
  ['women', 'woman'],
  ['men', 'man'],
  ['teeth', 'tooth'],
  ['feet', 'foot'],
  ['hoodies', 'hoodie'],
  ['smoothies', 'smoothie'],
  ['indies', 'indie'],
]);

/**
 * Removes Slack markup a person may paste: user, group and special mentions (`<@U123>`,
 * `<!subteam^S1|@team>`, `<!channel>`), channel links (`<#C1|name>` → `#name`), links
 * (`<https://x|label>` → `label`, bare `<https://x>` → `https://x`), and the literal
 * `@channel`/`@here`/`@everyone`. Nothing of what remains can notify or link when shown again.
 */
export function stripSlackMarkup(text: string): string {
  return text
    .replace(/<[@!][^>]*>/g, ' ')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<#[A-Z0-9]+>/g, ' ')
    .replace(/<((?:https?|mailto):[^|>]*)\|([^>]*)>/gi, '$2')
    .replace(/<((?:https?|mailto):[^>]*)>/gi, '$1')
    .replace(/[<>]/g, ' ')
    .replace(/@(channel|here|everyone)\b/gi, ' ')
    .replace(/@(?=[A-Za-z])/g, '');
}

/** The person's wording as it may be shown again: markup removed, whitespace collapsed, length clamped. */
export function displayLabel(raw: string): string {
  return stripSlackMarkup(raw)
    .replace(/[*_~`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TAG_LENGTH)
    .trim();
}

/** Lower case, accents, markup and punctuation folded; no plural or synonym step (used for typeahead queries). */
export function foldText(raw: string): string {
  return (
    stripSlackMarkup(raw)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/['’ʼ]/g, '')
      // keep + and # when attached to a letter or digit (c++, c#, f#); everything else that is not
      // a letter or digit separates words
      .replace(/[^\p{L}\p{N}+#]+/gu, ' ')
      .replace(/(^|\s)[+#]+(?=\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Singular of one English word for the simple, regular cases; leaves uncertain words alone. */
export function singular(word: string): string {
  const irregular = IRREGULAR_PLURALS.get(word);
  if (irregular) return irregular;
  if (word.length <= 3 || NOT_PLURAL.has(word) || !word.endsWith('s')) return word;
  if (/(ss|us|is|ics|ous|sis)$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|zzes|sses)$/.test(word)) return word.slice(0, -2);
  if (/[^aeiou]oes$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** "climber" → "climbing", "runner" → "running", "skier" → "skiing", "hiker" → "hiking"; other words unchanged. */
export function activityOf(word: string): string {
  if (!word.endsWith('er') || word.length < 5) return word;
  const stem = word.slice(0, -2);
  const candidates = [stem, `${stem}e`];
  // runner → run, swimmer → swim (doubled final consonant)
  if (/([bcdfgklmnprstvz])\1$/.test(stem)) candidates.push(stem.slice(0, -1));
  for (const verb of candidates) {
    if (!HOBBY_VERBS.has(verb)) continue;
    if (verb.endsWith('e') && !verb.endsWith('ee')) return `${verb.slice(0, -1)}ing`;
    if (verb !== stem) return `${stem}ing`; // keeps the doubled consonant: running, swimming
    return `${verb}ing`;
  }
  return word;
}

/** Builds the lookup table: built-ins first, then the workspace's entries (which win). Keys and values are folded. */
export function synonymTable(extra: ReadonlyArray<{ variant: string; canonical: string }> = []): SynonymTable {
  const table = new Map<string, string>();
  const add = (variant: string, canonical: string) => {
    const v = foldWords(variant);
    const c = foldWords(canonical);
    if (v && c && v !== c) table.set(v, c);
  };
  for (const [v, c] of BUILT_IN_SYNONYMS) add(v, c);
  for (const { variant, canonical } of extra) add(variant, canonical);
  return table;
}

function foldOnce(raw: string): string {
  const words = foldText(raw).split(' ').filter(Boolean);
  if (!words.length) return '';
  const last = words.length - 1;
  words[last] = activityOf(singular(words[last]));
  let text = words.join(' ');
  // over-long: cut at a word boundary rather than mid-word
  if (text.length > MAX_TAG_LENGTH)
    text = text.slice(0, MAX_TAG_LENGTH + 1).replace(/\s+\S*$/, '') || text.slice(0, MAX_TAG_LENGTH);
  return text;
}

/**
 * Folding without the synonym step, repeated until stable: cutting an over-long tag exposes a new
 * last word, which must fold too, so that a canonical tag is always its own canonical tag.
 */
function foldWords(raw: string): string {
  let current = foldOnce(raw);
  for (let i = 0; i < 5; i += 1) {
    const next = foldOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

const defaultTable = synonymTable();

/** The canonical tag for what a person wrote; '' when nothing meaningful is left. */
export function normaliseTag(raw: string, synonyms: SynonymTable = defaultTable): string {
  const folded = foldWords(raw);
  return synonyms.get(folded) ?? folded;
}

/** A tag with its display label, or null when the text holds no tag. */
export function toPassion(raw: string, synonyms: SynonymTable = defaultTable): Passion | null {
  const tag = normaliseTag(raw, synonyms);
  if (!tag) return null;
  return { tag, label: displayLabel(raw) || tag };
}

/** Splits a free-text field into tag texts: commas, semicolons, new lines and bullets separate tags. */
export function splitTagText(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[,;\n\r•]+/)
    .map((t) => t.replace(/^\s*[-*]\s+/, '').trim())
    .filter(Boolean);
}

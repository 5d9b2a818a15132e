/**
 * The documentation a newcomer reads first must not drift from the code: the README's environment
 * table from the zod config schema, docs/settings.md from the settings schema, the command-line
 * table from the flags the commands accept, and no relative link may point at a missing file or heading.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema } from '../../src/config';
import { defaultSettings } from '../../src/domain/settings';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The lines of the section under `heading` (up to the next heading of the same or a higher level). */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no section ${heading}`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Rows of the Markdown tables in `text`, as arrays of cells (header and separator rows left out). */
function tableRows(text: string): string[][] {
  const rows = text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .replace(/\\\|/g, '\uE000')
        .split('|')
        .slice(1, -1)
        .map((c) => c.replace(/\uE000/g, '|').trim()),
    );
  return rows.filter((r, i) => !/^-+$/.test(r[0]) && !(rows[i + 1] && /^-+$/.test(rows[i + 1][0])));
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** A default as the docs write it: `—` for none, on/off for booleans, lists comma separated. */
function shown(value: unknown): string {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

describe('README configuration table', () => {
  const rows = tableRows(section(read('README.md'), '## Configuration'));
  const documented = new Map<string, string>();
  for (const [names, defaults] of rows) {
    for (const name of codeSpans(names)) documented.set(name, defaults.replace(/`/g, ''));
  }

  it('lists every environment variable of src/config.ts, and no other', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('gives each variable the default the schema applies', () => {
    const shape = envSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
    for (const [name, documentedDefault] of documented) {
      const parsed = shape[name].safeParse(undefined);
      expect({ name, default: shown(parsed.success ? parsed.data : undefined) }).toEqual({
        name,
        default: documentedDefault,
      });
    }
  });
});

describe('docs/settings.md', () => {
  /** Leaf paths of the default settings with their values; lists are leaves. */
  function leaves(value: unknown, prefix = ''): Map<string, unknown> {
    const out = new Map<string, unknown>();
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        for (const [p, leaf] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, leaf);
      }
    } else out.set(prefix, value);
    return out;
  }

  // A row documents one setting or several: `prompts.maxReminders` / `.reminderIntervalDays` with `2 / 7`.
  const documented = new Map<string, string>();
  for (const [names, defaults] of tableRows(read('docs/settings.md'))) {
    const paths = codeSpans(names);
    if (paths.length === 0) continue; // e.g. the per-channel kind, which is not a key of the settings object
    const values = paths.length > 1 ? defaults.split(' / ') : [defaults];
    const first = paths[0];
    paths.forEach((p, i) => {
      const full = p.startsWith('.') ? first.slice(0, first.lastIndexOf('.')) + p : p;
      documented.set(full, (values[i] ?? '').replace(/`/g, '').trim());
    });
  }
  const defaults = leaves(defaultSettings());

  it('lists every setting of src/domain/settings.ts, and no other', () => {
    expect([...documented.keys()].sort()).toEqual([...defaults.keys()].sort());
  });

  it('gives each setting its default', () => {
    for (const [name, documentedDefault] of documented) {
      expect({ name, default: documentedDefault }).toEqual({ name, default: shown(defaults.get(name)) });
    }
  });
});

describe('README command-line table', () => {
  const commandsDir = path.join(root, 'src/cli/commands');
  const cli = section(read('README.md'), '## Command line');

  it('mentions every flag a command accepts', () => {
    const flags = new Set<string>();
    for (const file of readdirSync(commandsDir)) {
      const source = readFileSync(path.join(commandsDir, file), 'utf8');
      for (const m of source.matchAll(/'?([a-z][a-z-]*)'?\s*:\s*\{\s*type:\s*'(?:string|boolean)'/g)) flags.add(m[1]);
      for (const m of source.matchAll(/stringFlags\(([^)]*)\)/g)) {
        for (const name of m[1].matchAll(/'([a-z-]+)'/g)) flags.add(name[1]);
      }
    }
    flags.delete('help');
    expect(flags.size).toBeGreaterThan(10);
    const missing = [...flags].filter((f) => !cli.includes(`--${f}`));
    expect(missing).toEqual([]);
  });

  it('has a row for every command', () => {
    const names = readdirSync(commandsDir).map((f) => f.replace(/\.ts$/, ''));
    const missing = names.filter((n) => !cli.includes(`\`weaver ${n}`));
    expect(missing).toEqual([]);
  });
});

describe('relative links', () => {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  const folderReadmes = ['bench', 'src/services', 'src/store', 'src/slack', 'src/jobs', 'src/cli', 'src/views']
    .map((d) => `${d}/README.md`)
    .filter((f) => existsSync(path.join(root, f)));
  const files = ['README.md', ...docs, ...folderReadmes];

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  const anchors = (markdown: string) =>
    new Set(
      markdown
        .split('\n')
        .filter((l) => /^#+ /.test(l))
        .map((l) =>
          l
            .replace(/^#+ /, '')
            .toLowerCase()
            .replace(/[^\p{L}\p{N} _-]/gu, '')
            .replace(/ /g, '-'),
        ),
    );

  it.each(files)('%s links only to files and headings that exist', (file) => {
    const broken: string[] = [];
    for (const m of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [relative, anchor] = target.split('#');
      const resolved = relative ? path.join(path.dirname(path.join(root, file)), relative) : path.join(root, file);
      if (!existsSync(resolved)) {
        broken.push(target);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) {
        broken.push(target);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps the README under 12 KB', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThan(12 * 1024);
  });
});

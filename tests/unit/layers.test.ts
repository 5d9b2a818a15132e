/**
 * The layer rules of docs/architecture.md, checked on every import of every file in src/: a change
 * that breaks one fails here with the file and the import that broke it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '../../src');

/** Where each layer may import from (src/ folders and top-level modules); npm packages are listed apart. */
const MAY_IMPORT: Record<string, string[]> = {
  domain: ['domain'],
  views: ['views', 'domain'],
  report: ['report', 'domain'],
  store: ['store', 'domain'],
  import: ['import', 'domain'],
  security: ['security'],
  db: ['db', 'logger', 'config'],
  // slack/clients: the Web API client's own helpers (pacing a method), never Bolt or a listener
  services: [
    'services',
    'store',
    'domain',
    'views',
    'report',
    'import',
    'security',
    'config',
    'logger',
    'slack/clients',
  ],
  jobs: ['jobs', 'services', 'store', 'domain', 'metrics', 'slack/postOnce'],
  slack: ['slack', 'services', 'views', 'store', 'domain', 'db', 'security', 'config', 'logger', 'metrics'],
  cli: ['cli', 'services', 'domain', 'import', 'report', 'store', 'config', 'logger', 'runtime', 'connections'],
  connections: ['db', 'slack/clients'],
};

/** npm packages a pure layer may use: no I/O, no clock, no Slack client. */
const PACKAGES: Record<string, string[]> = {
  domain: ['zod'],
  views: ['@slack/types'],
  store: ['knex', 'node:crypto'],
};

/** Type-only imports that cross a rule on purpose (nothing runs across them). */
const TYPE_ONLY_EXCEPTIONS = [{ from: 'services', to: 'jobs/registry' }];

interface Violation {
  file: string;
  rule: string;
}

const layerOf = (rel: string): string => {
  const parts = rel.split(sep).join('/').split('/');
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, '');
};

/** Every import, export-from, require() and import() of a source text. */
function specifiers(text: string): Array<{ spec: string; typeOnly: boolean }> {
  const out: Array<{ spec: string; typeOnly: boolean }> = [];
  const re =
    /(import|export)\s+(type\s+)?[^;'"]*?from\s+'([^']+)'|import\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ spec: m[3] ?? m[4] ?? m[5] ?? m[6], typeOnly: Boolean(m[2]) });
  }
  return out;
}

/** A SQL statement or a knex query: only store/ (and db/, the connection) may hold one. */
const SQL = [
  /\.raw\(/,
  /\b\w+\((['`])[a-z_]+\1\)\s*\.\s*(where|select|insert|update|del|count|join|first|orderBy)\b/,
  /`\s*(select|insert\s+into|update|delete\s+from|with)\s[^`]*\b(from|set|values)\b[^`]*`/i,
];

/** The rules broken by one file of src/ (given by its path relative to src/ and its text). */
function violations(rel: string, text: string): Violation[] {
  const from = layerOf(rel);
  const found: Violation[] = [];
  const allowed = MAY_IMPORT[from];
  for (const { spec, typeOnly } of specifiers(text)) {
    if (spec.startsWith('.')) {
      const target = relative(SRC, resolve(dirname(join(SRC, rel)), spec))
        .split(sep)
        .join('/');
      if (target.startsWith('..')) continue; // migrations/, outside src/
      const to = layerOf(target);
      if (to === from || !allowed) continue;
      const ok = allowed.some((a) => a === to || target === a || target.startsWith(`${a}/`));
      const excepted = typeOnly && TYPE_ONLY_EXCEPTIONS.some((e) => e.from === from && target === e.to);
      if (!ok && !excepted) found.push({ file: rel, rule: `${from}/ may not import ${target}` });
    } else if (PACKAGES[from]) {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!PACKAGES[from].includes(pkg)) found.push({ file: rel, rule: `${from}/ may not use the package ${pkg}` });
    }
  }
  if (from !== 'store' && from !== 'db' && SQL.some((re) => re.test(text))) {
    found.push({ file: rel, rule: 'SQL outside store/' });
  }
  if (
    ['domain', 'views', 'report'].includes(from) &&
    /process\.env|Date\.now\(\)|new Date\(\)|Math\.random\(/.test(text)
  ) {
    found.push({ file: rel, rule: `${from}/ reads no clock, environment or randomness (they come in as arguments)` });
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = sourceFiles(SRC).map((f) => ({ rel: relative(SRC, f), text: readFileSync(f, 'utf8') }));

describe('layer rules (docs/architecture.md)', () => {
  it('reads every source file of src/', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(Object.keys(MAY_IMPORT).every((layer) => files.some((f) => layerOf(f.rel) === layer))).toBe(true);
  });

  it('holds in every file of src/', () => {
    expect(files.flatMap((f) => violations(f.rel, f.text))).toEqual([]);
  });

  it('catches a broken rule: each kind of slip is reported with its file', () => {
    const slips: Array<[string, string]> = [
      ['domain/x.ts', "import { settingsFor } from '../store/settings';"],
      ['domain/x.ts', "import { readFileSync } from 'node:fs';"],
      ['domain/x.ts', 'export const now = () => Date.now();'],
      ['views/x.ts', "import type { Services } from '../services/context';"],
      ['cli/commands/x.ts', "import { openDatabase } from '../../db';"],
      ['cli/x.ts', "import { webClient } from '../slack/clients';"],
      ['cli/x.ts', "import { tokenCipher } from '../security/tokenCipher';"],
      ['slack/app.ts', "const ok = () => db.raw('select 1');"],
      ['services/x.ts', "const n = await db('members').where({ team_id }).count();"],
      ['jobs/x.ts', "import { publishHome } from '../slack/listeners/home';"],
      ['services/x.ts', "import { runJob } from '../jobs/scheduler';"],
      ['services/x.ts', "import { buildSlackApp } from '../slack/app';"],
    ];
    for (const [rel, text] of slips) expect({ rel, broken: violations(rel, text).length }).toEqual({ rel, broken: 1 });
    // …and the allowed ones are not reported
    expect(violations('services/x.ts', "import type { JobResult } from '../jobs/registry';")).toEqual([]);
    expect(violations('jobs/x.ts', "import { postingOnce } from '../slack/postOnce';")).toEqual([]);
  });

  it('has the nightly snapshot call the report service directly, not through the Home tab', () => {
    const job = files.find((f) => f.rel === join('jobs', 'reportSnapshot.ts'))!;
    const imported = specifiers(job.text).map((s) => s.spec);
    expect(imported).toContain('../services/report');
    expect(imported).not.toContain('../services/home/leadActions');
  });
});

/**
 * `npm run views`: every Block Kit view and message the end-to-end tests record, one HTML page per
 * surface (Home for a lead and a member, each modal, DMs, group DMs, ephemeral answers) and a PNG
 * screenshot of each through headless Chromium (Debian: `apt-get install -y chromium`), to be read
 * as each reader would.
 *
 *   npm run views                      # run the e2e tests that talk to Slack, write views-out/
 *   npm run views -- --check           # also fail on what reads wrong (scripts/views/check.ts)
 *   npm run views -- --from DIR        # use recordings already in DIR (no test run)
 *   npm run views -- --tests home      # only e2e files whose name contains "home"
 *   npm run views -- --no-png          # HTML only
 *   npm run views -- --each            # also one PNG per item, views-out/<surface>/<n>.png (easier to read)
 *
 * Not part of `npm test`: Chromium is only needed for the PNGs, and only here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Problem, problemsOf } from './check';
import { surfacePage } from './render';
import { type Recorded, surfacesOf } from './surfaces';

const MAX_ITEMS_PER_PAGE = 60;
const root = resolve(__dirname, '..', '..');

function browser(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return null;
}

/** The e2e files that use the fake Slack (so record what people see), optionally filtered by name. */
function e2eFiles(filter?: string): string[] {
  const dir = join(root, 'tests', 'e2e');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && (!filter || f.includes(filter)))
    .filter((f) => readFileSync(join(dir, f), 'utf8').includes('useFakeSlack('))
    .map((f) => join('tests', 'e2e', f));
}

function record(dir: string, filter?: string): number {
  const files = e2eFiles(filter);
  if (!files.length) throw new Error(`no e2e test file matches "${filter}"`);
  console.log(`Recording views from ${files.length} e2e test files…`);
  const run = spawnSync('npx', ['jest', '--silent', ...files], {
    cwd: root,
    env: { ...process.env, WEAVER_VIEWS_DIR: dir },
    encoding: 'utf8',
  });
  const summary = `${run.stderr}`.split('\n').filter((l) => /^Tests:/.test(l));
  console.log(summary.join('\n') || 'jest printed no summary');
  return run.status ?? 1;
}

function load(dir: string): { records: Recorded[]; names: Map<string, string> } {
  const records: Recorded[] = [];
  const names = new Map<string, string>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as Recorded;
      if (r.method === 'users') for (const [id, name] of Object.entries(r.args)) names.set(id, String(name));
      else records.push(r);
    }
  }
  return { records, names };
}

function screenshot(chrome: string, html: string, png: string, height: number): boolean {
  const profile = mkdtempSync(join(tmpdir(), 'weaver-views-chromium-'));
  try {
    const run = spawnSync(
      chrome,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--screenshot=${png}`,
        `--window-size=900,${height}`,
        `file://${html}`,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    return run.status === 0 && existsSync(png);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      from: { type: 'string' },
      out: { type: 'string', default: 'views-out' },
      tests: { type: 'string' },
      'no-png': { type: 'boolean', default: false },
      each: { type: 'boolean', default: false },
    },
  });
  const out = resolve(values.out ?? 'views-out');
  const dir = values.from ? resolve(values.from) : mkdtempSync(join(tmpdir(), 'weaver-views-'));
  const testsStatus = values.from ? 0 : record(dir, values.tests);
  const { records, names } = load(dir);
  const surfaces = surfacesOf(records);
  const problems: Problem[] = [...surfaces.values()].flat().flatMap(problemsOf);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const chrome = values['no-png'] ? null : browser();
  if (!values['no-png'] && !chrome)
    console.log('No Chromium on PATH (Debian: apt-get install -y chromium): HTML only.');
  for (const [surface, all] of [...surfaces].sort(([a], [b]) => a.localeCompare(b))) {
    const items = all.slice(0, MAX_ITEMS_PER_PAGE);
    const html = join(out, `${surface}.html`);
    writeFileSync(html, surfacePage(surface, items, names, problems));
    const blocks = items.reduce((n, i) => n + Math.max(1, i.blocks.length), 0);
    const height = Math.min(30_000, 200 + items.length * 110 + blocks * 46);
    const shot = chrome && screenshot(chrome, html, join(out, `${surface}.png`), height);
    if (chrome && values.each) {
      mkdirSync(join(out, surface), { recursive: true });
      items.forEach((item, i) => {
        const one = join(out, surface, `${i + 1}.html`);
        writeFileSync(one, surfacePage(`${surface} ${i + 1}`, [item], names, problems));
        screenshot(chrome, one, join(out, surface, `${i + 1}.png`), 260 + Math.max(1, item.blocks.length) * 52);
      });
    }
    const more = all.length > items.length ? ` (first ${items.length} of ${all.length})` : '';
    console.log(`${surface}: ${items.length} distinct${more} → ${html}${shot ? ' + .png' : ''}`);
  }
  if (!values.from) rmSync(dir, { recursive: true, force: true });

  if (values.check) {
    for (const p of problems) console.log(`✗ ${p.surface} — ${p.rule} — ${p.test}\n    ${p.excerpt}`);
    console.log(problems.length ? `${problems.length} problems` : 'No problems found.');
    if (problems.length) process.exitCode = 1;
  }
  if (testsStatus !== 0) {
    console.log('Some e2e tests failed: the pages show what they recorded.');
    process.exitCode = 1;
  }
}

main();

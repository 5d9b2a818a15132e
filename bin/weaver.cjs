#!/usr/bin/env node
// The `weaver` command. npm starts it through a link (node_modules/.bin/weaver, a global bin), so it
// calls the CLI's entry point explicitly instead of the CLI guessing from process.argv[1].
// It runs the bundled JavaScript in dist/ (built by `npm install` through the `prepare` script).
// Without dist/, or when a source file is newer than it (a developer's edit not yet built), it runs
// the TypeScript sources through tsx, slower to start, and says so (see docs/cli-build.md).
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const compiled = join(root, 'dist', 'main.js');

/** Newest modification time of the .ts files under `dir` (0 when there are none, e.g. an install without src/). */
function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function staleness() {
  if (!existsSync(compiled)) return 'dist/ is not built';
  const built = statSync(compiled).mtimeMs;
  if (Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'migrations'))) > built) {
    return 'src/ is newer than dist/';
  }
  return null;
}

const stale = staleness();
let cli;
if (!stale) {
  cli = require(compiled);
} else {
  // Said only to a person at a terminal: scripts and tests that read stderr get the command's own output.
  if (process.stderr.isTTY)
    console.error(`weaver: ${stale} (npm run build); running the TypeScript sources through tsx.`);
  require('tsx/cjs');
  cli = require('../src/cli/main.ts');
}
cli.runCli(process.argv.slice(2));

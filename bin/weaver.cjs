#!/usr/bin/env node
// The `weaver` command. npm starts it through a link (node_modules/.bin/weaver, a global bin), so it
// calls the CLI's entry point explicitly instead of the CLI guessing from process.argv[1].
// It runs the compiled JavaScript in dist/ (built by `npm install` through the `prepare` script);
// without dist/ it runs the TypeScript sources through tsx, slower to start (see docs/cli-build.md).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
let cli;
if (existsSync(compiled)) {
  cli = require(compiled);
} else {
  console.error('weaver: dist/ is not built (npm run build); running the TypeScript sources through tsx.');
  require('tsx/cjs');
  cli = require('../src/cli/main.ts');
}
cli.runCli(process.argv.slice(2));

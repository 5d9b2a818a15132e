#!/usr/bin/env node
// Runs one TypeScript file (a bench/ script): node bin/run-ts.cjs bench/report.ts [args]
require('tsx/cjs');
const path = require('node:path');
const file = process.argv[2];
if (!file) {
  console.error('usage: node bin/run-ts.cjs FILE.ts [args]');
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(file));

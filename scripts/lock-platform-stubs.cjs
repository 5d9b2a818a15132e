#!/usr/bin/env node
/**
 * Why this exists: the npm registry this project's machines reach serves only the Linux builds of
 * platform-specific optional packages (@swc/core-darwin-arm64 and the like answer 404). `npm
 * install` therefore leaves them out of package-lock.json, and `npm ci` then refuses the lock as
 * "not in sync". This script adds a stub lock entry (version, optional, os/cpu read from the
 * package name) for every such package, so `npm ci` skips them by platform as it does elsewhere.
 * Run it after `npm install` changes the lock: node scripts/lock-platform-stubs.cjs
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
let output = '';
try {
  execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
} catch (err) {
  output = `${err.stdout}\n${err.stderr}`;
}
const missing = [...output.matchAll(/Missing: (@?[^@\s]+)@\S* from lock file/g)].map((m) => m[1]);
let added = 0;
for (const name of missing) {
  // find the package that declares it as optional, to take the version it wants
  let version;
  for (const [key, entry] of Object.entries(lock.packages)) {
    const want = entry.optionalDependencies?.[name];
    if (want) {
      version = want.replace(/^[\^~=]/, '');
      break;
    }
    void key;
  }
  if (!version) continue;
  const parts = name.toLowerCase().split(/[-/]/);
  const os = OS.filter((o) => parts.includes(o) || (o === 'win32' && parts.includes('windows')));
  const cpu = CPU.filter((c) => parts.includes(c));
  lock.packages[`node_modules/${name}`] = {
    version,
    optional: true,
    ...(os.length ? { os } : {}),
    ...(cpu.length ? { cpu } : {}),
  };
  added += 1;
}
fs.writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} stub entr${added === 1 ? 'y' : 'ies'} for platform packages the registry does not serve`);

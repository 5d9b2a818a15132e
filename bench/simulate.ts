/**
 * `weaver simulate` benchmark: node bin/run-ts.cjs bench/simulate.ts [--people 36700] [--ties 184000] [--rounds 12] [--one-thread]
 * Generates an organisation of that size deterministically (src/import/demoOrg.ts, seed 7), turns it
 * into the simulated network the way `weaver simulate` does for an export (departments from the
 * generator, purpose channels as interests, generated topics for the others), then times 12
 * rounds of the three strategies. Goal: 36.7k people, 184k ties, 12 rounds, 3 strategies < 60 s.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultSettings } from '../src/domain/settings';
import { assembleOrgData } from '../src/domain/silos/assemble';
import { STRATEGIES, type StrategyName } from '../src/domain/simulate/model';
import { runSimulation } from '../src/domain/simulate/runSimulation';
import { rawOrgFromExport } from '../src/import/analysisInput';
import { generateDemoOrg } from '../src/import/demoOrg';
import { channelRules } from '../src/services/offlineReport';
import { simulationNetwork } from '../src/services/simulate';
import { partnerSearchThread } from '../src/cli/partnerSearchThread';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '36700' },
    ties: { type: 'string', default: '184000' },
    rounds: { type: 'string', default: '12' },
    'one-thread': { type: 'boolean', default: false },
  },
});
const people = Number(values.people);
const wantedTies = Number(values.ties);
const rounds = Number(values.rounds);
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
// The machine may be shared: CPU seconds of this process show the cost without the others' load.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let t0 = performance.now();
const demo = generateDemoOrg({ people, endDay: '2026-06-01', tiesPerPerson: (2 * wantedTies) / people, seed: 7 });
const raw = rawOrgFromExport(
  {
    users: demo.users,
    channels: demo.channels,
    interactions: demo.interactions,
    lastDay: '2026-06-01',
    problems: [],
    warnings: [],
  },
  {
    rules: channelRules({}),
    departments: demo.users.map((u) => ({ id: u.id, department: u.department })),
    since: null,
    until: '2026-06-02T00:00:00Z',
  },
);
const org = assembleOrgData(raw);
const { network, interests } = simulationNetwork(org, undefined, 1);
console.log(
  `network: ${org.people.length} people, ${org.departments.length} departments, ${org.ties.count} ties, ` +
    `${interests.tags} interest tags (${interests.generatedFor ?? 0} people with generated topics) — ` +
    `built in ${seconds(t0)} s`,
);

// as `weaver simulate` does: the second core takes half of each large round's candidate search
const partnerSearch = values['one-thread'] ? undefined : partnerSearchThread();
console.log(partnerSearch ? 'candidate search on two threads' : 'candidate search on one thread');
const perStrategy: Record<string, number> = {};
let last = performance.now();
t0 = performance.now();
const cpu0 = cpu();
const result = runSimulation(network, {
  strategies: STRATEGIES,
  rounds,
  participation: 0.8,
  accept: 0.6,
  meet: 0.7,
  seed: 1,
  interests,
  partnerSearch,
  roundSettings: defaultSettings().rounds,
  onRound: (s: StrategyName, r: number) => {
    const now = performance.now();
    perStrategy[s] = (perStrategy[s] ?? 0) + (now - last) / 1000;
    last = now;
    console.log(`  ${s} round ${r}: ${perStrategy[s].toFixed(1)} s so far`);
  },
});
const total = (performance.now() - t0) / 1000;
console.log(
  `simulate: ${rounds} rounds × ${STRATEGIES.length} strategies in ${total.toFixed(1)} s wall, ` +
    `${(cpu() - cpu0).toFixed(1)} s CPU (goal < 60 s); load average ${loadavg()[0].toFixed(1)}`,
);
for (const [s, x] of Object.entries(result.strategies)) {
  const f = x!.final;
  console.log(
    `  ${s}: ${f.missingBridgesClosed} of ${result.baseline.missingBridges} missing bridges closed, ` +
      `${f.peopleReached} people reached`,
  );
}
// Speed work must not change results: the same digest before and after (bench/README.md).
console.log(`result digest: ${createHash('sha256').update(JSON.stringify(result)).digest('hex')}`);
void partnerSearch?.close();

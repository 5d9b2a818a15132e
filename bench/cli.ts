/**
 * Start-up and whole-process `weaver analyze` timings, side by side in one run:
 *   npm run bench -- bench/cli.ts [--runs 5] [--help-runs 10] [--networkx-runs 3] [--no-networkx]
 * (a) `weaver --help` wall time vs `node -e 0` — goal: within 3x;
 * (b) `weaver analyze --edges` on a 36,692-person / 183,831-tie network vs python-igraph (modularity of
 *     the departments + Louvain, Debian python3-igraph) — goal: at least as fast — and vs networkx doing
 *     the same — goal: at least 10x faster. Every side is timed as a whole process (interpreter start-up,
 *     imports, reading the CSV files, computing), median of --runs, the sides' runs interleaved.
 * The network: the original figures were on SNAP's email-Enron (36,692 nodes, 183,831 edges), which no
 * npm or Debian package ships and this machine cannot download, so a deterministic network of exactly
 * that size is generated: Chung-Lu with power-law expected degrees (exponent 2.1, as e-mail networks)
 * and 12 departments with 75% of ties inside one's department.
 * Also prints networkx's modularity + E-I alone (bench/networkx_report.py), the comparison earlier figures used.
 * Runs bin/weaver.cjs as installed, i.e. the built dist/ (the bench runs `npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/domain/random';

const NODES = 36_692;
const EDGES = 183_831;
const DEPARTMENTS = 12;
const INSIDE = 0.75;
const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin/weaver.cjs');
/** Debian's python3 (where apt installs python3-igraph / python3-networkx), not a pyenv one first on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Ties and departments of an e-mail-like network (see the header); the same files for every seed. */
async function writeNetwork(dir: string): Promise<{ ties: string; people: string }> {
  const ties = join(dir, 'ties.csv');
  const people = join(dir, 'people.csv');
  if (existsSync(ties) && existsSync(people)) return { ties, people };
  await mkdir(dir, { recursive: true });
  const rand = seededRandom(36692);
  const weight = Float64Array.from({ length: NODES }, (_, i) => (i + 1) ** (-1 / (2.1 - 1)));
  const dept = Int32Array.from({ length: NODES }, () => Math.floor(rand() ** 1.5 * DEPARTMENTS));
  // Cumulative weights overall and per department, for sampling a node in proportion to its weight.
  const sampler = (nodes: number[]) => {
    const cum = new Float64Array(nodes.length);
    let total = 0;
    nodes.forEach((n, k) => {
      total += weight[n];
      cum[k] = total;
    });
    return () => {
      const x = rand() * total;
      let lo = 0;
      let hi = nodes.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return nodes[lo];
    };
  };
  const all = Array.from({ length: NODES }, (_, i) => i);
  const anyone = sampler(all);
  const inDept = Array.from({ length: DEPARTMENTS }, (_, d) => sampler(all.filter((n) => dept[n] === d)));
  const seen = new Set<number>();
  const lines = ['source,target'];
  const id = (n: number) => `p${String(n).padStart(5, '0')}`;
  const add = (a: number, b: number) => {
    const key = a < b ? a * NODES + b : b * NODES + a;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    lines.push(`${id(a)},${id(b)}`);
  };
  // Everyone in an e-mail network wrote or got at least one mail: one tie per person first.
  for (const a of all) add(a, rand() < INSIDE ? inDept[dept[a]]() : anyone());
  while (seen.size < EDGES) {
    const a = anyone();
    add(a, rand() < INSIDE ? inDept[dept[a]]() : anyone());
  }
  await writeFile(ties, `${lines.join('\n')}\n`);
  const names = [
    'Engineering',
    'Sales',
    'Support',
    'Marketing',
    'Finance',
    'Legal',
    'Operations',
    'Research',
    'Product',
    'Design',
    'People',
    'Trading',
  ];
  await writeFile(people, `id,department\n${all.map((n) => `${id(n)},${names[dept[n]]}`).join('\n')}\n`);
  return { ties, people };
}

interface Timed {
  seconds: number;
  /** user + system CPU of the child (Linux: the children's times in /proc/self/stat), null elsewhere */
  cpu: number | null;
  stdout: string;
  stderr: string;
  status: number | null;
}

/** CPU seconds of the children this process has waited for (fields cutime + cstime, in clock ticks of 1/100 s). */
function childrenCpu(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function timeProcess(command: string, args: string[]): Timed {
  const cpuBefore = childrenCpu();
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: ROOT });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuAfter = childrenCpu();
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return { seconds, cpu, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? ''), status: r.status };
}

/** The median run of each command, the commands' runs interleaved (A B C A B C…) so the machine's load moves them alike. */
function medians(
  sides: { command: string; args: string[]; runs: number }[],
): (Timed & { runs: number; outputs: string[] })[] {
  const all: Timed[][] = sides.map(() => []);
  for (let r = 0; r < Math.max(...sides.map((s) => s.runs)); r++) {
    sides.forEach((side, k) => {
      if (r < side.runs) all[k].push(timeProcess(side.command, side.args));
    });
  }
  return all.map((times, k) => {
    const failed = times.find((t) => t.status !== 0);
    if (failed) {
      const { command, args } = sides[k];
      throw new Error(`${command} ${args.join(' ')} failed (${failed.status}): ${failed.stderr.trim().slice(0, 500)}`);
    }
    const outputs = times.map((t) => t.stdout);
    times.sort((x, y) => x.seconds - y.seconds);
    return { ...times[Math.floor(times.length / 2)], runs: times.length, outputs };
  });
}

/** The median of numbers (the middle one; the lower middle of an even count). */
const middle = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];

const median = (command: string, args: string[], runs: number) => medians([{ command, args, runs }])[0];

const both = (t: Timed) => `${t.seconds.toFixed(3)} s wall${t.cpu === null ? '' : `, ${t.cpu.toFixed(2)} s CPU`}`;

function pythonHas(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'help-runs': { type: 'string', default: '10' },
      'no-networkx': { type: 'boolean', default: false },
      'networkx-runs': { type: 'string', default: '3' },
    },
  });
  const runs = Number(values.runs);
  // This bench measures the built command: build it from the sources as they are now.
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    console.log(`npm run build failed:\n${build.stdout}${build.stderr}`);
    process.exit(2);
  }

  console.log(`(a) start-up, median of ${values['help-runs']} runs`);
  const helpRuns = Number(values['help-runs']);
  const [bare, help] = medians([
    { command: process.execPath, args: ['-e', '0'], runs: helpRuns },
    { command: process.execPath, args: [BIN, '--help'], runs: helpRuns },
  ]);
  const ratio = help.seconds / bare.seconds;
  console.log(`  node -e 0       ${both(bare)}`);
  console.log(`  weaver --help   ${both(help)}`);
  console.log(`    ${ratio.toFixed(2)}x node's wall time (goal <= 3x: ${ratio <= 3 ? 'met' : 'NOT met'})`);

  const dir = join(tmpdir(), 'weaver-bench-cli-network-v2');
  const { ties, people } = await writeNetwork(dir);
  console.log(`\n(b) analyze, whole process, the sides' runs interleaved`);
  console.log(
    `  network: generated, ${NODES} people, ${EDGES} ties, ${DEPARTMENTS} departments (email-Enron's size; ` +
      `SNAP's file is not available offline) in ${dir}`,
  );
  const analyze = ['analyze', '--edges', ties, '--departments', people, '--format', 'json'];
  const libs = (['igraph', 'networkx'] as const).filter((lib) => {
    if (lib === 'networkx' && values['no-networkx']) return false;
    if (pythonHas(lib)) return true;
    console.log(`  ${lib.padEnd(14)}  skipped: ${PYTHON} has no ${lib} (apt-get install python3-${lib})`);
    return false;
  });
  const [weaver, ...others] = medians([
    { command: process.execPath, args: [BIN, ...analyze], runs },
    ...libs.map((lib) => ({
      command: PYTHON,
      args: [join(ROOT, 'bench/python_analyze.py'), lib, ties, people],
      runs: lib === 'networkx' ? Number(values['networkx-runs']) : runs,
    })),
  ]);
  type Org = { modularity: number; louvain: { count: number; modularity: number } };
  const report = JSON.parse(weaver.stdout) as { org: Org };
  const { org } = report;
  console.log(
    `  weaver analyze  ${both(weaver)}; modularity ${org.modularity.toFixed(3)}, ` +
      `Louvain ${org.louvain.count} communities Q = ${org.louvain.modularity.toFixed(3)} (median of ${weaver.runs})`,
  );

  libs.forEach((lib, k) => {
    const t = others[k];
    const r = JSON.parse(t.stdout) as { modularity: number; louvain_count: number; louvain_modularity: number };
    // Louvain visits people in a random order: its modularity varies from run to run (Weaver's seed is fixed)
    const qs = t.outputs.map((o) => (JSON.parse(o) as { louvain_modularity: number }).louvain_modularity);
    const medianQ = middle(qs);
    const speedup = t.seconds / weaver.seconds;
    const goal = lib === 'igraph' ? speedup >= 1 : speedup >= 10;
    console.log(
      `  ${lib.padEnd(14)}  ${both(t)}; modularity ${r.modularity.toFixed(3)}, Louvain ${r.louvain_count} ` +
        `communities Q = ${r.louvain_modularity.toFixed(3)} (median of ${t.runs})`,
    );
    const cpuSpeedup = t.cpu && weaver.cpu ? `, ${(t.cpu / weaver.cpu).toFixed(2)}x in CPU time` : '';
    const target = lib === 'igraph' ? '>= 1x' : '>= 10x';
    const verdict = `goal ${target}: ${goal ? 'met' : 'NOT met'}`;
    console.log(`    weaver is ${speedup.toFixed(2)}x as fast in wall time (${verdict})${cpuSpeedup}`);
    const qMet = org.louvain.modularity >= Number(medianQ.toFixed(4));
    console.log(
      `    Louvain modularity: weaver ${org.louvain.modularity.toFixed(4)}, ${lib} median ${medianQ.toFixed(4)} of ${qs.length} runs ` +
        `(${Math.min(...qs).toFixed(4)}–${Math.max(...qs).toFixed(4)}; goal weaver >= ${lib}'s median: ${qMet ? 'met' : 'NOT met'})`,
    );
  });
  if (!values['no-networkx'] && pythonHas('networkx')) {
    // The comparison the README's earlier figures used: networkx's modularity and E-I only, no Louvain.
    const t = median(PYTHON, [join(ROOT, 'bench/networkx_report.py'), ties, people], runs);
    const cpuSpeedup = t.cpu && weaver.cpu ? `, ${(t.cpu / weaver.cpu).toFixed(2)}x in CPU time` : '';
    console.log(`  networkx, modularity + E-I only (bench/networkx_report.py): ${both(t)}`);
    const ratio = (t.seconds / weaver.seconds).toFixed(2);
    console.log(`    weaver (also Louvain and the whole report) is ${ratio}x as fast in wall time${cpuSpeedup}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

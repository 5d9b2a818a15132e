import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { STRATEGIES, type StrategyName } from '../../domain/simulate/model';
import { readNumberedTies, readPeopleCsv } from '../../import/csvFiles';
import { readInterestsCsv } from '../../import/interestsCsv';
import { renderSimulation, SIMULATION_FORMATS } from '../../report/simulation';
import { readInputCsv } from '../inputFiles';
import { NothingToAnalyseError } from '../../services/offlineReport';
import { simulateExport, simulateTieList, type SimulateOptions } from '../../services/simulate';
import { partnerSearchThread } from '../partnerSearchThread';
import { CliError, cannotRead } from '../errors';
import { checkOutputFile } from '../outputFiles';
import { exportOrEdges, parseCommandFlags, splitPatterns, stringFlags } from '../flags';
import { progressBar } from '../progress';

const USAGE = `Usage:
  weaver simulate EXPORT.zip|EXPORT_DIR [--department-channels PATTERNS] [--interests interests.csv] [options]
  weaver simulate --edges ties.csv --departments people.csv [--interests interests.csv] [options]

Options:
  --rounds N                    rounds to simulate (default 12: a quarter of weekly rounds, half a year biweekly)
  --strategies LIST             comma-separated: weaver,random,random-cross (default all three)
  --accept P                    acceptance probability of an introduction with no shared interest (default 0.6)
  --meet P                      probability that an accepted introduction meets (default 0.7)
  --participation P             share of people taking part in each round (default 0.8)
  --seed N                      seed: the same seed gives the same result (default 1)
  --format text|json|html       output format (default text)
  --out FILE                    write to FILE instead of the terminal
  --interests FILE              CSV with header id,tag (one row per person and tag); without it an export's
                                purpose channels are the tags, and a tie list gets interests generated from the network
  --department-channels PATTERNS  export only: patterns of department channels (default team-*,dept-*)
  --purpose-channels PATTERNS   export only: patterns of purpose channels (default cop-*,guild-*,interest-*,learn-*)`;

const probability = (name: string, fallback: number) => {
  const message = `${name} is a probability between 0 and 1`;
  return z.coerce.number().min(0, message).max(1, message).default(fallback);
};
export const simulateFlags = z.object({
  rounds: z.coerce.number().int().min(1).max(104).default(12),
  strategies: z
    .string()
    .default(STRATEGIES.join(','))
    .transform((s, ctx) => {
      const list = [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = list.filter((x) => !(STRATEGIES as readonly string[]).includes(x));
      if (unknown.length || !list.length) {
        const message = `unknown strategy ${unknown.join(', ') || '(none)'}; use ${STRATEGIES.join(', ')}`;
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return list as StrategyName[];
    }),
  accept: probability('accept', 0.6),
  meet: probability('meet', 0.7),
  participation: probability('participation', 0.8),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
  format: z.enum(SIMULATION_FORMATS).default('text'),
  out: z.string().min(1).optional(),
  interests: z.string().min(1).optional(),
  edges: z.string().min(1).optional(),
  departments: z.string().min(1).optional(),
  'department-channels': z.string().optional().transform(splitPatterns),
  'purpose-channels': z.string().optional().transform(splitPatterns),
});

export async function run(argv: string[]): Promise<void> {
  const names = ['rounds', 'strategies', 'accept', 'meet', 'participation', 'seed', 'format', 'out', 'interests'];
  names.push('edges');
  const parsed = parseCommandFlags(
    argv,
    stringFlags(...names, 'departments', 'department-channels', 'purpose-channels'),
    simulateFlags,
    USAGE,
  );
  if (!parsed) return;
  const { flags } = parsed;
  // without --edges, the export's path is set (exportOrEdges refuses neither)
  const path = exportOrEdges(parsed.positionals, flags) ?? '';
  checkOutputFile('out', flags.out);

  const interests = flags.interests ? (await readInputCsv(readInterestsCsv, flags.interests)).rows : undefined;
  const peopleFile = flags.departments ? await readInputCsv(readPeopleCsv, flags.departments) : undefined;
  const people = peopleFile?.rows;
  const bar = progressBar('Reading export');
  // the second core takes half of each large round's candidate search (the same result)
  const partnerSearch = partnerSearchThread({
    onFallback: (why) => process.stderr.write(`\nweaver simulate: ${why}; searching on one thread (the same result)\n`),
  });
  const options: SimulateOptions = {
    rounds: flags.rounds,
    strategies: flags.strategies,
    accept: flags.accept,
    meet: flags.meet,
    participation: flags.participation,
    seed: flags.seed,
    partnerSearch,
  };
  let result;
  try {
    if (flags.edges) {
      const { ties } = await readInputCsv((file) => readNumberedTies(file, peopleFile ?? []), flags.edges);
      result = nothingToSimulate(flags.edges, () =>
        simulateTieList(ties, people ?? [], interests, options, basename(flags.departments ?? 'people.csv')),
      );
    } else {
      const exportOptions = {
        departmentPatterns: flags['department-channels'],
        purposePatterns: flags['purpose-channels'],
        people,
        departmentsFile: flags.departments ? basename(flags.departments) : undefined,
      };
      const out = await simulateExport(path, exportOptions, interests, options, bar.update).catch((err: Error) => {
        if (err instanceof NothingToAnalyseError) throw new CliError(`${path}: ${err.message}`, 2);
        throw new CliError(cannotRead(path, err));
      });
      for (const p of out.problems) console.error(`skipped ${p}`);
      result = out.result;
    }
  } finally {
    bar.stop();
    await partnerSearch?.close();
  }
  const text = renderSimulation(result, flags.format);
  if (flags.out) {
    await writeFile(flags.out, text);
    console.error(`Wrote ${flags.out}`);
  } else process.stdout.write(text);
}

/** A tie list whose departments cannot carry a simulation: one line, exit 2. */
function nothingToSimulate<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof NothingToAnalyseError) throw new CliError(`${file}: ${err.message}`, 2);
    throw err;
  }
}

import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { peopleOnlyInTies } from '../../import/analysisInput';
import { readNumberedTies, readPeopleCsv } from '../../import/csvFiles';
import { readChannelKindsCsv } from '../../import/channelKindsCsv';
import { ArchiveLimitError, DEFAULT_ARCHIVE_LIMITS, formatBytes } from '../../import/archiveLimits';
import { type FORMATS, renderReport } from '../../report';
import {
  NothingToAnalyseError,
  UnknownChannelError,
  reportFromExport,
  reportFromTieList,
  type OfflineOptions,
} from '../../services/offlineReport';
import { CliError, cannotRead } from '../errors';
import { checkOutputFile } from '../outputFiles';
import { readInputCsv } from '../inputFiles';
import { checks, exportOrEdges, flagSchema, parseCommandFlags, stringFlags } from '../flags';
import { DEFAULT_MIN_GROUP_SIZE } from '../../domain/silos/privacy';

const LIMITS = {
  total: formatBytes(DEFAULT_ARCHIVE_LIMITS.maxTotalBytes),
  entry: formatBytes(DEFAULT_ARCHIVE_LIMITS.maxEntryBytes),
};

const USAGE = `Usage:
  weaver analyze EXPORT.zip|EXPORT_DIR [--departments people.csv] [options]
  weaver analyze --edges ties.csv --departments people.csv [options]

Options:
  --format text|json|csv|html   output format (default text)
  --out FILE                    write the report to FILE instead of the terminal
  --png FILE                    also write the department heat map as a PNG
  --min-group-size N            privacy threshold: smaller departments are merged into "Small teams" (default ${DEFAULT_MIN_GROUP_SIZE})
  --since YYYY-MM-DD            only interactions from this day on count as ties
  --purpose-channels PATTERNS   comma-separated name patterns of purpose channels (default cop-*,guild-*,interest-*,learn-*)
  --department-channels PATTERNS  patterns of department channels (default team-*,dept-*); without --departments,
                                people's departments come from these channels (never from profile titles)
  --channel-kinds kinds.csv     a lead's kinds of channels (name,kind; kind purpose, department, broadcast or
                                other): they win over every rule, as the per-channel kind in Settings does
  --people                      list the members of emerging communities (analysts on their own data only)
  --strict-people               stop when people in the ties (or the export) are missing from --departments,
                                instead of leaving them out of the department metrics
  --max-unzipped SIZE           most a zip may unpack to in all (default ${LIMITS.total})
  --max-entry-size SIZE         most one file in a zip may unpack to (default ${LIMITS.entry})
                                SIZE: bytes, or a number with KB, MB, GB (1000s) or KiB, MiB, GiB (1024s)

See docs/analyze-inputs.md for the input formats, limits and warnings.`;

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "4GiB", "500 MB", "1048576" → bytes. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) return null;
  const n = Math.round(Number(m[1]) * unit);
  return n > 0 ? n : null;
}

const size = checks.parsed(parseSize, (s) => `"${s}" is not a size (e.g. 4GiB, 500MB)`);

/** How many missing ids a warning lists. */
const SHOWN_IDS = 5;

/** Plain checks, not zod: analyze is the command whose start-up counts (see src/cli/flags.ts). */
export const analyzeFlags = flagSchema({
  format: checks.format,
  out: checks.text,
  png: checks.text,
  'min-group-size': checks.wholeNumber(1, 1000, DEFAULT_MIN_GROUP_SIZE),
  since: checks.day,
  'purpose-channels': checks.patterns,
  'department-channels': checks.patterns,
  'channel-kinds': checks.text,
  people: checks.switch,
  edges: checks.text,
  departments: checks.text,
  'strict-people': checks.switch,
  'max-unzipped': size,
  'max-entry-size': size,
});

/**
 * People the departments file does not list: one line with their count and first ids. They are
 * left out of the department metrics (never a department of their own); with --strict-people this
 * is an error instead.
 */
function reportWithoutDepartment(missing: string[], where: string, departmentsFile: string, strict: boolean): void {
  if (!missing.length) return;
  const ids = missing.slice(0, SHOWN_IDS).join(', ') + (missing.length > SHOWN_IDS ? ', …' : '');
  const [who, are] = missing.length === 1 ? ['person', 'is'] : ['people', 'are'];
  const what = `${missing.length} ${who} in ${where} ${are} not in ${departmentsFile} (${ids})`;
  if (strict) throw new CliError(`${what}; add them or leave out --strict-people`);
  console.error(`${what}: left out of the department metrics (--strict-people makes this an error)`);
}

/**
 * A channel kinds file with a bad line is refused whole (one line: the count and the first
 * reasons), since a mistyped kind would leave its channel classified the other way.
 */
function refuseBadLines(read: { bad: { line: number; reason: string }[]; badCount: number }, file: string): void {
  if (!read.badCount) return;
  const first = read.bad.slice(0, 3).map((b) => `line ${b.line}: ${b.reason}`);
  const more = read.badCount > first.length ? `; and ${read.badCount - first.length} more` : '';
  throw new CliError(
    `${file}: ${read.badCount === 1 ? '1 bad line' : `${read.badCount} bad lines`}, nothing applied: ${first.join('; ')}${more}`,
  );
}

/** `workspace` names the data (an export's file name, the team id) in the heat map PNG's title line. */
export async function writeOutputs(
  report: Parameters<typeof renderReport>[0],
  flags: { format: (typeof FORMATS)[number]; out?: string; png?: string },
  workspace?: string,
): Promise<void> {
  const text = renderReport(report, flags.format);
  if (flags.out) {
    await writeFile(flags.out, text);
    console.error(`Wrote ${flags.out}`);
  } else process.stdout.write(text);
  if (flags.png) {
    // resvg (a native module) is loaded only when a PNG is asked for.
    const { heatMapPng } = require('../../report/png') as typeof import('../../report/png');
    await writeFile(flags.png, heatMapPng(report, workspace));
    console.error(`Wrote ${flags.png}`);
  }
}

export async function run(argv: string[]): Promise<void> {
  const parsed = parseCommandFlags(
    argv,
    {
      ...stringFlags(
        'format',
        'out',
        'png',
        'min-group-size',
        'since',
        'purpose-channels',
        'department-channels',
        'channel-kinds',
        'edges',
        'departments',
        'max-unzipped',
        'max-entry-size',
      ),
      people: { type: 'boolean' },
      'strict-people': { type: 'boolean' },
    },
    analyzeFlags,
    USAGE,
  );
  if (!parsed) return;
  const { flags } = parsed;
  // without --edges, the export's path is set (exportOrEdges refuses neither)
  const path = exportOrEdges(parsed.positionals, flags) ?? '';
  checkOutputFile('out', flags.out);
  checkOutputFile('png', flags.png);

  const options: OfflineOptions = {
    minGroupSize: flags['min-group-size'],
    since: flags.since ?? null,
    purposePatterns: flags['purpose-channels'],
    departmentPatterns: flags['department-channels'],
    includePeople: flags.people,
    now: new Date(),
    departmentsFile: flags.departments ? basename(flags.departments) : undefined,
  };
  const peopleFile = flags.departments ? await readInputCsv(readPeopleCsv, flags.departments) : undefined;
  if (flags['channel-kinds']) {
    if (flags.edges) throw new CliError('--channel-kinds needs a Slack export: a tie list has no channels');
    const file = flags['channel-kinds'];
    options.channelKinds = (await readInputCsv(readChannelKindsCsv, file, (read) => refuseBadLines(read, file))).rows;
  }
  const people = peopleFile?.rows;

  if (flags.edges) {
    const { ties } = await readInputCsv(
      (file) => readNumberedTies(file, peopleFile ?? []),
      flags.edges,
      (read) => {
        // not one tie between two different people: one line with the counts, not a report of zeros
        let valid = 0;
        for (let k = 0; k < read.ties.count && !valid; k++) if (read.ties.source[k] !== read.ties.target[k]) valid++;
        if (valid) return;
        const rows = read.ties.count + read.badCount;
        const reasons = read.bad.slice(0, 3).map((b) => `line ${b.line}: ${b.reason}`);
        const what =
          read.badCount === rows
            ? `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}, all bad`
            : `${rows.toLocaleString('en-US')} rows, ${read.badCount.toLocaleString('en-US')} bad and ${read.ties.count.toLocaleString('en-US')} ties of a person with themself`;
        throw new CliError(
          `no valid ties in ${flags.edges}: ${what}${reasons.length ? `; first reasons: ${reasons.join('; ')}` : ''}`,
        );
      },
    );
    reportWithoutDepartment(peopleOnlyInTies(ties), flags.edges, flags.departments!, flags['strict-people']);
    await writeOutputs(reportFromTieList(ties, people ?? [], options), flags, basename(flags.edges));
    return;
  }
  const { progressBar } = require('../progress') as typeof import('../progress');
  const bar = progressBar('Reading export');
  try {
    const read = {
      onProgress: bar.update,
      maxTotalBytes: flags['max-unzipped'],
      maxEntryBytes: flags['max-entry-size'],
    };
    const result = await reportFromExport(path, people, options, read).catch((err: Error) => {
      // past a zip limit: one line, exit code 3 (distinct from usage mistakes)
      if (err instanceof ArchiveLimitError) throw new CliError(`${path}: ${err.message}`, 3);
      if (err instanceof NothingToAnalyseError) throw new CliError(`${path}: ${err.message}`, 2);
      if (err instanceof UnknownChannelError) throw new CliError(err.message, 2);
      throw new CliError(cannotRead(path, err));
    });
    bar.stop();
    for (const p of result.problems) console.error(`skipped ${p}`);
    for (const w of result.warnings) console.error(w);
    reportWithoutDepartment(result.withoutDepartment, path, flags.departments ?? '', flags['strict-people']);
    await writeOutputs(result.report, flags, basename(path));
  } finally {
    bar.stop();
  }
}

import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { readPeopleCsv, readTiesCsv } from '../../import/csvFiles';
import { type FORMATS, renderReport } from '../../report';
import { describeBadRows, reportFromExport, reportFromTieList, type OfflineOptions } from '../../services/offlineReport';
import { CliError } from '../errors';
import { formatFlag, parseCommandFlags, stringFlags } from '../flags';

const USAGE = `Usage:
  weaver analyze EXPORT.zip|EXPORT_DIR [--departments people.csv] [options]
  weaver analyze --edges ties.csv --departments people.csv [options]

Options:
  --format text|json|csv|html   output format (default text)
  --out FILE                    write the report to FILE instead of the terminal
  --png FILE                    also write the department heat map as a PNG
  --min-group-size N            privacy threshold: smaller departments are merged into "Small teams" (default 5)
  --since YYYY-MM-DD            only interactions from this day on count as ties
  --purpose-channels PATTERNS   comma-separated name patterns of purpose channels (default cop-*,guild-*,interest-*,learn-*)
  --department-channels PATTERNS  patterns of department channels (default team-*,dept-*); without --departments,
                                people's departments come from these channels
  --people                      list the members of emerging communities (analysts on their own data only)`;

const patterns = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').map((p) => p.trim()).filter(Boolean) : undefined));

export const analyzeFlags = z.object({
  format: formatFlag,
  out: z.string().min(1).optional(),
  png: z.string().min(1).optional(),
  'min-group-size': z.coerce.number().int().min(1).max(1000).default(5),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'is not a real date')
    .optional(),
  'purpose-channels': patterns,
  'department-channels': patterns,
  people: z.boolean().default(false),
  edges: z.string().min(1).optional(),
  departments: z.string().min(1).optional(),
});

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
      ...stringFlags('format', 'out', 'png', 'min-group-size', 'since', 'purpose-channels', 'department-channels', 'edges', 'departments'),
      people: { type: 'boolean' },
    },
    analyzeFlags,
    USAGE,
  );
  if (!parsed) return;
  const { flags } = parsed;
  const [path, ...extra] = parsed.positionals;
  if (extra.length) throw new CliError(`one export at a time (got ${parsed.positionals.join(', ')})`);
  if (!path && !flags.edges) throw new CliError(`give a Slack export (zip or folder) or --edges ties.csv\n\n${USAGE}`);
  if (path && flags.edges) throw new CliError('give either a Slack export or --edges, not both');
  if (flags.edges && !flags.departments) throw new CliError('--edges needs --departments people.csv (header id,department)');

  const options: OfflineOptions = {
    minGroupSize: flags['min-group-size'],
    since: flags.since ?? null,
    purposePatterns: flags['purpose-channels'],
    departmentPatterns: flags['department-channels'],
    includePeople: flags.people,
    now: new Date(),
  };
  const readCsv = async <T>(read: (f: string) => Promise<{ rows: T[]; bad: { line: number; reason: string }[] }>, file: string) => {
    try {
      const result = await read(file);
      for (const line of describeBadRows(file, result.bad)) console.error(line);
      return result.rows;
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
  };
  const people = flags.departments ? await readCsv(readPeopleCsv, flags.departments) : undefined;

  if (flags.edges) {
    const ties = await readCsv(readTiesCsv, flags.edges);
    await writeOutputs(reportFromTieList(ties, people ?? [], options), flags, basename(flags.edges));
    return;
  }
  const { progressBar } = require('../progress') as typeof import('../progress');
  const bar = progressBar('Reading export');
  try {
    const { report, problems } = await reportFromExport(path, people, options, bar.update).catch((err: Error) => {
      throw new CliError(`${path}: ${err.message}`);
    });
    bar.stop();
    for (const p of problems) console.error(`skipped ${p}`);
    await writeOutputs(report, flags, basename(path));
  } finally {
    bar.stop();
  }
}

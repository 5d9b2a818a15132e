import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { renderReport } from '../../report';
import { runDemo } from '../../services/offlineReport';
import { CliError } from '../errors';
import { progressBar } from '../progress';
import { parseCommandFlags, stringFlags } from '../flags';
import { DEFAULT_MIN_GROUP_SIZE } from '../../domain/silos/privacy';

const USAGE = `Usage: weaver demo [--people N] [--out DIR] [--min-group-size N]

Writes DIR/slack-export/ (a Slack export folder), DIR/report.{txt,json,csv,html} and DIR/heatmap.png
(default DIR: a new temporary folder, printed, so git status stays clean wherever it runs), prints the text
report and what was planted.`;

const flagsSchema = z.object({
  people: z.coerce.number().int().min(50).max(200_000).default(300),
  out: z.string().min(1).optional(),
  'min-group-size': z.coerce.number().int().min(1).max(1000).default(DEFAULT_MIN_GROUP_SIZE),
});

export async function run(argv: string[]): Promise<void> {
  const parsed = parseCommandFlags(argv, stringFlags('people', 'out', 'min-group-size'), flagsSchema, USAGE);
  if (!parsed) return;
  const { flags } = parsed;
  if (parsed.positionals.length)
    throw new CliError(`unexpected argument ${parsed.positionals[0]} (--help lists the flags)`);
  const bar = progressBar('Analysing export');
  const out = flags.out ?? (await mkdtemp(join(tmpdir(), 'weaver-demo-')));
  if (!flags.out) console.error(`Writing the demo to ${out}`);
  const options = { minGroupSize: flags['min-group-size'], since: null, now: new Date() };
  const result = await runDemo(out, flags.people, options, bar.update);
  bar.stop();
  process.stdout.write(renderReport(result.report, 'text'));
  const { planted } = result.demo;
  const silos = result.report.departments.filter((d) => d.silo).map((d) => d.name.toLowerCase());
  const foundSilos = planted.silos.filter((s) => silos.includes(s.toLowerCase()));
  const plantedSet = new Set(planted.community);
  const found = result.report.communities.some((c) => c.departments.length >= 3 && c.size >= plantedSet.size / 2);
  console.log(
    [
      '',
      `Planted: silos ${planted.silos.join(' and ')} (found ${foundSilos.length} of ${planted.silos.length}), a ${planted.community.length}-person community across ${planted.communityDepartments.join(', ')} without a channel (${found ? 'found' : 'NOT found'}), captured #${planted.capturedChannel} (${result.report.channels.some((c) => c.name === planted.capturedChannel && c.captured) ? 'found' : 'NOT found'}).`,
      `Slack export: ${result.exportDir}`,
      `Reports: ${result.files.join(', ')}`,
    ].join('\n'),
  );
}

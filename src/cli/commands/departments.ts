import { readFileSync } from 'node:fs';
import { importDepartmentsCsv } from '../../services/departments';
import { CliError, cannotRead } from '../errors';
import { withWorkspace } from '../workspace';

const HELP = `Usage: weaver departments import FILE.csv

FILE.csv has the columns id,department (a header row "id,department" is optional). id is a Slack
user id (U0123ABC), an email address or a username. Good rows are applied; bad rows and unknown
people are listed by line number. Importing makes CSV the workspace's department source, so
\`weaver sync\` keeps these departments.`;

export async function run(argv: string[]): Promise<void> {
  const [sub, file, ...extra] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(HELP);
    return;
  }
  if (sub !== 'import') throw new CliError(`unknown subcommand "${sub}": use weaver departments import FILE.csv`);
  if (!file || extra.length) throw new CliError('give exactly one CSV file: weaver departments import FILE.csv');
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(cannotRead(file, err));
  }
  const result = await withWorkspace((services, teamId, client) => importDepartmentsCsv(services, teamId, csv, client));
  console.log(`${file}: ${result.matched} row(s) applied, ${result.changed} department(s) changed.`);
  const problems = [
    ...result.bad.map((b) => ({ line: b.line, text: `line ${b.line}: ${b.reason}` })),
    ...result.unknown.map((u) => ({
      line: u.line,
      text: `line ${u.line}: no person "${u.id}" in this workspace (run \`weaver sync\` first if they are new)`,
    })),
  ].sort((a, b) => a.line - b.line);
  if (problems.length) {
    throw new CliError(
      `${problems.length} row(s) skipped; the other rows were applied:\n${problems.map((p) => `  ${p.text}`).join('\n')}`,
      1,
    );
  }
}

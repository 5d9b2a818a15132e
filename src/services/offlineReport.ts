/**
 * Reports from files, no database and no Slack: a workspace export, a plain tie list, or the
 * generated demo organisation. The CLI's `analyze` and `demo` call these.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHANNEL_KIND_DEFAULTS, type ChannelKindRules } from '../domain/channelKinds';
import { assembleOrgData, type RawOrg } from '../domain/silos/assemble';
import { buildSiloReport } from '../domain/silos/buildReport';
import type { DepartmentSource } from '../domain/silos/departmentData';
import { FINDING_DEFAULTS, findingsOf } from '../domain/silos/findings';
import { historyPoint, monthsBetween } from '../domain/silos/trend';
import type { SiloReport } from '../domain/silos/types';
import {
  exportDepartmentSource,
  exportEnd,
  exportPeopleIds,
  peopleWithoutDepartment,
  rawOrgFromExport,
  rawOrgFromTieList,
} from '../import/analysisInput';
import type { BadRow, NumberedTies, PersonRow } from '../import/csvFiles';
import type { ChannelKindRow } from '../import/channelKindsCsv';
import type { DemoOrg } from '../import/demoOrg';
import type { ProgressFn, ReadExportOptions } from '../import/slackExport';
import { renderReport } from '../report';
import { count, DAY_MS, isoDay, isoDayBefore } from '../domain/format';

export interface OfflineOptions {
  minGroupSize: number;
  since: string | null;
  purposePatterns?: string[];
  departmentPatterns?: string[];
  includePeople?: boolean;
  now: Date;
  /** the departments file's name as the report states it ("people.csv") */
  departmentsFile?: string;
  /** a lead's kinds by channel name (`--channel-kinds`): they win over every rule */
  channelKinds?: ChannelKindRow[];
}

/** `--channel-kinds` names a channel the export does not have (a typo would otherwise do nothing). */
export class UnknownChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownChannelError';
  }
}

/** The input holds nothing a report can be made of (no valid ties, or a window after the data): exit 2. */
export class NothingToAnalyseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NothingToAnalyseError';
  }
}

export function channelRules(
  options: Pick<OfflineOptions, 'purposePatterns' | 'departmentPatterns'>,
): ChannelKindRules {
  const rules = CHANNEL_KIND_DEFAULTS;
  return {
    ...rules,
    purpose: options.purposePatterns?.length ? options.purposePatterns : [...rules.purpose],
    department: options.departmentPatterns?.length ? options.departmentPatterns : [...rules.department],
    broadcast: [...rules.broadcast],
    project: [...rules.project],
    incident: [...rules.incident],
    alert: [...rules.alert],
    social: [...rules.social],
  };
}

function report(raw: RawOrg, until: string, options: OfflineOptions, departmentSource: DepartmentSource): SiloReport {
  return buildSiloReport(assembleOrgData(raw), {
    generatedAt: until,
    since: options.since,
    minGroupSize: options.minGroupSize,
    includePeople: options.includePeople,
    departmentSource,
  });
}

export interface ExportReport {
  report: SiloReport;
  problems: string[];
  /** skipped elements inside readable files, counted per file */
  warnings: string[];
  /** export members absent from the departments file (empty without one) */
  withoutDepartment: string[];
}

/** Months of an export's messages a report's trend shows at most. */
export const HISTORY_MONTHS = 12;
const MONTH_MS = 30 * DAY_MS;

/**
 * A report on a Slack export (zip or folder); the window ends after its last message. Its history
 * is the same report computed on each calendar month's messages (at most HISTORY_MONTHS), and
 * each finding is compared with the report of the same window ending a month earlier.
 */
export async function reportFromExport(
  path: string,
  departments: PersonRow[] | undefined,
  options: OfflineOptions,
  read?: ProgressFn | ReadExportOptions,
): Promise<ExportReport> {
  // the zip reader (yauzl, zlib) is loaded only for an export, not for a tie list
  const { readSlackExport } = require('../import/slackExport') as typeof import('../import/slackExport');
  const exp = await readSlackExport(path, read);
  const until = exportEnd(exp, options.now.toISOString());
  if (options.since && exp.lastDay && options.since > exp.lastDay)
    throw new NothingToAnalyseError(
      `--since ${options.since} is after the last message day of the export (${exp.lastDay}): no ties to analyse`,
    );
  const rules = channelRules(options);
  const kindOverrides = channelKindOverrides(exp, options.channelKinds);
  const source = exportDepartmentSource(
    exp,
    rules,
    departments ? (options.departmentsFile ?? 'a people file') : undefined,
  );
  const withoutDepartment = departments ? peopleWithoutDepartment(exportPeopleIds(exp), departments) : [];
  const raw = rawOrgFromExport(exp, {
    rules,
    departments,
    since: options.since,
    until,
    minGroupSize: options.minGroupSize,
    kindOverrides,
  });
  const result = report(raw, until, options, source);
  if (result.org.ties === 0) {
    const people = exp.users.filter((u) => !u.isBot && !u.deleted).length;
    const first = [...exp.problems, ...exp.warnings].slice(0, 3);
    throw new NothingToAnalyseError(
      `no valid ties in the export: ${count(people, 'person', 'people')}, ${count(exp.channels.length, 'channel')}, ` +
        `${count(exp.interactions.length, 'daily interaction count')}${options.since ? ` (none from ${options.since} on)` : ''}` +
        (first.length ? `; first reasons: ${first.join('; ')}` : '; no replies, mentions or reactions between people'),
    );
  }
  const minTies = FINDING_DEFAULTS.minTies;
  const firstDay = exp.interactions.reduce((min, i) => (i.day < min ? i.day : min), exp.lastDay ?? isoDay(until));
  const months = monthsBetween(
    options.since && options.since > firstDay ? options.since : firstDay,
    until,
    HISTORY_MONTHS,
  );
  const points = months.map((m) => {
    const monthRaw = rawOrgFromExport(exp, {
      rules,
      departments,
      since: m.from,
      until: `${m.to}T00:00:00.000Z`,
      minGroupSize: options.minGroupSize,
      kindOverrides,
    });
    // a month the data covers only in part (it starts or ends mid-month) is no point of the trend
    const partial = !m.from.endsWith('-01') || !m.to.endsWith('-01');
    return historyPoint(report(monthRaw, `${m.to}T00:00:00.000Z`, options, source), m.last, null, minTies, partial);
  });
  // the window states both ends: without --since it starts on the export's first message day
  if (!result.window.since && exp.interactions.length) result.window = { ...result.window, since: firstDay };
  result.history = points.length ? { unit: 'month', points } : null;
  const monthBefore = new Date(Date.parse(until) - MONTH_MS).toISOString();
  if (Date.parse(monthBefore) > Date.parse(`${firstDay}T00:00:00Z`)) {
    const earlier = report(
      rawOrgFromExport(exp, {
        rules,
        departments,
        since: options.since,
        until: monthBefore,
        minGroupSize: options.minGroupSize,
        kindOverrides,
      }),
      monthBefore,
      options,
      source,
    );
    result.findings = findingsOf(result, FINDING_DEFAULTS, earlier);
  }
  return { report: result, problems: exp.problems, warnings: exp.warnings, withoutDepartment };
}

/** The lead's kinds by channel name, each naming a channel of the export (else UnknownChannelError). */
function channelKindOverrides(
  exp: { channels: { name: string }[] },
  rows: ChannelKindRow[] | undefined,
): Map<string, ChannelKindRow['kind']> | undefined {
  if (!rows?.length) return undefined;
  const names = new Set(exp.channels.map((c) => c.name.toLowerCase()));
  const unknown = rows.filter((r) => !names.has(r.name));
  if (unknown.length) {
    const first = unknown.slice(0, 3).map((r) => `line ${r.line}: no channel #${r.name} in the export`);
    throw new UnknownChannelError(
      `--channel-kinds: ${first.join('; ')}${unknown.length > 3 ? `; and ${unknown.length - 3} more` : ''}`,
    );
  }
  return new Map(rows.map((r) => [r.name, r.kind]));
}

export function reportFromTieList(ties: NumberedTies, people: PersonRow[], options: OfflineOptions): SiloReport {
  const source: DepartmentSource = people.length
    ? { source: 'file', label: options.departmentsFile ?? 'a people file' }
    : { source: 'none', label: 'none' };
  return report(rawOrgFromTieList(ties, people, channelRules(options)), options.now.toISOString(), options, source);
}

export interface DemoResult {
  demo: DemoOrg;
  report: SiloReport;
  exportDir: string;
  files: string[];
}

/** Generates the demo organisation, writes it as a Slack export in `outDir`, analyses it and writes the reports next to it. */
export async function runDemo(
  outDir: string,
  people: number,
  options: OfflineOptions,
  onProgress?: ProgressFn,
): Promise<DemoResult> {
  const endDay = isoDayBefore(options.now, 1);
  const { generateDemoOrg } = require('../import/demoOrg') as typeof import('../import/demoOrg');
  const { writeSlackExport } = require('../import/slackExportWriter') as typeof import('../import/slackExportWriter');
  const demo = generateDemoOrg({ people, endDay });
  const exportDir = join(outDir, 'slack-export');
  await writeSlackExport(demo, exportDir);
  const { report: result } = await reportFromExport(exportDir, undefined, options, onProgress);
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  for (const [format, name] of [
    ['text', 'report.txt'],
    ['json', 'report.json'],
    ['csv', 'report.csv'],
    ['html', 'report.html'],
  ] as const) {
    await writeFile(join(outDir, name), renderReport(result, format));
    files.push(join(outDir, name));
  }
  const { heatMapPng } = require('../report/png') as typeof import('../report/png'); // resvg, a native module: loaded only here
  await writeFile(join(outDir, 'heatmap.png'), heatMapPng(result, 'Weaver demo'));
  files.push(join(outDir, 'heatmap.png'));
  return { demo, report: result, exportDir, files };
}

export function describeBadRows(file: string, bad: BadRow[], max = 20, total = bad.length): string[] {
  const lines = bad.slice(0, max).map((b) => `${file} line ${b.line}: ${b.reason} (skipped)`);
  const shown = Math.min(max, bad.length);
  if (total > shown) lines.push(`${file}: ${total - shown} more bad rows skipped`);
  return lines;
}

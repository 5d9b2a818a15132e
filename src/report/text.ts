/** The terminal summary of a SiloReport: headline numbers, silos, captured channels, missing bridges, communities, trend. */
import { SILO_THRESHOLD } from '../domain/silos/insularity';
import { describeDepartmentData } from '../domain/silos/departmentData';
import { describeMembershipCoverage } from '../domain/silos/membershipCoverage';
import type { SiloReport } from '../domain/silos/types';
import { channelKindsLine, glossary, noFindingsLine } from './glossary';
import { stripControls } from './safeText';
import { count, expectedCount, isoDay, percent, signed, signedPercent } from '../domain/format';
import { describeChange } from '../domain/silos/changeSentence';

const num = (x: number, digits = 2) => x.toFixed(digits);
/** A department metric, or "withheld" when the department data could not support it. */
const orWithheld = (x: number | null, show: (x: number) => string) => (x === null ? 'withheld' : show(x));

/** A terminal report stays readable in a 100-column window: longer lines wrap at a space (see wrapLine). */
export const TEXT_WIDTH = 100;

export function renderText(report: SiloReport): string {
  const { org } = report;
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title, '-'.repeat(title.length));
  lines.push(
    `Silo report — ${isoDay(report.generatedAt)}${report.window.since ? ` (ties since ${report.window.since})` : ''}`,
  );
  const departments = count(report.departments.length, 'department');
  const people = count(org.members, 'person', 'people');
  lines.push(`${people}, ${count(org.ties, 'tie')} (pairs who interacted), ${departments} listed`);
  lines.push(describeDepartmentData(report.data.departments));
  const memberships = describeMembershipCoverage(report.data.memberships, report.generatedAt);
  if (memberships) lines.push(memberships);
  const labelled =
    org.modularity !== null && org.labelledTies < org.ties
      ? ` (over the ${org.labelledTies} ties between people with a department)`
      : '';
  lines.push(
    `Modularity of departments: ${orWithheld(org.modularity, (x) => num(x, 3))}${labelled}   (Louvain finds ${org.louvain.count} communities, Q = ${num(org.louvain.modularity, 3)})`,
  );
  lines.push(
    `E-I index: ${orWithheld(org.eiIndex, signed)}   cross-department ties: ${orWithheld(org.crossShare, percent)}   silo departments: ${orWithheld(org.siloDepartments, String)}`,
  );
  lines.push(channelKindsLine(report));
  lines.push(windowLine(report));
  findingsSection(report, section, lines);
  historySection(report, section, lines);

  if (report.data.departments.usable) {
    departmentSections(report, section, lines);
    bridgeSections(report, section, lines);
  }
  communitySection(report, section, lines);

  const purpose = report.channels.filter((c) => c.kind === 'purpose');
  if (purpose.length) {
    section('Purpose channels');
    for (const c of purpose.slice(0, 20)) {
      const diversity = c.blauNormalised === null ? '' : `, diversity ${num(c.blauNormalised)}`;
      lines.push(
        // without usable departments, a channel's departments are not known: no "from 0 departments"
        `#${c.name}: ${count(c.members, 'member')}${c.blau === null ? '' : ` from ${count(c.departments, 'department')}`}${diversity}, ` +
          `${c.activity30d} interactions in 30 days (${signedPercent(c.trend)}), ${c.stage} — ${c.kindReason}`,
      );
    }
    if (purpose.length > 20) lines.push(`… and ${purpose.length - 20} more`);
  }

  if (report.trend) {
    section(`Since ${isoDay(report.trend.previousAt)}`);
    for (const d of report.trend.deltas) {
      if (d.previous === null || d.current === null || d.change === null) {
        lines.push(`${d.metric}: withheld in one of the two reports`);
        continue;
      }
      const digits = Number.isInteger(d.current) && Number.isInteger(d.previous) ? 0 : 3;
      lines.push(`${d.metric}: ${num(d.previous, digits)} → ${num(d.current, digits)} (${signed(d.change, digits)})`);
    }
  }
  legendSection(report, section, lines);
  // names come from people: no control characters reach the terminal
  return `${lines.flatMap((line) => wrapLine(stripControls(line), TEXT_WIDTH)).join('\n')}\n`;
}

function departmentSections(report: SiloReport, section: Section, lines: string[]): void {
  section(`Silo departments (insularity > ${SILO_THRESHOLD})`);
  const silos = report.departments.filter((d) => d.silo);
  if (!silos.length) lines.push('None.');
  for (const d of silos) {
    const figures = `insularity ${num(d.insularity)}, E-I ${signed(d.eiIndex)}`;
    lines.push(
      `${d.name}: ${count(d.size, 'person', 'people')}, ${figures}, ${percent(d.reach)} with a cross-team tie, ` +
        `${percent(d.purposeReach)} in a purpose channel`,
    );
  }

  section('Departments');
  // The name column gives way so a row (46 columns of figures and "  SILO") fits TEXT_WIDTH.
  const width = Math.min(TEXT_WIDTH - 54, Math.max(10, ...report.departments.map((d) => d.name.length)));
  lines.push(`${'name'.padEnd(width)}  size  E-I    insul.  reach  breadth  purpose`);
  for (const d of report.departments) {
    lines.push(
      `${clip(d.name, width).padEnd(width)}  ${String(d.size).padStart(4)}  ${signed(d.eiIndex).padStart(5)}  ` +
        `${num(d.insularity).padStart(6)}  ${percent(d.reach).padStart(5)}  ${String(d.breadth).padStart(7)}  ` +
        `${percent(d.purposeReach).padStart(7)}${d.silo ? '  SILO' : ''}`,
    );
  }
}

function bridgeSections(report: SiloReport, section: Section, lines: string[]): void {
  section('Captured purpose channels');
  const captured = report.channels.filter((c) => c.captured);
  if (!captured.length) lines.push('None.');
  for (const c of captured) {
    lines.push(
      `#${c.name}: ${percent(c.dominantShare ?? 0)} of ${count(c.members, 'member')} are in ${c.dominantDepartment}`,
    );
  }

  section('Missing bridges');
  if (!report.missingBridges.length) lines.push('None.');
  for (const b of report.missingBridges.slice(0, 15)) {
    const expected = `${expectedCount(b.expectedTies)} expected under random mixing (${b.reason})`;
    const shared = count(b.sharedPurposeChannels, 'shared purpose channel');
    lines.push(`${b.a} ↔ ${b.b}: ${count(b.ties, 'tie')}, ${expected}; ${shared}`);
  }
  if (report.missingBridges.length > 15)
    lines.push(`… and ${report.missingBridges.length - 15} more (see --format csv or html)`);
}

function communitySection(report: SiloReport, section: Section, lines: string[]): void {
  section('Emerging communities (no channel of their own yet)');
  if (!report.communities.length) lines.push('None.');
  const purposeChannels = report.data.channels.purpose > 0;
  for (const c of report.communities) {
    const from = c.departments.length ? ` from ${c.departments.map((d) => `${d.name} (${d.members})`).join(', ')}` : '';
    const where = c.topChannels.length
      ? `ties mostly in ${c.topChannels.map((t) => `#${t.name} (${count(t.ties, 'tie')}, ${t.members} of them)`).join(', ')}`
      : 'no shared channel';
    const outside = purposeChannels ? `, ${percent(c.uncoveredShare)} outside any shared purpose channel` : '';
    lines.push(
      `${count(c.size, 'person', 'people')}${from}: ${count(c.internalTies, 'tie')}${outside}; ${where} — ` +
        `suggest #${c.suggestedChannel}`,
    );
    if (c.people) lines.push(`  people: ${c.people.join(', ')}`);
  }
}

/** Shortens a name to `width` characters, marking the cut with "…". */
function clip(name: string, width: number): string {
  const chars = [...name];
  return chars.length <= width ? name : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * Splits a line longer than `width` characters at spaces; continuation lines are indented two more
 * than the line's own indent. A word longer than the room left (a long channel name) is cut.
 */
export function wrapLine(line: string, width: number): string[] {
  const length = (s: string) => [...s].length;
  if (length(line) <= width) return [line];
  const lead = /^ */.exec(line)?.[0] ?? '';
  const indent = `${lead}  `;
  const out: string[] = [];
  let current = lead;
  for (const word of line.trim().split(/ +/)) {
    const empty = current.trim() === '';
    const joined = empty ? `${current}${word}` : `${current} ${word}`;
    if (empty || length(joined) <= width) current = joined;
    else {
      out.push(current);
      current = `${indent}${word}`;
    }
    while (length(current) > width) {
      const chars = [...current];
      out.push(chars.slice(0, width).join(''));
      current = `${indent}${chars.slice(width).join('')}`;
    }
  }
  out.push(current);
  return out;
}

type Section = (title: string) => void;

/** Both ends of the window the ties were counted in. */
function windowLine(report: SiloReport): string {
  return `Window: ${report.window.since ? isoDay(report.window.since) : 'all history'} to ${isoDay(report.window.until)}`;
}

/** The findings first: what to know and what to do, with the change since a month before. */
function findingsSection(report: SiloReport, section: Section, lines: string[]): void {
  section('Findings');
  if (!report.findings.length) lines.push(noFindingsLine(report));
  report.findings.forEach((f, i) => {
    lines.push(`${i + 1}. ${f.text}`);
    lines.push(`   → ${f.action}`);
    const change = describeChange(f.change);
    if (change) lines.push(`   ${change}`);
  });
}

/** The headline numbers per week (or month) as a small table, oldest first. */
function historySection(report: SiloReport, section: Section, lines: string[]): void {
  const points = report.history?.points ?? [];
  if (points.length < 2) return;
  section(`Change over time (per ${report.history?.unit})`);
  lines.push(
    `${'until'.padEnd(10)}  ${'ties'.padStart(6)}  ${'E-I'.padStart(6)}  ${'modularity'.padStart(10)}  ${'cross'.padStart(5)}  ${'intros accepted'.padStart(15)}`,
  );
  for (const p of points) {
    const ties = (p.ties === null ? '–' : String(p.ties)).padStart(6);
    const intros = (p.introsAccepted === null ? '–' : String(p.introsAccepted)).padStart(15);
    if (p.withheld) {
      lines.push(`${p.day}  ${ties}  ${p.withheld.padEnd(25)}  ${intros}`);
      continue;
    }
    const show = (x: number | null, f: (x: number) => string) => (x === null ? '–' : f(x));
    lines.push(
      `${p.day}  ${ties}  ${show(p.eiIndex, signed).padStart(6)}  ${show(p.modularity, (x) => num(x, 3)).padStart(10)}  ${show(p.crossShare, percent).padStart(5)}  ${intros}`,
    );
  }
}

/** How to read this: one plain line per metric. */
function legendSection(report: SiloReport, section: Section, lines: string[]): void {
  section('How to read this');
  for (const g of glossary(report.minGroupSize)) lines.push(`${g.term}: ${g.meaning}`);
}

/** The terminal summary of a SiloReport: headline numbers, silos, captured channels, missing bridges, communities, trend. */
import { SILO_THRESHOLD } from '../domain/silos/insularity';
import type { SiloReport } from '../domain/silos/types';
import { stripControls } from './safeText';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (x: number, digits = 2) => x.toFixed(digits);
const signed = (x: number, digits = 2) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

export function renderText(report: SiloReport): string {
  const { org } = report;
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title, '-'.repeat(title.length));
  lines.push(`Silo report — ${report.generatedAt.slice(0, 10)}${report.window.since ? ` (ties since ${report.window.since})` : ''}`);
  lines.push(`${org.members} people, ${org.ties} ties (pairs who interacted), ${report.departments.length} departments listed`);
  lines.push(`Modularity of departments: ${num(org.modularity, 3)}   (Louvain finds ${org.louvain.count} communities, Q = ${num(org.louvain.modularity, 3)})`);
  lines.push(`E-I index: ${signed(org.eiIndex)}   cross-department ties: ${pct(org.crossShare)}   silo departments: ${org.siloDepartments}`);

  section(`Silo departments (insularity > ${SILO_THRESHOLD})`);
  const silos = report.departments.filter((d) => d.silo);
  if (!silos.length) lines.push('None.');
  for (const d of silos) {
    lines.push(`${d.name}: ${d.size} people, insularity ${num(d.insularity)}, E-I ${signed(d.eiIndex)}, ${pct(d.reach)} have a cross-team tie, ${pct(d.purposeReach)} in a shared purpose channel`);
  }

  section('Departments');
  const width = Math.max(10, ...report.departments.map((d) => d.name.length));
  lines.push(`${'name'.padEnd(width)}  size  E-I    insul.  reach  breadth  purpose`);
  for (const d of report.departments) {
    lines.push(
      `${d.name.padEnd(width)}  ${String(d.size).padStart(4)}  ${signed(d.eiIndex).padStart(5)}  ${num(d.insularity).padStart(6)}  ${pct(d.reach).padStart(5)}  ${String(d.breadth).padStart(7)}  ${pct(d.purposeReach).padStart(7)}${d.silo ? '  SILO' : ''}`,
    );
  }

  section('Captured purpose channels');
  const captured = report.channels.filter((c) => c.captured);
  if (!captured.length) lines.push('None.');
  for (const c of captured) lines.push(`#${c.name}: ${pct(c.dominantShare)} of ${c.members} members are in ${c.dominantDepartment}`);

  section('Missing bridges');
  if (!report.missingBridges.length) lines.push('None.');
  for (const b of report.missingBridges.slice(0, 15)) {
    lines.push(`${b.a} ↔ ${b.b}: ${b.ties} ties, ${num(b.expectedTies, 1)} expected under random mixing (${b.reason}); ${b.sharedPurposeChannels} shared purpose channels`);
  }
  if (report.missingBridges.length > 15) lines.push(`… and ${report.missingBridges.length - 15} more (see --format csv or html)`);

  section('Emerging communities (no channel of their own yet)');
  if (!report.communities.length) lines.push('None.');
  for (const c of report.communities) {
    lines.push(
      `${c.size} people from ${c.departments.map((d) => `${d.name} (${d.members})`).join(', ')}: ${c.internalTies} ties, ${pct(c.uncoveredShare)} outside any shared purpose channel — suggest #${c.suggestedChannel}`,
    );
    if (c.people) lines.push(`  people: ${c.people.join(', ')}`);
  }

  const purpose = report.channels.filter((c) => c.kind === 'purpose');
  if (purpose.length) {
    section('Purpose channels');
    for (const c of purpose.slice(0, 20)) {
      lines.push(
        `#${c.name}: ${c.members} members from ${c.departments} departments, diversity ${num(c.blauNormalised)}, ${c.activity30d} interactions in 30 days (${signed(c.trend * 100, 0)}%), ${c.stage}`,
      );
    }
    if (purpose.length > 20) lines.push(`… and ${purpose.length - 20} more`);
  }

  if (report.trend) {
    section(`Since ${report.trend.previousAt.slice(0, 10)}`);
    for (const d of report.trend.deltas) {
      const digits = Number.isInteger(d.current) && Number.isInteger(d.previous) ? 0 : 3;
      lines.push(`${d.metric}: ${num(d.previous, digits)} → ${num(d.current, digits)} (${signed(d.change, digits)})`);
    }
  }
  // names come from people: no control characters reach the terminal
  return `${lines.map(stripControls).join('\n')}\n`;
}

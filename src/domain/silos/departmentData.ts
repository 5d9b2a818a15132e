/**
 * Judging the department data before any department metric uses it (docs/reading-reports.md,
 * "Incomplete department data"), and the labelled subgraph the department metrics are computed on:
 * the people who have a department and the ties whose two people both have one. People without a
 * department are counted, never grouped into a department of their own.
 */
import type { ChannelData, OrgData, TieList } from './orgData';
import type { DepartmentData } from './types';

/** Departments whose distinct values reach this share of the people who have one look like free text. */
export const FREE_TEXT_SHARE = 0.8;
/** At least this share of the active people must have a department. */
export const MIN_KNOWN_SHARE = 0.5;

export interface DepartmentSource {
  source: DepartmentData['source'];
  /** a few words naming it ("people.csv", "department channels team-*,dept-*") */
  label: string;
}

const WHAT_TO_DO =
  'give Weaver departments: `--departments people.csv` (id,department) or `--department-channels team-*` ' +
  'on the command line, or the department source in Settings';

/**
 * Whether the departments can carry department metrics. `active[i]` is 1 for people with at least
 * one tie in the window; `size` is each department's people (all of them, with or without ties).
 */
export function judgeDepartments(
  data: Pick<OrgData, 'departments' | 'departmentOf' | 'unknownDepartment'>,
  active: Uint8Array,
  minGroupSize: number,
  source: DepartmentSource,
): DepartmentData {
  const K = data.departments.length;
  const activeIn = new Int32Array(K);
  const size = new Int32Array(K);
  let people = 0;
  for (let i = 0; i < data.departmentOf.length; i++) {
    size[data.departmentOf[i]]++;
    if (!active[i]) continue;
    people++;
    activeIn[data.departmentOf[i]]++;
  }
  const unknown = data.unknownDepartment;
  const missing = unknown >= 0 ? activeIn[unknown] : 0;
  const known = people - missing;
  let distinct = 0;
  let large = 0;
  for (let d = 0; d < K; d++) {
    if (d === unknown) continue;
    if (activeIn[d] > 0) distinct++;
    if (size[d] >= minGroupSize) large++;
  }
  const judged = { source: source.source, sourceLabel: source.label, people, known, missing, distinct };
  const unusable = (why: string): DepartmentData => ({ ...judged, usable: false, reason: `${why}; ${WHAT_TO_DO}.` });
  if (people === 0) return { ...judged, usable: false, reason: 'No ties in the window, so no department metrics.' };
  if (source.source === 'none' || known === 0) return unusable('No department data');
  if (known >= 5 && distinct >= FREE_TEXT_SHARE * known)
    return unusable(
      `Departments look like free text (${distinct} different values for ${known} people), not a list of departments`,
    );
  if (known < MIN_KNOWN_SHARE * people)
    return unusable(`Departments are known for only ${known} of ${people} active people (fewer than half)`);
  if (large < 2)
    return unusable(
      large === 1
        ? `Only one department has ${minGroupSize} or more people`
        : `No department has ${minGroupSize} or more people`,
    );
  return { ...judged, usable: true, reason: null };
}

/**
 * judgeDepartments from counts per department (null: people without one) of people and of active
 * people, as SQL returns them: the live channel kinds judge the department data the way the
 * report will, without loading every person.
 */
export function judgeDepartmentCounts(
  counts: readonly { department: string | null; people: number; active: number }[],
  minGroupSize: number,
  source: DepartmentSource,
): DepartmentData {
  const departments: string[] = [];
  let unknownDepartment = -1;
  const total = counts.reduce((s, c) => s + c.people, 0);
  const departmentOf = new Int32Array(total);
  const active = new Uint8Array(total);
  let i = 0;
  for (const c of counts) {
    let d: number;
    if (c.department === null) {
      if (unknownDepartment < 0) {
        unknownDepartment = departments.length;
        departments.push('');
      }
      d = unknownDepartment;
    } else {
      d = departments.length;
      departments.push(c.department);
    }
    for (let k = 0; k < c.people; k++, i++) {
      departmentOf[i] = d;
      active[i] = k < c.active ? 1 : 0;
    }
  }
  return judgeDepartments({ departments, departmentOf, unknownDepartment }, active, minGroupSize, source);
}

/** The people with a department, renumbered 0..n'-1, their departments renumbered without "no department". */
export interface LabelledSubgraph {
  data: OrgData;
  /** index in the subgraph of each original person, -1 for people without a department */
  indexOf: Int32Array;
}

export function labelledSubgraph(data: OrgData): LabelledSubgraph {
  const unknown = data.unknownDepartment;
  const n = data.people.length;
  const indexOf = new Int32Array(n).fill(-1);
  if (unknown < 0) {
    for (let i = 0; i < n; i++) indexOf[i] = i;
    return { data, indexOf };
  }
  const departmentNumber = (d: number) => (d < unknown ? d : d - 1);
  const people: string[] = [];
  const departmentOf: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = data.departmentOf[i];
    if (d === unknown) continue;
    indexOf[i] = people.length;
    people.push(data.people[i]);
    departmentOf.push(departmentNumber(d));
  }
  const { ties } = data;
  let count = 0;
  for (let t = 0; t < ties.count; t++) if (indexOf[ties.a[t]] >= 0 && indexOf[ties.b[t]] >= 0) count++;
  const sub: TieList = {
    count,
    a: new Int32Array(count),
    b: new Int32Array(count),
    weight: new Float64Array(count),
  };
  let k = 0;
  for (let t = 0; t < ties.count; t++) {
    const a = indexOf[ties.a[t]];
    const b = indexOf[ties.b[t]];
    if (a < 0 || b < 0) continue;
    sub.a[k] = a;
    sub.b[k] = b;
    sub.weight[k++] = ties.weight[t];
  }
  const channels: ChannelData[] = data.channels.map((c) => {
    const keep: number[] = [];
    for (let j = 0; j < c.members.length; j++) if (indexOf[c.members[j]] >= 0) keep.push(j);
    return {
      ...c,
      creator: c.creator >= 0 ? indexOf[c.creator] : -1,
      members: Int32Array.from(keep, (j) => indexOf[c.members[j]]),
      memberActivity30d: Float64Array.from(keep, (j) => c.memberActivity30d[j]),
    };
  });
  return {
    data: {
      people,
      departments: data.departments.filter((_, d) => d !== unknown),
      departmentOf: Int32Array.from(departmentOf),
      unknownDepartment: -1,
      ties: sub,
      channels,
    },
    indexOf,
  };
}

/**
 * The one line every output (text, HTML, App Home) shows about the department data: where it came
 * from, how complete it is, and, when it is not usable, why and what to do.
 */
export function describeDepartmentData(d: DepartmentData): string {
  const from = d.source === 'none' ? 'no department source' : `from ${d.sourceLabel}`;
  const coverage = `Departments known for ${d.known} of ${d.people} active people (${from})`;
  if (d.usable)
    return `${coverage}${d.missing ? `; the ${d.missing} without one are left out of the department metrics` : ''}.`;
  return `${coverage}: department metrics withheld. ${d.reason}`;
}

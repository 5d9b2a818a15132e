import { SMALL_TEAMS } from './types';

/** The privacy threshold a workspace, `weaver analyze` and `weaver demo` start with: no group of fewer people is shown. */
export const DEFAULT_MIN_GROUP_SIZE = 5;

/**
 * The listing partition: departments with fewer than `minGroupSize` people are merged into one
 * "Small teams" group, so no listing ever shows a group smaller than the privacy threshold on its
 * own. Organisation-level numbers keep using the true departments. When even the merged group is
 * smaller than the threshold, `hidden` is set for it and listings leave it out.
 */
export interface ListingGroups {
  names: string[];
  /** listing group of each department */
  groupOfDepartment: Int32Array;
  /** listing group of each person */
  groupOf: Int32Array;
  size: number[];
  hidden: boolean[];
}

export function mergeSmallGroups(departments: string[], departmentOf: Int32Array, minGroupSize: number): ListingGroups {
  const deptSize = new Array<number>(departments.length).fill(0);
  for (let i = 0; i < departmentOf.length; i++) deptSize[departmentOf[i]]++;
  const names: string[] = [];
  const groupOfDepartment = new Int32Array(departments.length);
  let small = -1;
  departments.forEach((name, d) => {
    if (deptSize[d] >= minGroupSize && name !== SMALL_TEAMS) {
      groupOfDepartment[d] = names.length;
      names.push(name);
    } else {
      if (small < 0) small = -2; // placeholder, numbered after the real departments
      groupOfDepartment[d] = -1;
    }
  });
  if (small === -2) {
    small = names.length;
    names.push(SMALL_TEAMS);
    for (let d = 0; d < departments.length; d++) if (groupOfDepartment[d] === -1) groupOfDepartment[d] = small;
  }
  const groupOf = new Int32Array(departmentOf.length);
  for (let i = 0; i < groupOf.length; i++) groupOf[i] = groupOfDepartment[departmentOf[i]];
  const size = new Array<number>(names.length).fill(0);
  for (let i = 0; i < groupOf.length; i++) size[groupOf[i]]++;
  return { names, groupOfDepartment, groupOf, size, hidden: size.map((s) => s < minGroupSize) };
}

/**
 * The one reader of a stored SiloReport (report_snapshots.report): version 2 is returned as it is;
 * version 1 (stored before findings and history existed) is upgraded by computing its findings
 * from its own listings, which is exact because findings read nothing else. Anything else (a
 * report from before the SiloReport contract) is null: the caller recomputes. Pure.
 */
import { findingsOf, type FindingRules } from './findings';
import { REPORT_VERSION, type SiloReport } from './types';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function readStoredReport(stored: unknown, rules: FindingRules): SiloReport | null {
  if (!isObject(stored)) return null;
  if (stored.version === REPORT_VERSION) return stored as unknown as SiloReport;
  if (stored.version !== undefined) return null;
  const v1 = stored as Partial<SiloReport>;
  const shaped =
    isObject(v1.org) &&
    typeof v1.generatedAt === 'string' &&
    typeof v1.minGroupSize === 'number' &&
    [v1.departments, v1.channels, v1.pairs, v1.missingBridges, v1.communities].every(Array.isArray);
  if (!shaped) return null;
  const upgraded: SiloReport = { ...(v1 as SiloReport), version: REPORT_VERSION, findings: [], history: null };
  upgraded.findings = findingsOf(upgraded, rules);
  return upgraded;
}

/**
 * The one reader of a stored SiloReport (report_snapshots.report): version 3 is returned as it is;
 * version 2 is upgraded by adding what version 3 added, as an earlier report knew it (departments
 * taken as complete, as that report took them; no ties on findings and trend points, no top
 * channels); version 1 (stored before findings and history existed) is upgraded the same way and its
 * findings computed from its own listings, which is exact because findings read nothing else.
 * Anything else (a report from before the SiloReport contract) is null: the caller recomputes. Pure.
 */
import { findingsOf, type FindingRules } from './findings';
import { REPORT_VERSION, type ChannelKindCounts, type SiloReport } from './types';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Version 2 → 3: the fields version 3 added, filled as the earlier report knew them. */
function fromVersion2(v2: SiloReport): SiloReport {
  const channels: ChannelKindCounts = { purpose: 0, department: 0, broadcast: 0, other: 0, inferred: 0 };
  for (const c of v2.channels) if (c.kind in channels) channels[c.kind]++;
  const members = v2.org.members;
  return {
    ...v2,
    version: REPORT_VERSION,
    data: {
      departments: {
        source: 'file',
        sourceLabel: 'an earlier report',
        people: members,
        known: members,
        missing: 0,
        distinct: v2.departments.length,
        usable: true,
        reason: null,
      },
      channels,
    },
    org: { ...v2.org, labelledTies: v2.org.labelledTies ?? v2.org.ties },
    channels: v2.channels.map((c) => ({ ...c, kindReason: c.kindReason ?? 'an earlier report' })),
    communities: v2.communities.map((c) => ({ ...c, topChannels: c.topChannels ?? [] })),
    findings: (v2.findings ?? []).map((f) => ({ ...f, ties: f.ties ?? null })),
    history: v2.history
      ? {
          ...v2.history,
          points: v2.history.points.map((p) => ({ ...p, ties: p.ties ?? null, withheld: p.withheld ?? null })),
        }
      : null,
  };
}

export function readStoredReport(stored: unknown, rules: FindingRules): SiloReport | null {
  if (!isObject(stored)) return null;
  if (stored.version === REPORT_VERSION) return stored as unknown as SiloReport;
  const old = stored as Partial<SiloReport>;
  const shaped =
    isObject(old.org) &&
    typeof old.generatedAt === 'string' &&
    typeof old.minGroupSize === 'number' &&
    [old.departments, old.channels, old.pairs, old.missingBridges, old.communities].every(Array.isArray);
  if (!shaped) return null;
  if (stored.version === 2) return fromVersion2(old as SiloReport);
  if (stored.version !== undefined) return null;
  const upgraded = fromVersion2({ ...(old as SiloReport), findings: [], history: null });
  upgraded.findings = findingsOf(upgraded, rules);
  return upgraded;
}

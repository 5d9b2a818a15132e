/**
 * The report as one long CSV (docs/silo-metrics.md, "CSV layout"): columns `table,name,other,metric,value`.
 * table is data | org | finding | department | channel | pair | missing_bridge | community | trend | history; `other` is the
 * second department of a pair, empty otherwise. Long format loads straight into a pivot table.
 * Cells are made safe for spreadsheets (./safeText.ts): no formulas, no control characters.
 */
import { stringify } from 'csv-stringify/sync';
import type { SiloReport } from '../domain/silos/types';
import { safeCsvCell } from './safeText';

type Row = [string, string, string, string, string | number | boolean | null];

export function renderCsv(report: SiloReport): string {
  const rows: Row[] = [];
  const push = (table: string, name: string, other: string, obj: Record<string, unknown>) => {
    for (const [metric, value] of Object.entries(obj)) {
      if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value as Record<string, unknown>))
          rows.push([table, name, other, `${metric}.${k}`, v as Row[4]]);
      } else rows.push([table, name, other, metric, value as Row[4]]);
    }
  };
  push('data', 'departments', '', { ...report.data.departments });
  push('data', 'channels', '', { ...report.data.channels });
  push('org', '', '', { ...report.org });
  report.findings.forEach((f, i) => {
    const { evidence, change, ...rest } = f;
    push('finding', String(i + 1), f.kind, {
      ...rest,
      ...Object.fromEntries(Object.entries(evidence).map(([k, v]) => [`evidence.${k}`, v])),
    });
    if (change) push('finding', String(i + 1), f.kind, { change });
  });
  for (const { name, ...d } of report.departments) push('department', name, '', d);
  for (const { name, ...c } of report.channels) push('channel', name, '', c);
  for (const { a, b, ...p } of report.pairs) push('pair', a, b, p);
  for (const { a, b, ...p } of report.missingBridges) push('missing_bridge', a, b, p);
  for (const c of report.communities) {
    push('community', String(c.id), '', {
      size: c.size,
      internalTies: c.internalTies,
      uncoveredShare: c.uncoveredShare,
      topChannels: c.topChannels.map((t) => `#${t.name} (${t.ties} ties)`).join(', '),
      suggestedChannel: c.suggestedChannel,
    });
    for (const d of c.departments) rows.push(['community', String(c.id), d.name, 'members', d.members]);
  }
  for (const d of report.trend?.deltas ?? [])
    push('trend', d.metric, '', { previous: d.previous, current: d.current, change: d.change });
  for (const p of report.history?.points ?? []) {
    push('history', p.day, report.history?.unit ?? '', {
      ties: p.ties,
      withheld: p.withheld,
      eiIndex: p.eiIndex,
      modularity: p.modularity,
      crossShare: p.crossShare,
      introsAccepted: p.introsAccepted,
    });
  }
  const safe = rows.map((r) => r.map(safeCsvCell));
  const columns = ['table', 'name', 'other', 'metric', 'value'];
  return stringify(safe, { header: true, columns, cast: { boolean: (v) => String(v) } });
}

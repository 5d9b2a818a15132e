/**
 * The one sentence that says how a finding's number moved since the report about a month before,
 * shown under the finding in every report format and in the lead's Home tab.
 */
import { percentProse } from '../format';
import type { FindingChange } from './types';

const METRIC_NAMES: Record<string, string> = {
  eiIndex: 'E-I',
  ratio: 'ties vs expected',
  dominantShare: 'share of the largest department',
  modularity: 'modularity',
};

/** A share as a percentage; any other metric with two decimals and a true minus sign. */
const show = (metric: string, x: number) =>
  metric === 'dominantShare' ? percentProse(x) : x.toFixed(2).replace('-', '−');

/** "Better than on 2026-05-01 (E-I −0.88 → −0.70)." — or '' when there is nothing to compare with. */
export function describeChange(change: FindingChange | null): string {
  if (!change) return '';
  const what = `${METRIC_NAMES[change.metric] ?? change.metric} ${show(change.metric, change.previous)} → ${show(change.metric, change.current)}`;
  const word =
    change.direction === 'better' ? 'Better than' : change.direction === 'worse' ? 'Worse than' : 'About the same as';
  return `${word} on ${change.since} (${what}).`;
}

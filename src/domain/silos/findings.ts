/**
 * Findings: the few things a lead should know first, in plain words, each with one action Weaver
 * can help with. Pure: a SiloReport (and the report from about a month before) in, findings out.
 *
 * Each rule is a named function below; its thresholds come from settings.findings (defaults in
 * FINDING_DEFAULTS below, meaning in docs/reading-reports.md). Every name a finding shows comes
 * from the report's privacy-merged listings and is checked against the privacy threshold again,
 * so a finding never names a group smaller than it.
 */
import type { EmergingCommunity, Finding, FindingChange, FindingKind, FindingSeverity, SiloReport } from './types';
import { SMALL_TEAMS } from './types';
import { expectedCount, isoDay, percentProse, signedProse } from '../format';

/** Thresholds of the rules (settings.findings; meaning in docs/reading-reports.md). */
export interface FindingRules {
  max: number;
  closedDepartmentEi: number;
  dividedModularity: number;
  bridgeMinExpected: number;
  communityMinDepartments: number;
  communityMinUncovered: number;
  unchangedWithin: number;
  minTies: number;
}

/** The thresholds a new workspace starts with (settings.findings' defaults; the CLI's without settings). */
export const FINDING_DEFAULTS: Readonly<FindingRules> = Object.freeze({
  /** findings shown at most, most important first */
  max: 5,
  /** a department with an E-I index at or below this is "closed" (−1: every tie stays inside) */
  closedDepartmentEi: -0.3,
  /** department modularity at or above this means the organisation is strongly divided */
  dividedModularity: 0.3,
  /** a missing bridge is worth a finding when at least this many ties were expected by chance */
  bridgeMinExpected: 3,
  /** an emerging community is worth a finding when it spans at least this many departments */
  communityMinDepartments: 3,
  /** …and at least this share of its ties is outside any shared purpose channel */
  communityMinUncovered: 0.5,
  /** a change smaller than this (in the metric's own unit) counts as unchanged */
  unchangedWithin: 0.02,
  /**
   * no finding rests on fewer ties than this, no change is stated unless both reports have as many,
   * and a trend point with fewer shows "too few ties"
   */
  minTies: 30,
});

/** A rule's finding before ordering: `score` orders findings of the same severity (higher first). */
interface Candidate extends Omit<Finding, 'change'> {
  score: number;
  /**
   * how to find this finding's main number in another report, and the ties it rests on there (a
   * change is stated only when both have rules.minTies); null when it cannot be matched
   */
  measure: {
    metric: string;
    higherIsBetter: boolean;
    of: (r: SiloReport) => number | null;
    sample: (r: SiloReport) => number | null;
  } | null;
}

const SEVERITY_RANK: Record<FindingSeverity, number> = { high: 0, medium: 1, low: 2 };
/** Within a severity: a department's own closure first, then bridges, channels, communities, the whole. */
const KIND_RANK: Record<FindingKind, number> = {
  closed_department: 0,
  missing_bridge: 1,
  captured_channel: 2,
  uncovered_community: 3,
  divided_organisation: 4,
};

/** At most this many findings of one kind, so the few shown cover different problems. */
export const MAX_PER_KIND = 2;

const tiesText = (n: number) => `${n} ${n === 1 ? 'tie' : 'ties'}`;
const ordinal = (n: number) => (n === 1 ? '' : n === 2 ? '2nd ' : n === 3 ? '3rd ' : `${n}th `);
const and = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
const roundTo = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Words our sentences use that are also department names ("Invite people from engineering and people"). */
const ALSO_WORDS = new Set([
  'people',
  'other',
  'others',
  'all',
  'everyone',
  'team',
  'teams',
  'small teams',
  'departments',
]);

/**
 * A department name as written, quoted where it could read as an ordinary word: a name in lower
 * case ("finance", from a #team-finance channel) or one of the words our sentences use.
 */
export const named = (name: string): string =>
  /^[a-z]/.test(name) || ALSO_WORDS.has(name.toLowerCase()) ? `“${name}”` : name;

/** Names a finding may show: listed departments at or above the privacy threshold, never "Small teams". */
function nameable(report: SiloReport): (name: string) => boolean {
  const sizes = new Map(report.departments.map((d) => [d.name, d.size]));
  return (name) => name !== SMALL_TEAMS && (sizes.get(name) ?? 0) >= report.minGroupSize;
}

const pairOf = (r: SiloReport, a: string, b: string) =>
  r.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));

/**
 * Rule `closed_department`: a department whose E-I index is at or below rules.closedDepartmentEi.
 * High when it is also a silo by insularity. Action: introduce it to the departments it has the
 * largest shortfall of ties with.
 */
export function closedDepartments(report: SiloReport, rules: FindingRules): Candidate[] {
  const canName = nameable(report);
  const ranked = [...report.departments]
    .filter((d) => d.internalTies + d.externalTies > 0)
    .sort((x, y) => x.eiIndex - y.eiIndex);
  const departmentTies = (r: SiloReport, name: string) => {
    const row = r.departments.find((x) => x.name === name);
    return row ? row.internalTies + row.externalTies : null;
  };
  const closedNames = new Set(
    report.departments.filter((d) => d.silo || d.eiIndex <= rules.closedDepartmentEi).map((d) => d.name),
  );
  return ranked
    .filter(
      (d) =>
        canName(d.name) && d.eiIndex <= rules.closedDepartmentEi && d.internalTies + d.externalTies >= rules.minTies,
    )
    .map((d) => {
      const rank = ranked.indexOf(d) + 1;
      const inside = d.internalTies / (d.internalTies + d.externalTies);
      // the remedy for a closed department is a department that talks outside, never another closed one
      const partners = report.pairs
        .filter((p) => (p.a === d.name || p.b === d.name) && p.expectedTies > p.ties)
        .map((p) => ({ name: p.a === d.name ? p.b : p.a, shortfall: p.expectedTies - p.ties }))
        .filter((p) => canName(p.name) && !closedNames.has(p.name))
        .sort((x, y) => y.shortfall - x.shortfall || x.name.localeCompare(y.name))
        .slice(0, 2)
        .map((p) => named(p.name));
      return {
        kind: 'closed_department' as const,
        severity: d.silo ? ('high' as const) : ('medium' as const),
        text: `${named(d.name)} talks mostly to itself: ${percentProse(inside)} of its ${tiesText(d.internalTies + d.externalTies)} stay inside (E-I ${signedProse(d.eiIndex)}, the ${ordinal(rank)}most closed of ${ranked.length} departments).`,
        action: partners.length
          ? `Introduce ${named(d.name)} to ${and(partners)} in the next introduction round.`
          : `Introduce ${named(d.name)} to departments that talk across the company in the next introduction round.`,
        evidence: {
          department: d.name,
          eiIndex: d.eiIndex,
          insideShare: roundTo(inside, 4),
          internalTies: d.internalTies,
          externalTies: d.externalTies,
          rank,
          departments: ranked.length,
        },
        ties: d.internalTies + d.externalTies,
        score: -d.eiIndex,
        measure: {
          metric: 'eiIndex',
          higherIsBetter: true,
          of: (r) => r.departments.find((x) => x.name === d.name)?.eiIndex ?? null,
          sample: (r) => departmentTies(r, d.name),
        },
      };
    });
}

/**
 * Rule `missing_bridge`: a pair from the report's missing bridges (no ties, or far fewer than the
 * organisation's usual cross-department rate) where at least rules.bridgeMinExpected ties were
 * expected by chance. High when they share no tie at all and three times that many were expected.
 */
export function missingBridgeFindings(report: SiloReport, rules: FindingRules): Candidate[] {
  const canName = nameable(report);
  // the sample of a bridge: every tie of the two departments (what "expected" is computed against)
  const pairSample = (r: SiloReport, a: string, b: string) => {
    const x = r.departments.find((d) => d.name === a);
    const y = r.departments.find((d) => d.name === b);
    if (!x || !y) return null;
    const between = pairOf(r, a, b)?.ties ?? 0;
    return x.internalTies + x.externalTies + y.internalTies + y.externalTies - between;
  };
  return report.missingBridges
    .filter(
      (b) =>
        b.expectedTies >= rules.bridgeMinExpected &&
        canName(b.a) &&
        canName(b.b) &&
        (pairSample(report, b.a, b.b) ?? 0) >= rules.minTies,
    )
    .map((b) => {
      const sample = pairSample(report, b.a, b.b) ?? 0;
      const expected = expectedCount(b.expectedTies);
      const text =
        b.ties === 0
          ? `${named(b.a)} and ${named(b.b)} never talk: no ties where ${expected} were expected by chance (of their ${tiesText(sample)}).`
          : `${named(b.a)} and ${named(b.b)} hardly talk: ${b.ties} ${b.ties === 1 ? 'tie' : 'ties'} where ${expected} were expected by chance (of their ${tiesText(sample)}).`;
      return {
        kind: 'missing_bridge' as const,
        severity:
          b.ties === 0 && b.expectedTies >= 3 * rules.bridgeMinExpected ? ('high' as const) : ('medium' as const),
        text,
        action: `Pair people from ${named(b.a)} and ${named(b.b)} who share a passion in the next introduction round.`,
        evidence: {
          a: b.a,
          b: b.b,
          ties: b.ties,
          expectedTies: b.expectedTies,
          ratio: b.ratio,
          sharedPurposeChannels: b.sharedPurposeChannels,
          departmentTies: sample,
        },
        ties: sample,
        score: (1 - Math.min(1, b.ratio)) * Math.min(1, b.expectedTies / 20),
        measure: {
          metric: 'ratio',
          higherIsBetter: true,
          of: (r) => pairOf(r, b.a, b.b)?.ratio ?? null,
          sample: (r) => pairSample(r, b.a, b.b),
        },
      };
    });
}

/**
 * Rule `captured_channel`: a purpose channel flagged `captured` (one department holds at least
 * CAPTURE_SHARE of its members) with at least as many members as the privacy threshold. Action:
 * invite the departments its dominant department already talks with most.
 */
export function capturedChannels(report: SiloReport): Candidate[] {
  const canName = nameable(report);
  return report.channels
    .filter(
      (c) =>
        c.captured &&
        c.members >= report.minGroupSize &&
        c.dominantShare !== null &&
        c.dominantDepartment !== null &&
        canName(c.dominantDepartment),
    )
    .map((c) => {
      const owner = c.dominantDepartment as string;
      const partners = report.pairs
        .filter((p) => (p.a === owner || p.b === owner) && p.ties > 0)
        .map((p) => ({ name: p.a === owner ? p.b : p.a, ties: p.ties }))
        .filter((p) => canName(p.name))
        .sort((x, y) => y.ties - x.ties || x.name.localeCompare(y.name))
        .slice(0, 2)
        .map((p) => named(p.name));
      return {
        kind: 'captured_channel' as const,
        severity: 'medium' as const,
        text: `#${c.name} is captured: ${percentProse(c.dominantShare ?? 0)} of its ${c.members} members are in ${named(owner)}.`,
        action: partners.length
          ? `Invite people from ${and(partners)}, who already talk with ${named(owner)}, to #${c.name}.`
          : `Invite people from other departments who share its topic to #${c.name}.`,
        evidence: {
          channel: c.name,
          members: c.members,
          dominantDepartment: owner,
          dominantShare: c.dominantShare ?? 0,
          departments: c.departments,
        },
        ties: null,
        score: c.dominantShare ?? 0,
        measure: {
          metric: 'dominantShare',
          higherIsBetter: false,
          of: (r) => r.channels.find((x) => x.name === c.name)?.dominantShare ?? null,
          // membership, not ties: compared whenever the channel is in both reports
          sample: () => Number.POSITIVE_INFINITY,
        },
      };
    });
}

/** "; 9 of them list "rust" among their passions, 6 "go"" (people counts are at or above the privacy threshold). */
function passionsText(shared: EmergingCommunity['sharedPassions']): string {
  if (!shared?.length) return '';
  const [first, ...rest] = shared;
  const more = rest.map((p) => `, ${p.people} "${p.tag}"`).join('');
  return `; ${first.people} of them list "${first.tag}" among their passions${more}`;
}

/**
 * Rule `uncovered_community`: an emerging community (Louvain, at least the privacy threshold in
 * size, rules.minTies internal ties) without a channel of its own: no non-broadcast channel holds
 * most of its members and most of its ties. With usable departments it must span at least
 * rules.communityMinDepartments departments and have rules.communityMinUncovered of its ties
 * outside shared purpose channels (when the workspace has purpose channels). Action: suggest the
 * report's channel name for it. Medium from 10 people, low below.
 */
export function uncoveredCommunities(report: SiloReport, rules: FindingRules): Candidate[] {
  const departmentsKnown = report.data.departments.usable;
  const purposeChannels = report.data.channels.purpose > 0;
  return report.communities
    .filter(
      (c) =>
        c.size >= report.minGroupSize &&
        c.internalTies >= rules.minTies &&
        (!departmentsKnown || c.departments.length >= rules.communityMinDepartments) &&
        (!purposeChannels || c.uncoveredShare >= rules.communityMinUncovered),
    )
    .map((c) => {
      const across = departmentsKnown ? ` across ${c.departments.length} departments` : '';
      const where = c.topChannels.length
        ? `its ties happen mostly in ${c.topChannels.map((t) => `#${t.name} (${t.ties})`).join(', ')}, none of which holds most of them and most of its people`
        : 'its members share no channel where they talk';
      return {
        kind: 'uncovered_community' as const,
        severity: c.size >= 10 ? ('medium' as const) : ('low' as const),
        text: `A community of ${c.size} people${across} talks often and has no channel of its own: ${tiesText(c.internalTies)} among them; ${where}.`,
        action: `Suggest a channel for them: #${c.suggestedChannel}${passionsText(c.sharedPassions)}.`,
        evidence: {
          community: c.id,
          size: c.size,
          departments: c.departments.length,
          internalTies: c.internalTies,
          uncoveredShare: c.uncoveredShare,
          topChannels: c.topChannels.map((t) => t.name).join(','),
          suggestedChannel: c.suggestedChannel,
        },
        ties: c.internalTies,
        score: c.uncoveredShare * Math.min(1, c.size / 20),
        measure: null,
      };
    });
}

/**
 * Rule `divided_organisation`: the modularity of the department partition is at or above
 * rules.dividedModularity (≈ 0.3 is where network studies call a partition strongly divided).
 */
export function dividedOrganisation(report: SiloReport, rules: FindingRules): Candidate[] {
  const { modularity, crossShare, labelledTies: ties } = report.org;
  if (modularity === null || crossShare === null || ties < rules.minTies || modularity < rules.dividedModularity)
    return [];
  return [
    {
      kind: 'divided_organisation' as const,
      severity: 'medium' as const,
      text: `Departments are strongly divided: only ${percentProse(crossShare)} of ${tiesText(ties)} cross departments (modularity ${modularity.toFixed(2)}; from ${rules.dividedModularity} up counts as strongly divided).`,
      action: 'Turn on regular introduction rounds so people meet someone outside their department every few weeks.',
      evidence: { modularity, crossShare, ties },
      ties,
      score: modularity,
      measure: {
        metric: 'modularity',
        higherIsBetter: false,
        of: (r) => r.org.modularity,
        sample: (r) => r.org.labelledTies ?? r.org.ties,
      },
    },
  ];
}

function changeOf(
  c: Candidate,
  report: SiloReport,
  previous: SiloReport | null,
  rules: FindingRules,
): FindingChange | null {
  const within = rules.unchangedWithin;
  if (!previous || !c.measure) return null;
  // a change is stated only when the earlier report had enough ties behind the same number
  const sample = c.measure.sample(previous);
  if (sample === null || sample < rules.minTies) return null;
  const before = c.measure.of(previous);
  const now = c.measure.of(report);
  if (before === null || now === null) return null;
  const delta = now - before;
  const direction =
    Math.abs(delta) < within ? 'unchanged' : delta > 0 === c.measure.higherIsBetter ? 'better' : 'worse';
  return {
    since: isoDay(previous.generatedAt),
    metric: c.measure.metric,
    previous: before,
    current: now,
    direction,
  };
}

/**
 * The report's findings, most important first: by severity, then kind (KIND_RANK), then each rule's
 * own score; at most MAX_PER_KIND of one kind and rules.max in all; a missing bridge to a department
 * already reported closed is left out (that finding's action covers it). `previousMonth` (the report from about a month
 * before, or null) fills each finding's `change`.
 */
export function findingsOf(
  report: SiloReport,
  rules: FindingRules,
  previousMonth: SiloReport | null = null,
): Finding[] {
  const candidates = [
    ...closedDepartments(report, rules),
    ...missingBridgeFindings(report, rules),
    ...capturedChannels(report),
    ...uncoveredCommunities(report, rules),
    ...dividedOrganisation(report, rules),
  ].sort(
    (x, y) =>
      SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] ||
      KIND_RANK[x.kind] - KIND_RANK[y.kind] ||
      y.score - x.score,
  );
  const perKind = new Map<FindingKind, number>();
  const chosen: Finding[] = [];
  const closed = new Set<string | number>();
  /** candidates left out by the caps, per kind: the last finding shown of that kind says "and N more" */
  const notShown = new Map<FindingKind, Candidate[]>();
  for (const c of candidates) {
    // a closed department's finding already says whom to introduce it to: no bridge finding repeats it
    if (c.kind === 'missing_bridge' && (closed.has(c.evidence.a) || closed.has(c.evidence.b))) continue;
    const n = perKind.get(c.kind) ?? 0;
    if (chosen.length >= rules.max || n >= MAX_PER_KIND) {
      notShown.set(c.kind, [...(notShown.get(c.kind) ?? []), c]);
      continue;
    }
    if (c.kind === 'closed_department') closed.add(c.evidence.department);
    perKind.set(c.kind, n + 1);
    const { score: _score, measure: _measure, ...finding } = c;
    // a sentence starts with a capital, whatever case a department's name has ("finance talks …")
    const text = finding.text.charAt(0).toUpperCase() + finding.text.slice(1);
    chosen.push({ ...finding, text, change: changeOf(c, report, previousMonth, rules) });
  }
  for (const [kind, rest] of notShown) {
    const last = chosen.findLastIndex((f) => f.kind === kind);
    if (last >= 0) chosen[last] = { ...chosen[last], text: `${chosen[last].text} ${andMore(kind, rest)}` };
  }
  return chosen;
}

/** "And 1 more department talks mostly to itself: Engineering." for the findings a cap left out. */
function andMore(kind: FindingKind, rest: Candidate[]): string {
  const n = rest.length;
  const names = (key: string) => {
    const listed = rest
      .slice(0, 3)
      .map((c) => (key === 'channel' ? `#${c.evidence[key]}` : named(String(c.evidence[key]))));
    return `${and(listed)}${n > 3 ? ' and others' : ''}`;
  };
  switch (kind) {
    case 'closed_department':
      return `And ${n} more ${n === 1 ? 'department talks' : 'departments talk'} mostly to ${n === 1 ? 'itself' : 'themselves'}: ${names('department')}.`;
    case 'missing_bridge':
      return `And ${n} more ${n === 1 ? 'pair' : 'pairs'} of departments hardly ${n === 1 ? 'talks' : 'talk'}.`;
    case 'captured_channel':
      return `And ${n} more captured ${n === 1 ? 'channel' : 'channels'}: ${names('channel')}.`;
    case 'uncovered_community':
      return `And ${n} more ${n === 1 ? 'community' : 'communities'} without a channel.`;
    default:
      return `And ${n} more like it.`;
  }
}

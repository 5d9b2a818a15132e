/**
 * `weaver simulate`: builds the simulated network from a Slack export or a tie list (people,
 * departments, ties, interests), runs the strategies (src/domain/simulate) and returns the result
 * for src/report/simulation.ts to render; and the Home dry run's projection from the database.
 */
import type { PartnerSearchHelper } from '../domain/matching/partnerSearch';
import { defaultSettings, type Settings } from '../domain/settings';
import { assembleOrgData, type RawOrg } from '../domain/silos/assemble';
import type { OrgData } from '../domain/silos/orgData';
import type { DepartmentData } from '../domain/silos/types';
import { generatedInterests, NEIGHBOUR_TOPICS, topicPoolSize } from '../domain/simulate/interests';
import type { InterestSource, SimulationResult, StrategyName } from '../domain/simulate/model';
import type { SimNetwork } from '../domain/simulate/network';
import { runSimulation } from '../domain/simulate/runSimulation';
import { type DepartmentSource, judgeDepartments, labelledSubgraph } from '../domain/silos/departmentData';
import { DEFAULT_MIN_GROUP_SIZE } from '../domain/silos/privacy';
import { exportDepartmentSource, exportEnd, rawOrgFromExport, rawOrgFromTieList } from '../import/analysisInput';
import type { NumberedTies, PersonRow } from '../import/csvFiles';
import type { InterestRow } from '../import/interestsCsv';
import { readSlackExport, type ProgressFn } from '../import/slackExport';
import { activePeopleWithDepartments, channelsWithMembers, tiesAsPersonNumbers } from '../store/reportData';
import { roundMembers } from '../store/introData';
import { settingsFor } from '../store/settings';
import type { DryRunProjection } from '../views/dryRunProjection';
import type { Services } from './context';
import { channelRules, NothingToAnalyseError } from './offlineReport';
import { liveDepartmentSource } from './report';
import { DAY_MS, isoDay, isoDayBefore } from '../domain/format';

export interface SimulateOptions {
  rounds: number;
  strategies: readonly StrategyName[];
  accept: number;
  meet: number;
  participation: number;
  seed: number;
  roundSettings?: Settings['rounds'];
  /** another thread for half of each large round's candidate search (the same result; faster) */
  partnerSearch?: PartnerSearchHelper;
}

/** The network from assembled org data: interests from a file, the purpose channels, or generated. */
export function simulationNetwork(
  org: OrgData,
  interestRows: InterestRow[] | undefined,
  seed: number,
): { network: SimNetwork; interests: InterestSource } {
  const n = org.people.length;
  const channels: string[][] = Array.from({ length: n }, () => []);
  const fromChannels: string[][] = Array.from({ length: n }, () => []);
  for (const c of org.channels) {
    if (c.kind === 'broadcast') continue;
    for (const m of c.members) {
      channels[m].push(c.id);
      if (c.kind === 'purpose') fromChannels[m].push(c.name.toLowerCase());
    }
  }
  let interests: string[][];
  let source: InterestSource['source'];
  let generatedFor = 0;
  if (interestRows) {
    const indexOf = new Map(org.people.map((id, i) => [id, i]));
    const sets: Set<string>[] = Array.from({ length: n }, () => new Set());
    for (const r of interestRows) {
      const i = indexOf.get(r.id);
      if (i !== undefined) sets[i].add(r.tag);
    }
    interests = sets.map((s) => [...s].sort());
    source = 'interests-file';
  } else if (fromChannels.some((t) => t.length)) {
    // People in no purpose channel would answer Weaver's passion prompt too: they get generated
    // topics, so the comparison is not decided by who happens to be in a purpose channel.
    const generated = generatedInterests(org.people, org.ties, seed);
    interests = fromChannels.map((t, i) => (t.length ? [...new Set(t)].sort() : generated[i]));
    generatedFor = fromChannels.filter((t) => !t.length).length;
    source = 'purpose-channels';
  } else {
    interests = generatedInterests(org.people, org.ties, seed);
    generatedFor = n;
    source = 'generated';
  }
  const tags = new Set(interests.flat());
  const peopleWithInterests = interests.filter((t) => t.length).length;
  const info: InterestSource = { source, tags: tags.size, peopleWithInterests };
  if (generatedFor) {
    Object.assign(info, { generatedFor, topicPool: topicPoolSize(n), neighbourTopics: NEIGHBOUR_TOPICS });
  }
  return {
    network: {
      people: org.people,
      departments: org.departments,
      departmentOf: org.departmentOf,
      ties: org.ties,
      interests,
      channels: org.channels.length ? channels : undefined,
    },
    interests: info,
  };
}

/**
 * The department data judged as the report judges it (docs/reading-reports.md, "Incomplete
 * department data"): a simulation of cross-department introductions needs usable departments, and
 * runs on the people who have one (people without a department never form a department).
 */
function labelledOrg(
  raw: RawOrg,
  source: DepartmentSource,
  minGroupSize = DEFAULT_MIN_GROUP_SIZE,
): { org: OrgData; departments: DepartmentData } {
  const org = assembleOrgData(raw);
  const active = new Uint8Array(org.people.length);
  for (let t = 0; t < org.ties.count; t++) active[org.ties.a[t]] = active[org.ties.b[t]] = 1;
  const departments = judgeDepartments(org, active, minGroupSize, source);
  if (!departments.usable)
    throw new NothingToAnalyseError(`cannot simulate introductions across departments: ${departments.reason}`);
  return { org: labelledSubgraph(org).data, departments };
}

function simulate(
  raw: RawOrg,
  source: DepartmentSource,
  interestRows: InterestRow[] | undefined,
  options: SimulateOptions,
): SimulationResult {
  const { org, departments } = labelledOrg(raw, source);
  const { network, interests } = simulationNetwork(org, interestRows, options.seed);
  const result = runSimulation(network, {
    ...options,
    interests,
    roundSettings: options.roundSettings ?? defaultSettings().rounds,
  });
  return { ...result, departments };
}

export function simulateTieList(
  ties: NumberedTies,
  people: PersonRow[],
  interestRows: InterestRow[] | undefined,
  options: SimulateOptions,
  departmentsFile = 'a people file',
): SimulationResult {
  const source: DepartmentSource = people.length
    ? { source: 'file', label: departmentsFile }
    : { source: 'none', label: 'none' };
  return simulate(rawOrgFromTieList(ties, people, channelRules({})), source, interestRows, options);
}

export async function simulateExport(
  path: string,
  exportOptions: {
    departmentPatterns?: string[];
    purposePatterns?: string[];
    people?: PersonRow[];
    departmentsFile?: string;
  },
  interestRows: InterestRow[] | undefined,
  options: SimulateOptions,
  onProgress?: ProgressFn,
): Promise<{ result: SimulationResult; problems: string[] }> {
  const exp = await readSlackExport(path, onProgress);
  const until = exportEnd(exp, new Date(0).toISOString());
  const rules = channelRules(exportOptions);
  const source = exportDepartmentSource(
    exp,
    rules,
    exportOptions.people ? (exportOptions.departmentsFile ?? 'a people file') : undefined,
  );
  const raw = rawOrgFromExport(exp, { rules, departments: exportOptions.people, since: null, until });
  return { result: simulate(raw, source, interestRows, options), problems: exp.problems };
}

/** Above this many active people the Home dry run skips the projection (it must answer in seconds). */
export const PROJECTION_MAX_PEOPLE = 1000;
const QUARTER_ROUNDS = { weekly: 13, biweekly: 7, monthly: 3 } as const;
const PROJECTION = { participation: 0.8, accept: 0.6, meet: 0.7, seed: 1 } as const;

/**
 * A quarter of rounds on this workspace, Weaver next to random pairing, for the lead's dry run:
 * the report's people and ties (settings.historyDays), passions (tags, teach and learn) as
 * interests — people without passions are never introduced by Weaver, as in live rounds.
 */
export async function projectWorkspace(
  services: Pick<Services, 'db' | 'now'>,
  teamId: string,
): Promise<DryRunProjection | undefined> {
  const { db } = services;
  const settings = await settingsFor(db, teamId);
  const nowMs = services.now().getTime();
  const people = await activePeopleWithDepartments(db, teamId);
  if (people.ids.length > PROJECTION_MAX_PEOPLE || people.ids.length < 2) return undefined;
  const [ties, channels, members] = await Promise.all([
    tiesAsPersonNumbers(db, teamId, {
      since: isoDayBefore(nowMs, settings.historyDays),
      until: isoDay(nowMs + DAY_MS),
    }),
    channelsWithMembers(db, teamId, settings.readPrivateChannels),
    roundMembers(db, teamId),
  ]);
  const raw: RawOrg = {
    people: people.ids.map((id, i) => ({ id, department: people.departments[i] })),
    ties,
    channels,
    activity: [],
    rules: settings.channelKinds,
  };
  let org: OrgData;
  try {
    org = labelledOrg(raw, liveDepartmentSource(settings.departmentSource), settings.privacyThreshold).org;
  } catch (err) {
    // without usable departments there is no cross-department projection to make
    if (err instanceof NothingToAnalyseError) return undefined;
    throw err;
  }
  const passions = new Map(members.map((m) => [m.userId, [...new Set([...m.tags, ...m.teach, ...m.learn])]]));
  const interestRows = org.people.flatMap((id) => (passions.get(id) ?? []).map((tag) => ({ id, tag })));
  const { network, interests } = simulationNetwork(org, interestRows, PROJECTION.seed);
  const rounds = QUARTER_ROUNDS[settings.rounds.cadence];
  const result = runSimulation(network, {
    ...PROJECTION,
    rounds,
    strategies: ['weaver', 'random'],
    interests,
    roundSettings: settings.rounds,
  });
  const side = (s: StrategyName) => {
    const f = result.strategies[s]!.final;
    return { missingBridgesClosed: f.missingBridgesClosed, peopleReached: f.peopleReached, orgEI: f.orgEI };
  };
  return {
    ...PROJECTION,
    rounds,
    missingBridges: result.baseline.missingBridges,
    startEI: result.baseline.orgEI,
    weaver: side('weaver'),
    random: side('random'),
  };
}

/**
 * `weaver simulate`: builds the simulated network from a Slack export or a tie list (people,
 * departments, ties, interests), runs the strategies (src/domain/simulate) and returns the result
 * for src/report/simulation.ts to render. No database, no Slack.
 */
import { defaultSettings, type Settings } from '../domain/settings';
import { assembleOrgData, type RawOrg } from '../domain/silos/assemble';
import type { OrgData } from '../domain/silos/orgData';
import { generatedInterests, NEIGHBOUR_TOPICS, topicPoolSize } from '../domain/simulate/interests';
import type { InterestSource, SimulationResult, StrategyName } from '../domain/simulate/model';
import type { SimNetwork } from '../domain/simulate/network';
import { runSimulation } from '../domain/simulate/runSimulation';
import { exportEnd, rawOrgFromExport, rawOrgFromTieList } from '../import/analysisInput';
import type { PersonRow, TieRow } from '../import/csvFiles';
import type { InterestRow } from '../import/interestsCsv';
import { readSlackExport, type ProgressFn } from '../import/slackExport';
import { channelRules } from './offlineReport';

export interface SimulateOptions {
  rounds: number;
  strategies: readonly StrategyName[];
  accept: number;
  meet: number;
  participation: number;
  seed: number;
  roundSettings?: Settings['rounds'];
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
  const info: InterestSource = { source, tags: tags.size, peopleWithInterests: interests.filter((t) => t.length).length };
  if (generatedFor) Object.assign(info, { generatedFor, topicPool: topicPoolSize(n), neighbourTopics: NEIGHBOUR_TOPICS });
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

function simulate(raw: RawOrg, interestRows: InterestRow[] | undefined, options: SimulateOptions): SimulationResult {
  const { network, interests } = simulationNetwork(assembleOrgData(raw), interestRows, options.seed);
  return runSimulation(network, {
    ...options,
    interests,
    roundSettings: options.roundSettings ?? defaultSettings().rounds,
  });
}

export function simulateTieList(
  ties: TieRow[],
  people: PersonRow[],
  interestRows: InterestRow[] | undefined,
  options: SimulateOptions,
): SimulationResult {
  return simulate(rawOrgFromTieList(ties, people, channelRules({})), interestRows, options);
}

export async function simulateExport(
  path: string,
  exportOptions: { departmentPatterns?: string[]; purposePatterns?: string[]; people?: PersonRow[] },
  interestRows: InterestRow[] | undefined,
  options: SimulateOptions,
  onProgress?: ProgressFn,
): Promise<{ result: SimulationResult; problems: string[] }> {
  const exp = await readSlackExport(path, onProgress);
  const until = exportEnd(exp, new Date(0).toISOString());
  const raw = rawOrgFromExport(exp, { rules: channelRules(exportOptions), departments: exportOptions.people, since: null, until });
  return { result: simulate(raw, interestRows, options), problems: exp.problems };
}

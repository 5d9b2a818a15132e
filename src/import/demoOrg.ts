/**
 * A generated organisation for `weaver demo` and the benchmarks: about 8 departments, department,
 * purpose and broadcast channels, 90 days of interactions — with two planted silos (Finance and
 * Legal talk almost only among themselves and are in no purpose channel) and one planted
 * cross-department community (people from four departments who talk a lot with each other but
 * share no purpose channel). Deterministic for a given seed. Scales to 100,000 people: ties are
 * generated per person, then realised as daily interactions (and, for the demo, as Slack messages).
 */
import { seededRandom } from '../domain/random';
import type { InteractionKind } from '../domain/interactions';
import type { DailyInteraction, ExportChannel, ExportUser } from './slackExport';
import { DAY_MS } from '../domain/time';
import { isoDayBefore } from '../domain/format';

export interface DemoOptions {
  people: number;
  /** total channels wanted (default: about one per 10 people, at least 14) */
  channels?: number;
  /** average number of distinct ties per person (default 12) */
  tiesPerPerson?: number;
  days?: number;
  /** last day of data, YYYY-MM-DD */
  endDay: string;
  seed?: number;
}

export interface DemoOrg {
  users: (ExportUser & { department: string })[];
  channels: (ExportChannel & { plannedKind: 'department' | 'purpose' | 'broadcast' | 'other' })[];
  interactions: DailyInteraction[];
  ties: number;
  planted: { silos: string[]; community: string[]; communityDepartments: string[]; capturedChannel: string };
}

const DEPARTMENTS: [string, number][] = [
  ['Engineering', 0.28],
  ['Sales', 0.15],
  ['Product', 0.1],
  ['Marketing', 0.11],
  ['Design', 0.08],
  ['People', 0.1],
  ['Finance', 0.1],
  ['Legal', 0.08],
];
const SILOS = ['Finance', 'Legal'];
const COMMUNITY_DEPARTMENTS = ['Engineering', 'Product', 'Design', 'Marketing'];
const TOPICS = [
  'frontend',
  'data',
  'security',
  'accessibility',
  'running',
  'writing',
  'ml',
  'cloud',
  'testing',
  'mentoring',
  'climate',
  'music',
];
const PREFIXES = ['cop', 'guild', 'interest', 'learn'];

export function generateDemoOrg(options: DemoOptions): DemoOrg {
  const rand = seededRandom(options.seed ?? 7);
  const N = options.people;
  const days = options.days ?? 90;
  const endMs = Date.parse(`${options.endDay}T00:00:00Z`);
  const pick = <T>(list: ArrayLike<T>): T => list[Math.floor(rand() * list.length)];
  const iso = (daysAgo: number) => new Date(endMs - daysAgo * DAY_MS).toISOString();
  const uid = (i: number) => `U${i.toString(36).toUpperCase().padStart(7, '0')}`;

  // People and departments (largest remainder so sizes add up to N).
  const deptOf = new Int32Array(N);
  const members: number[][] = DEPARTMENTS.map(() => []);
  let cursor = 0;
  DEPARTMENTS.forEach(([, share], d) => {
    const size = d === DEPARTMENTS.length - 1 ? N - cursor : Math.round(share * N);
    for (let k = 0; k < size && cursor < N; k++, cursor++) {
      deptOf[cursor] = d;
      members[d].push(cursor);
    }
  });
  const users = Array.from({ length: N }, (_, i) => ({
    id: uid(i),
    name: `person${i}`,
    isBot: false,
    deleted: false,
    title: null,
    department: DEPARTMENTS[deptOf[i]][0],
  }));
  const isSilo = (d: number) => SILOS.includes(DEPARTMENTS[d][0]);
  const open = Array.from({ length: N }, (_, i) => i).filter((i) => !isSilo(deptOf[i]));

  // Planted community: people from four departments, in no purpose channel.
  const communitySize = Math.max(16, Math.min(40, Math.round(N * 0.06)));
  const community: number[] = [];
  COMMUNITY_DEPARTMENTS.forEach((name) => {
    const list = members[DEPARTMENTS.findIndex(([n]) => n === name)];
    const take = Math.round(communitySize / COMMUNITY_DEPARTMENTS.length);
    for (let j = 0; j < take && j < list.length; j++) community.push(list[list.length - 1 - j]);
  });
  const inCommunity = new Uint8Array(N);
  for (const i of community) inCommunity[i] = 1;

  // Channels.
  type Channel = DemoOrg['channels'][number] & {
    memberIdx: number[];
    ageDays: number;
    fading: boolean;
    growing: boolean;
  };
  const channels: Channel[] = [];
  const addChannel = (
    name: string,
    plannedKind: Channel['plannedKind'],
    memberIdx: number[],
    ageDays: number,
    extra: Partial<Channel> = {},
  ) => {
    const id = `C${(channels.length + 1).toString(36).toUpperCase().padStart(8, '0')}`;
    channels.push({
      id,
      name,
      plannedKind,
      created: iso(ageDays),
      creator: memberIdx.length ? uid(memberIdx[0]) : null,
      members: memberIdx.map(uid),
      memberIdx,
      ageDays,
      fading: false,
      growing: false,
      ...extra,
    });
    return channels.length - 1;
  };
  const squadSize = N >= 2000 ? 15 : Number.POSITIVE_INFINITY;
  const squadOf = new Int32Array(N).fill(-1);
  const squadMembers: number[][] = [];
  DEPARTMENTS.forEach(([name], d) => {
    const slug = name.toLowerCase();
    addChannel(`team-${slug}`, 'department', members[d], 700);
    if (squadSize === Number.POSITIVE_INFINITY) return;
    for (let s = 0; s * squadSize < members[d].length; s++) {
      const list = members[d].slice(s * squadSize, (s + 1) * squadSize);
      for (const i of list) squadOf[i] = squadMembers.length;
      squadMembers.push(list);
      addChannel(`squad-${slug}-${s + 1}`, 'department', list, 400);
    }
  });
  const general = addChannel(
    'general',
    'broadcast',
    Array.from({ length: N }, (_, i) => i),
    900,
  );
  const random = addChannel(
    'random',
    'other',
    Array.from({ length: N }, (_, i) => i)
      .filter(() => rand() < 0.7)
      .concat(community),
    900,
  );
  channels[random].memberIdx = [...new Set(channels[random].memberIdx)];
  channels[random].members = channels[random].memberIdx.map(uid);

  const purposeOf: number[][] = Array.from({ length: N }, () => []);
  const wanted = Math.max(14, options.channels ?? Math.round(N / 10));
  const purposeCount = Math.max(6, wanted - channels.length);
  const AGES = [400, 250, 150, 60, 20];
  const purposePool = open.filter((i) => !inCommunity[i]);
  for (let p = 0; p < purposeCount; p++) {
    const name = `${PREFIXES[p % PREFIXES.length]}-${TOPICS[p % TOPICS.length]}${p >= TOPICS.length ? `-${Math.floor(p / TOPICS.length) + 1}` : ''}`;
    const size = Math.min(purposePool.length, 8 + Math.floor(rand() * 30));
    const set = new Set<number>();
    while (set.size < size) set.add(pick(purposePool));
    const idx = addChannel(name, 'purpose', [...set], AGES[p % AGES.length], {
      fading: p % 7 === 3 && AGES[p % AGES.length] >= 60,
      growing: p % 5 === 4,
    });
    for (const i of set) purposeOf[i].push(idx);
  }
  // One purpose channel captured by Sales.
  const sales = members[DEPARTMENTS.findIndex(([n]) => n === 'Sales')].filter((i) => !inCommunity[i]);
  const capturedMembers = [
    ...sales.slice(0, 12),
    ...open.filter((i) => deptOf[i] !== deptOf[sales[0]] && !inCommunity[i]).slice(0, 2),
  ];
  const captured = addChannel('cop-sales-enablement', 'purpose', capturedMembers, 300);
  for (const i of capturedMembers) purposeOf[i].push(captured);

  // Ties.
  const ties = demoTies({
    N,
    perPerson: options.tiesPerPerson ?? 12,
    rand,
    pick,
    channels,
    squadOf,
    squadMembers,
    deptOf,
    members,
    inCommunity,
    community,
    random,
    general,
    purposeOf,
    open,
    isSilo,
  });
  const interactions = demoInteractions({ rand, pick, uid, days, endMs }, channels, ties);
  return {
    users,
    channels: channels.map(({ memberIdx: _m, ageDays: _a, fading: _f, growing: _g, ...c }) => c),
    interactions,
    ties: ties.tieA.length,
    planted: {
      silos: SILOS,
      community: community.map(uid).sort(),
      communityDepartments: COMMUNITY_DEPARTMENTS,
      capturedChannel: 'cop-sales-enablement',
    },
  };
}

/**
 * Interactions: each tie is 1–3 interactions on random days (fading channels: only early days;
 * growing channels: mostly the last 30 days). Draws from `rand` in the same order as ever.
 */
function demoInteractions(
  g: {
    rand: () => number;
    pick: <T>(list: ArrayLike<T>) => T;
    uid: (i: number) => string;
    days: number;
    endMs: number;
  },
  channels: Array<{ id: string; ageDays: number; fading: boolean; growing: boolean }>,
  ties: { tieA: number[]; tieB: number[]; tieChannel: number[] },
): DailyInteraction[] {
  const { rand, pick, uid, days, endMs } = g;
  const { tieA, tieB, tieChannel } = ties;
  const KINDS: InteractionKind[] = ['mention', 'reply', 'reaction'];
  const interactions: DailyInteraction[] = [];
  for (let t = 0; t < tieA.length; t++) {
    const c = channels[tieChannel[t]];
    const times = 1 + (rand() < 0.35 ? 1 : 0) + (rand() < 0.1 ? 1 : 0);
    for (let k = 0; k < times; k++) {
      let daysAgo = 1 + Math.floor(rand() * Math.min(days, c.ageDays));
      if (c.fading) daysAgo = Math.max(daysAgo, 31 + Math.floor(rand() * (Math.min(days, c.ageDays) - 30)));
      if (c.growing && rand() < 0.7) daysAgo = 1 + Math.floor(rand() * 30);
      const [actor, target] = rand() < 0.5 ? [tieA[t], tieB[t]] : [tieB[t], tieA[t]];
      interactions.push({
        day: isoDayBefore(endMs, daysAgo - 1),
        channelId: c.id,
        actor: uid(actor),
        target: uid(target),
        kind: pick(KINDS),
        count: 1,
      });
    }
  }
  return interactions;
}

interface TieWorld {
  N: number;
  perPerson: number;
  rand: () => number;
  pick: <T>(list: ArrayLike<T>) => T;
  channels: Array<{ name: string; memberIdx: number[] }>;
  squadOf: Int32Array;
  squadMembers: number[][];
  deptOf: Int32Array;
  members: number[][];
  inCommunity: Uint8Array;
  community: number[];
  random: number;
  general: number;
  purposeOf: number[][];
  open: number[];
  isSilo: (d: number) => boolean;
}

/** Ties (pairs of people and the channel they meet in), drawn from `rand` in the same order as ever. */
function demoTies(w: TieWorld): { tieA: number[]; tieB: number[]; tieChannel: number[] } {
  const { N, perPerson, rand, pick, channels, squadOf, squadMembers, deptOf, members } = w;
  const { inCommunity, community, random, general, purposeOf, open, isSilo } = w;
  const seen = new Set<number>();
  const tieA: number[] = [];
  const tieB: number[] = [];
  const tieChannel: number[] = [];
  const squadChannelIndex = new Map<number, number>();
  channels.forEach((c, k) => {
    const m = /^squad-.+-(\d+)$/.exec(c.name);
    if (m) squadChannelIndex.set(squadOf[c.memberIdx[0]], k);
  });
  const deptChannel = (d: number) => channels.findIndex((c) => c.name === `team-${DEPARTMENTS[d][0].toLowerCase()}`);
  const deptChannels = DEPARTMENTS.map((_, d) => deptChannel(d));
  const everyone = Array.from({ length: N }, (_, i) => i);
  const addTie = (i: number, j: number, channel: number) => {
    if (i === j) return false;
    const key = Math.min(i, j) * N + Math.max(i, j);
    if (seen.has(key)) return false;
    seen.add(key);
    tieA.push(i);
    tieB.push(j);
    tieChannel.push(channel);
    return true;
  };
  for (let i = 0; i < N; i++) {
    const stubs = Math.max(1, Math.round((perPerson / 2) * (0.5 + rand())));
    for (let s = 0, tries = 0; s < stubs && tries < 4 * stubs; tries++) {
      const r = rand();
      const d = deptOf[i];
      let added = false;
      if (inCommunity[i] && r < 0.85) {
        added = addTie(i, pick(community), random);
      } else if (isSilo(d) ? r < 0.97 : r < 0.55) {
        const sameSquad = squadOf[i] >= 0 && rand() < 0.3;
        const j = sameSquad ? pick(squadMembers[squadOf[i]]) : pick(members[d]);
        added = addTie(i, j, sameSquad ? squadChannelIndex.get(squadOf[i])! : deptChannels[d]);
      } else if (!isSilo(d) && purposeOf[i].length && r < 0.85) {
        const c = pick(purposeOf[i]);
        added = addTie(i, pick(channels[c].memberIdx), c);
      } else {
        let j = pick(open);
        for (let t = 0; t < 5 && deptOf[j] === d; t++) j = pick(open);
        if (isSilo(d)) j = pick(everyone);
        added = addTie(i, j, rand() < 0.7 ? random : general);
      }
      if (added) s++;
    }
  }
  return { tieA, tieB, tieChannel };
}

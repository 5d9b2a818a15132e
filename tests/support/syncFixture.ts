/**
 * A fixture workspace for sync tests: a few hundred people over several pages of every list,
 * departments in the custom profile field, channels of every kind, and message history whose
 * expected interaction counts are written down while the messages are made (so the expectations
 * do not come from the code under test).
 */
import { addChannel, addMessage, addPerson } from './factories';
import { emptyWorkspace, type FakeChannel, type FakeMessage, type FakeWorkspace } from './fakeSlack';

export const DEPARTMENTS = ['Engineering', 'Sales', 'Design', 'Finance', 'People', 'Support'];
/** Words that appear only in the fixture messages' text: no table may ever contain them. */
export const SECRET_WORDS = ['zanzibarquokka', 'marmalade-protocol', 'Ultraviolet Pelican'];

export interface SyncFixture {
  ws: FakeWorkspace;
  now: Date;
  humans: string[];
  bots: string[];
  deleted: string[];
  departmentOf: Map<string, string | null>;
  /** channels sync reads (public, not archived) */
  readable: FakeChannel[];
  privateChannel: FakeChannel;
  archivedChannel: FakeChannel;
  /** expected interaction counts: `day|channel|actor|target|kind` → count */
  expected: Map<string, number>;
  expectedKinds: Map<string, { kind: string; reasonIncludes: string }>;
}

const DAY = 86_400_000;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildSyncFixture(opts: { people?: number; projects?: number; now?: Date } = {}): SyncFixture {
  const people = opts.people ?? 320;
  const projects = opts.projects ?? 100;
  const now = opts.now ?? new Date('2026-11-16T09:00:00Z');
  const rand = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const ws = emptyWorkspace('T0TEST');
  const humans: string[] = [];
  const departmentOf = new Map<string, string | null>();
  for (let i = 1; i <= people; i += 1) {
    const id = `UP${String(i).padStart(5, '0')}`;
    const department = i % 25 === 0 ? null : DEPARTMENTS[i % DEPARTMENTS.length];
    addPerson(ws, { id, name: `person${i}`, department, tz: 'Europe/Berlin', tzOffset: 3600 });
    humans.push(id);
    departmentOf.set(id, department);
  }
  const bots = ['UB00001', 'UB00002'];
  for (const id of bots) addPerson(ws, { id, name: `bot-${id.toLowerCase()}`, isBot: true });
  const deleted = ['UD00001', 'UD00002', 'UD00003'];
  for (const id of deleted) addPerson(ws, { id, name: `gone-${id.toLowerCase()}`, deleted: true, department: 'Sales' });

  let channelSeq = 0;
  const channelId = () => `CF${String(++channelSeq).padStart(5, '0')}`;
  const expectedKinds = new Map<string, { kind: string; reasonIncludes: string }>();
  const readable: FakeChannel[] = [];
  const channel = (name: string, members: string[], kind?: { kind: string; reasonIncludes: string }) => {
    const c = addChannel(ws, { id: channelId(), name, members });
    readable.push(c);
    if (kind) expectedKinds.set(c.id, kind);
    return c;
  };

  const general = channel('general', [...humans, ...bots], {
    kind: 'broadcast',
    reasonIncludes: 'broadcast pattern "general"',
  });
  const random = channel('random', humans.slice(0, Math.ceil(people * 0.95)), {
    kind: 'broadcast',
    reasonIncludes: 'of active people',
  });
  for (const d of DEPARTMENTS) {
    channel(
      `team-${d.toLowerCase()}`,
      humans.filter((h) => departmentOf.get(h) === d),
      { kind: 'department', reasonIncludes: 'department pattern "team-*"' },
    );
  }
  channel(
    'cop-typescript',
    humans.filter((_, i) => i % 7 === 0),
    { kind: 'purpose', reasonIncludes: 'purpose pattern "cop-*"' },
  );
  // Nine of ten in Design: departmental by the data.
  const design = humans.filter((h) => departmentOf.get(h) === 'Design').slice(0, 9);
  channel('pixel-squad', [...design, humans.find((h) => departmentOf.get(h) === 'Sales')!], {
    kind: 'department',
    reasonIncludes: '90% of members are in Design',
  });
  const projectChannels: FakeChannel[] = [];
  for (let p = 1; p <= projects; p += 1) {
    const members = [...new Set(Array.from({ length: 6 }, () => pick(humans)))];
    // Mixed departments guaranteed: one person from each of three departments.
    for (const d of ['Engineering', 'Sales', 'Finance'])
      members.push(humans.find((h) => departmentOf.get(h) === d && !members.includes(h))!);
    projectChannels.push(
      channel(
        `proj-${p}`,
        members,
        p <= 3 ? { kind: 'other', reasonIncludes: 'project pattern "proj-*": never purpose' } : undefined,
      ),
    );
  }
  const archivedChannel = addChannel(ws, {
    id: channelId(),
    name: 'old-archive',
    members: humans.slice(0, 20),
    isArchived: true,
  });
  const privateChannel = addChannel(ws, {
    id: channelId(),
    name: 'secret-plans',
    members: humans.slice(0, 10),
    isPrivate: true,
  });

  const expected = new Map<string, number>();
  const isBot = (id: string) => bots.includes(id);
  const count = (day: string, ch: string, actor: string, target: string, kind: string) => {
    if (actor === target || isBot(actor) || isBot(target)) return;
    const key = `${day}|${ch}|${actor}|${target}|${kind}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  };
  let tsSeq = 0;
  const tsOn = (daysAgo: number) => {
    tsSeq += 1;
    return `${Math.floor((now.getTime() - daysAgo * DAY) / 1000) - 3600 + tsSeq}.${String(tsSeq).padStart(6, '0')}`;
  };
  const dayOf = (ts: string) => new Date(Math.floor(Number(ts)) * 1000).toISOString().slice(0, 10);
  const words = (n: number) => `${SECRET_WORDS[n % SECRET_WORDS.length]} note ${n}`;
  let n = 0;

  /** A top-level message (or thread reply) with an optional mention and reactions; expectations recorded. */
  const say = (
    c: FakeChannel,
    author: string,
    o: { mention?: string; reactors?: string[]; parent?: FakeMessage; daysAgo?: number; emoji?: string } = {},
  ) => {
    n += 1;
    const ts = tsOn(o.daysAgo ?? Math.floor(rand() * 60));
    const text = o.mention ? `Hi <@${o.mention}>, ${words(n)}` : words(n);
    const m = addMessage(c, {
      user: author,
      text,
      ts,
      inThreadOf: o.parent,
      reactions: o.reactors?.length ? [{ name: o.emoji ?? 'tada', users: o.reactors }] : undefined,
    });
    const day = dayOf(ts);
    if ((o.daysAgo ?? 0) <= 90) {
      if (o.parent) count(day, c.id, author, o.parent.user!, 'reply');
      if (o.mention) count(day, c.id, author, o.mention, 'mention');
      for (const r of new Set(o.reactors ?? [])) count(day, c.id, r, author, 'reaction');
    }
    return m;
  };

  // #general: 120 top-level messages (several pages of history), mentions and reactions.
  for (let i = 0; i < 120; i += 1) {
    const author = pick(humans);
    say(general, author, {
      mention: i % 3 === 0 ? pick(humans) : undefined,
      reactors: i % 4 === 0 ? [pick(humans), pick(humans)] : undefined,
    });
  }
  // One long thread: 90 replies (several pages of conversations.replies).
  const parent = say(general, humans[0], { daysAgo: 20 });
  for (let i = 0; i < 90; i += 1)
    say(general, humans[1 + (i % 30)], {
      parent,
      daysAgo: 20 - (i % 10) / 10,
      reactors: i % 10 === 0 ? [humans[40]] : undefined,
    });
  // What must not count: bots, self-interactions, joins, messages older than the window.
  addMessage(general, { user: 'UB00001', botId: 'B0001', text: `<@${humans[5]}> ${words(1000)}`, ts: tsOn(3) });
  addMessage(general, {
    user: humans[6],
    subtype: 'channel_join',
    text: `<@${humans[6]}> has joined ${words(1001)}`,
    ts: tsOn(3),
  });
  say(general, humans[7], { mention: humans[7], reactors: [humans[7], 'UB00002'], daysAgo: 2 });
  say(general, humans[8], { mention: humans[9], reactors: [humans[10]], daysAgo: 120 });
  // Two emojis from one person on one message count twice (once per emoji).
  const twice = say(random, humans[11], { reactors: [humans[12]], daysAgo: 4, emoji: 'tada' });
  twice.reactions!.push({ name: 'eyes', users: [humans[12]], count: 1 });
  count(dayOf(twice.ts), random.id, humans[12], humans[11], 'reaction');
  // A little talk in some project channels.
  for (const c of projectChannels.slice(0, 40)) {
    const members = c.members;
    const top = say(c, members[0], { mention: members[1], reactors: [members[2]] });
    say(c, members[1], { parent: top, daysAgo: 1 });
  }
  // Private and archived channels are never read: their talk must not count.
  addMessage(privateChannel, { user: humans[0], text: `<@${humans[1]}> ${words(2000)}`, ts: tsOn(1) });
  addMessage(archivedChannel, { user: humans[0], text: `<@${humans[1]}> ${words(2001)}`, ts: tsOn(1) });

  return {
    ws,
    now,
    humans,
    bots,
    deleted,
    departmentOf,
    readable,
    privateChannel,
    archivedChannel,
    expected,
    expectedKinds,
  };
}

/** Expected totals per kind. */
export function expectedTotals(expected: Map<string, number>): Record<string, number> {
  const totals: Record<string, number> = { reply: 0, mention: 0, reaction: 0 };
  for (const [key, n] of expected) totals[key.split('|')[4]] += n;
  return totals;
}

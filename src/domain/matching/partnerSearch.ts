/**
 * The heart of the candidate search (candidates.ts): for each person in a range, their best k
 * partners by score under the hard rules, from an inverted index from tag to people. Plain data in,
 * plain data out (typed arrays only), so that a range can be searched in another thread
 * (src/cli/partnerSearchThread.ts) with the very same result: the ranges' results, concatenated in
 * order, are what one search of all people gives.
 */
import { WORK_END_HOUR, WORK_START_HOUR } from './timing';

export const MAX_SHARED_CHANNELS = 2;
/** People with fewer than this many × k partners through rarer tags also search through common ones. */
export const FALLBACK_FACTOR = 4;
const WORK_HOURS = WORK_END_HOUR - WORK_START_HOUR;

/** Lists in compressed rows: list x is flat[start[x] .. start[x + 1]). */
export interface Rows {
  start: Int32Array;
  flat: Int32Array;
}

export function rowsOf(lists: ReadonlyArray<ArrayLike<number>>): Rows {
  const start = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i += 1) start[i + 1] = start[i] + lists[i].length;
  const flat = new Int32Array(start[lists.length]);
  for (let i = 0; i < lists.length; i += 1) flat.set(lists[i], start[i]);
  return { start, flat };
}

export interface PartnerSearch {
  n: number;
  /** partners kept per person */
  k: number;
  /** per person: tag ids held, taught, wanted */
  tags: Rows;
  teach: Rows;
  learn: Rows;
  /** per tag: the people holding it (tag ids are shared by the three lists above) */
  byTag: Rows;
  /** per person: who they may not be introduced to (both ways), and their channels */
  forbidden: Rows;
  channels: Rows;
  channelCount: number;
  /** per tag: rarity weight and its square */
  tagW: Float64Array;
  tagW2: Float64Array;
  /** common tags (not walked): bit per tag or -1, weight² per bit, each person's bits */
  commonBit: Int32Array;
  commonW2: Float64Array;
  commonMask: Int32Array;
  /**
   * common skills (their teacher and learner lists not walked): bit per skill or -1, weight per
   * bit, each person's bits of skills taught and wanted
   */
  commonSkillBit: Int32Array;
  commonSkillW: Float64Array;
  teachCommon: Int32Array;
  learnCommon: Int32Array;
  dept: Int32Array;
  departments: number;
  /** bridging bonus per department pair (a · departments + b) */
  bonus: Float64Array;
  /** norm of each person's tag vector */
  norms: Float64Array;
  /** time-zone offsets in seconds (unknown: 0) */
  tz: Float64Array;
  minOverlap: number;
  /** the largest tag weight (complement scale) */
  maxW: number;
  weights: { passion: number; complement: number; bridging: number };
}

/** Searches a range of people elsewhere (another thread) while the caller searches the rest. */
export interface PartnerSearchHelper {
  /** starts searchPartners(search, lo, hi); the function returned waits for its result */
  start(search: PartnerSearch, lo: number, hi: number): () => ChosenPartners;
}

/** Each searched person's kept partners in turn, with the sums their edge is made from. */
export interface ChosenPartners {
  count: number;
  from: Int32Array;
  to: Int32Array;
  dot: Float64Array;
  ab: Float64Array;
  ba: Float64Array;
}

export function searchPartners(s: PartnerSearch, lo: number, hi: number): ChosenPartners {
  const { n, k, tags, teach, learn, byTag, forbidden, channels } = s;
  const { tagW, tagW2, commonBit, commonW2, commonMask, dept, bonus, norms, tz, minOverlap, maxW, weights } = s;
  const { commonSkillBit, commonSkillW, teachCommon, learnCommon } = s;
  const D = s.departments;
  const sameZoneOverlaps = !(WORK_HOURS < minOverlap); // the test below when both offsets are equal
  // Time zones become small numbers and whether two overlap enough a table (a workspace has a few
  // dozen offsets; the test itself, with its floating-point remainders, was a third of the search).
  const zoneOf = new Map<number, number>();
  for (let v = 0; v < n; v += 1) if (!zoneOf.has(tz[v])) zoneOf.set(tz[v], zoneOf.size);
  const zones = [...zoneOf.keys()];
  const Z = zones.length;
  const overlaps = new Uint8Array(Z * Z);
  for (let a = 0; a < Z; a += 1) {
    for (let b = 0; b < Z; b += 1) {
      const ok = zones[a] === zones[b] ? sameZoneOverlaps : hoursOverlap(zones[a], zones[b], minOverlap);
      overlaps[a * Z + b] = ok ? 1 : 0;
    }
  }
  const zoneOfPerson = Int32Array.from(tz, (offset) => zoneOf.get(offset)!);
  // The search meets people through tag lists, at random places in memory. Numbered instead by the
  // walked tag with the longest list they hold (then time zone), the people of that tag sit side by
  // side, and a walk through its list reads memory in order for all who hold it first. People are
  // searched, and ties broken, by their own number still: the numbering (slots) is internal.
  const primary = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v += 1) {
    let longest = -1;
    for (let i = tags.start[v]; i < tags.start[v + 1]; i += 1) {
      const t = tags.flat[i];
      const length = byTag.start[t + 1] - byTag.start[t];
      if (commonBit[t] < 0 && length > longest) {
        longest = length;
        primary[v] = t;
      }
    }
  }
  const personAt = new Int32Array(n);
  for (let v = 0; v < n; v += 1) personAt[v] = v;
  personAt.sort((a, b) => primary[a] - primary[b] || zoneOfPerson[a] - zoneOfPerson[b] || a - b);
  const slotOf = new Int32Array(n);
  for (let slot = 0; slot < n; slot += 1) slotOf[personAt[slot]] = slot;
  // Per slot, one 64-byte record (a cache line): what the walk below adds up when it meets someone
  // and what the scoring then reads of them. On a 50,000-person round the search meets ~10⁸ pairs
  // and waits on memory, not on arithmetic; when these sat in five arrays, scoring a pair missed the
  // cache once per array, and scoring was two thirds of the search.
  //   int32 [16x]     the searcher who last met the person at slot x (-1: nobody yet)
  //   int32 [16x + 1] department, [16x + 2] common-tag bits, [16x + 3] common skills taught,
  //         [16x + 4] common skills wanted, [16x + 5] the person (their own number)
  //   f64   [8x + 3]  the dot product of tag weights², [8x + 4] u→v and [8x + 5] v→u teach
  //         weights, [8x + 6] the norm of v's tag vector
  const recordBuffer = new ArrayBuffer(64 * n);
  const i32 = new Int32Array(recordBuffer);
  const f64 = new Float64Array(recordBuffer);
  for (let x = 0; x < n; x += 1) {
    const v = personAt[x];
    i32[16 * x] = -1;
    i32[16 * x + 1] = dept[v];
    i32[16 * x + 2] = commonMask[v];
    i32[16 * x + 3] = teachCommon[v];
    i32[16 * x + 4] = learnCommon[v];
    i32[16 * x + 5] = v;
    f64[8 * x + 6] = norms[v];
  }
  // Each tag's lists grouped by time zone, so a person walks only the people whose working hours
  // overlap theirs enough: the others could never be their partners (on the bench's eight zones,
  // a third of all pairs), and meeting them was a third of the search. Rows hold slots, ascending.
  const T = byTag.start.length - 1;
  const byTagZ = bySlotAndZone(tags, personAt, zoneOfPerson, Z, T);
  const learnersZ = bySlotAndZone(learn, personAt, zoneOfPerson, Z, T);
  const teachersZ = bySlotAndZone(teach, personAt, zoneOfPerson, Z, T);
  const meetStart = new Int32Array(Z + 1);
  const meetZones: number[] = [];
  for (let a = 0; a < Z; a += 1) {
    for (let b = 0; b < Z; b += 1) if (overlaps[a * Z + b] === 1) meetZones.push(b);
    meetStart[a + 1] = meetZones.length;
  }
  const meets = Int32Array.from(meetZones);
  // every person's chosen partners in turn, with the sums their edge is made from (a pair chosen
  // by both ends: the later one counts); edges are made once the pairs are deduplicated
  const chosenFrom = new Int32Array((hi - lo) * k);
  const chosenTo = new Int32Array((hi - lo) * k);
  const chosenDot = new Float64Array((hi - lo) * k);
  const chosenAB = new Float64Array((hi - lo) * k);
  const chosenBA = new Float64Array((hi - lo) * k);
  let chosenCount = 0;
  // marks for the person u being searched: forbidden partners, channels (u + 1 when marked)
  const forbiddenMark = new Int32Array(n);
  const channelMark = new Int32Array(s.channelCount);
  /** at most MAX_SHARED_CHANNELS channels shared by u (marked) and v */
  const fewSharedWith = (u: number, v: number) => {
    let shared = 0;
    for (let j = channels.start[v]; j < channels.start[v + 1]; j += 1) {
      if (channelMark[channels.flat[j]] === u + 1 && ++shared > MAX_SHARED_CHANNELS) return false;
    }
    return true;
  };
  const touched = new Int32Array(n); // the slots of the people u met, in the order met
  const heap = new PartnerHeap(k);
  for (let u = lo; u < hi; u += 1) {
    let nTouched = 0;
    const mu = commonMask[u];
    for (let i = forbidden.start[u]; i < forbidden.start[u + 1]; i += 1) forbiddenMark[forbidden.flat[i]] = u + 1;
    for (let i = channels.start[u]; i < channels.start[u + 1]; i += 1) channelMark[channels.flat[i]] = u + 1;
    const tagsFrom = tags.start[u];
    const tagsTo = tags.start[u + 1];
    /** First time `v` is met as a candidate of `u`: reset its sums and remember it. */
    const touch = (v: number) => {
      if (i32[16 * v] === u) return;
      i32[16 * v] = u;
      f64[8 * v + 3] = 0;
      f64[8 * v + 4] = 0;
      f64[8 * v + 5] = 0;
      touched[nTouched++] = v;
    };
    const zu0 = zoneOfPerson[u];
    const meetFrom = meetStart[zu0];
    const meetTo = meetStart[zu0 + 1];
    for (let i = tagsFrom; i < tagsTo; i += 1) {
      const t = tags.flat[i];
      if (commonBit[t] >= 0) continue;
      const w2 = tagW2[t];
      for (let m = meetFrom; m < meetTo; m += 1) {
        const row = t * Z + meets[m];
        for (let j = byTagZ.start[row]; j < byTagZ.start[row + 1]; j += 1) {
          const v = byTagZ.flat[j];
          if (i32[16 * v] !== u) {
            i32[16 * v] = u;
            f64[8 * v + 3] = w2;
            f64[8 * v + 4] = 0;
            f64[8 * v + 5] = 0;
            touched[nTouched++] = v;
          } else f64[8 * v + 3] += w2;
        }
      }
    }
    /** u's rarer skills (taught, or wanted) against their learners (or teachers): weight into record slot */
    const walkSkills = (own: Rows, others: Rows, slot: number) => {
      for (let i = own.start[u]; i < own.start[u + 1]; i += 1) {
        const t = own.flat[i];
        if (commonSkillBit[t] >= 0) continue;
        const w = tagW[t];
        for (let m = meetFrom; m < meetTo; m += 1) {
          const row = t * Z + meets[m];
          for (let j = others.start[row]; j < others.start[row + 1]; j += 1) {
            const v = others.flat[j];
            touch(v);
            f64[8 * v + slot] += w;
          }
        }
      }
    };
    walkSkills(teach, learnersZ, 4); // u teaches what v wants
    walkSkills(learn, teachersZ, 5); // v teaches what u wants
    // Common tags and skills find partners only for people who have too few through rarer ones...
    if (nTouched < FALLBACK_FACTOR * k) {
      const walk = (rows: Rows, t: number) => {
        for (let m = meetFrom; m < meetTo; m += 1) {
          const row = t * Z + meets[m];
          for (let j = rows.start[row]; j < rows.start[row + 1]; j += 1) touch(rows.flat[j]);
        }
      };
      for (let i = tagsFrom; i < tagsTo; i += 1) if (commonBit[tags.flat[i]] >= 0) walk(byTagZ, tags.flat[i]);
      for (let i = teach.start[u]; i < teach.start[u + 1]; i += 1)
        if (commonSkillBit[teach.flat[i]] >= 0) walk(learnersZ, teach.flat[i]);
      for (let i = learn.start[u]; i < learn.start[u + 1]; i += 1)
        if (commonSkillBit[learn.flat[i]] >= 0) walk(teachersZ, learn.flat[i]);
    }
    // ...but always count in the score of the pairs found. (Everyone met was met in a time zone
    // whose working hours meet u's: the walks above go through those zones only.)
    heap.clear();
    const du = dept[u];
    const nu = norms[u];
    const teachU = teachCommon[u];
    const learnU = learnCommon[u];
    const su = slotOf[u];
    for (let ti = 0; ti < nTouched; ti += 1) {
      const v = touched[ti]; // a slot: the person is i32[16 * v + 5]
      const dptV = i32[16 * v + 1];
      if (v === su || dptV === du) continue;
      let dv = f64[8 * v + 3];
      let both = mu & i32[16 * v + 2];
      while (both) {
        const bit = 31 - Math.clz32(both);
        dv += commonW2[bit];
        both &= ~(1 << bit);
      }
      let ab = f64[8 * v + 4];
      let ba = f64[8 * v + 5];
      both = teachU & i32[16 * v + 4];
      while (both) {
        const bit = 31 - Math.clz32(both);
        ab += commonSkillW[bit];
        both &= ~(1 << bit);
      }
      both = learnU & i32[16 * v + 3];
      while (both) {
        const bit = 31 - Math.clz32(both);
        ba += commonSkillW[bit];
        both &= ~(1 << bit);
      }
      if (dv <= 0 && ab <= 0 && ba <= 0) continue;
      const nv = f64[8 * v + 6];
      const shared = dv > 0 && nu > 0 && nv > 0 ? Math.min(1, dv / (nu * nv)) : 0;
      const complement = 0.5 * Math.min(1, ab / maxW) + 0.5 * Math.min(1, ba / maxW);
      const w = weights.passion * shared + weights.complement * complement + weights.bridging * bonus[du * D + dptV];
      const person = i32[16 * v + 5];
      if (!heap.wouldKeep(person, w)) continue;
      if (forbiddenMark[person] === u + 1 || !fewSharedWith(u, person)) continue;
      heap.offer(person, w, dv, ab, ba);
    }
    for (let i = 0; i < heap.length; i += 1) {
      chosenFrom[chosenCount] = u;
      chosenTo[chosenCount] = heap.v[i];
      chosenDot[chosenCount] = heap.dot[i];
      chosenAB[chosenCount] = heap.ab[i];
      chosenBA[chosenCount] = heap.ba[i];
      chosenCount += 1;
    }
  }
  return { count: chosenCount, from: chosenFrom, to: chosenTo, dot: chosenDot, ab: chosenAB, ba: chosenBA };
}

/**
 * Per tag and zone, the slots of the people whose row in `ofPerson` holds the tag: row t · zones + z
 * lists the slots of tag t's people in zone z, in ascending order.
 */
function bySlotAndZone(ofPerson: Rows, personAt: Int32Array, zoneOf: Int32Array, zones: number, tags: number): Rows {
  const n = personAt.length;
  const start = new Int32Array(tags * zones + 1);
  for (let v = 0; v < n; v += 1)
    for (let i = ofPerson.start[v]; i < ofPerson.start[v + 1]; i += 1)
      start[ofPerson.flat[i] * zones + zoneOf[v] + 1] += 1;
  for (let r = 0; r < tags * zones; r += 1) start[r + 1] += start[r];
  const fill = start.slice(0, tags * zones);
  const flat = new Int32Array(start[tags * zones]);
  for (let slot = 0; slot < n; slot += 1) {
    const v = personAt[slot];
    for (let i = ofPerson.start[v]; i < ofPerson.start[v + 1]; i += 1)
      flat[fill[ofPerson.flat[i] * zones + zoneOf[v]]++] = slot;
  }
  return { start, flat };
}

/**
 * Whether the 09:00–17:00 working hours of two UTC offsets (seconds) overlap by at least
 * `minOverlap` hours (the circular distance of the offsets; the same test as timing.ts's).
 */
function hoursOverlap(tzA: number, tzB: number, minOverlap: number): boolean {
  const d = Math.abs(tzA - tzB) / 3600;
  const circular = Math.min(d % 24, 24 - (d % 24));
  // no shared hours is 0, never negative: with minOverlap 0 people any distance apart may meet
  return !(Math.max(0, WORK_HOURS - circular) < minOverlap);
}

/**
 * One person's best k partners so far: a size-k min-heap on weight (ties: the lower index is
 * better, so results do not depend on the order partners were met), in typed arrays holding the
 * partner, its weight and the sums its edge is made from (edges are made at the end, for the k
 * kept, not for every partner that enters the heap for a while).
 */
class PartnerHeap {
  readonly v: Int32Array;
  readonly w: Float64Array;
  readonly dot: Float64Array;
  readonly ab: Float64Array;
  readonly ba: Float64Array;
  length = 0;

  constructor(private readonly k: number) {
    this.v = new Int32Array(k);
    this.w = new Float64Array(k);
    this.dot = new Float64Array(k);
    this.ab = new Float64Array(k);
    this.ba = new Float64Array(k);
  }

  clear(): void {
    this.length = 0;
  }

  /** false when the heap is full and (v, w) would not beat its weakest */
  wouldKeep(v: number, w: number): boolean {
    return !(this.length >= this.k && (w < this.w[0] || (w === this.w[0] && v > this.v[0])));
  }

  /** adds a partner that wouldKeep() accepted, dropping the weakest when full */
  offer(v: number, w: number, dot: number, ab: number, ba: number): void {
    if (this.length < this.k) {
      this.put(this.length, v, w, dot, ab, ba);
      this.length += 1;
      this.siftUp(this.length - 1);
    } else {
      this.put(0, v, w, dot, ab, ba);
      this.siftDown(0);
    }
  }

  private less(i: number, j: number): boolean {
    return this.w[i] < this.w[j] || (this.w[i] === this.w[j] && this.v[i] > this.v[j]);
  }

  private put(i: number, v: number, w: number, dot: number, ab: number, ba: number): void {
    this.v[i] = v;
    this.w[i] = w;
    this.dot[i] = dot;
    this.ab[i] = ab;
    this.ba[i] = ba;
  }

  private swap(i: number, j: number): void {
    const v = this.v[i];
    this.v[i] = this.v[j];
    this.v[j] = v;
    swapIn(this.w, i, j);
    swapIn(this.dot, i, j);
    swapIn(this.ab, i, j);
    swapIn(this.ba, i, j);
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.length && this.less(l, m)) m = l;
      if (r < this.length && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }
}

function swapIn(a: Float64Array, i: number, j: number): void {
  const x = a[i];
  a[i] = a[j];
  a[j] = x;
}

/** a's entries, then b's */
export function concatChosen(a: ChosenPartners, b: ChosenPartners): ChosenPartners {
  const count = a.count + b.count;
  const join = <T extends Int32Array | Float64Array>(x: T, y: T, make: (size: number) => T): T => {
    const out = make(count);
    out.set(x.subarray(0, a.count));
    out.set(y.subarray(0, b.count), a.count);
    return out;
  };
  const ints = (size: number) => new Int32Array(size);
  const floats = (size: number) => new Float64Array(size);
  return {
    count,
    from: join(a.from, b.from, ints),
    to: join(a.to, b.to, ints),
    dot: join(a.dot, b.dot, floats),
    ab: join(a.ab, b.ab, floats),
    ba: join(a.ba, b.ba, floats),
  };
}

/**
 * Maximum-weight matching by Edmonds' blossom algorithm with dual variables, on typed arrays.
 *
 * The primal-dual method of Joris van Rantwijk's mwmatching.py (http://jorisvr.nl/maximummatching.html,
 * which the `edmonds-blossom-fixed` package translates, and which this file first ported choice for
 * choice), without maxCardinality, with three changes that make it several times faster on the
 * sparse graphs of introduction rounds while it still returns a maximum-weight matching:
 *
 * 1. Alternating trees persist across augmentations. mwmatching ends a stage at every augmentation
 *    and relabels every free vertex, so each of its ~n/2 stages rescans nearly every edge; here an
 *    augmentation unlabels only the two trees it joins (as Blossom V does, Kolmogorov 2009). Every
 *    free vertex stays the root of a tree, an S-vertex in every dual change, so all free vertices
 *    keep the same dual, the least of all vertex duals, and the algorithm ends when it reaches zero.
 * 2. Vertex and blossom duals are kept lazily (the dual as of the last change of label, and the sign
 *    since), and T-blossoms wait in a heap keyed by when their dual reaches zero, so a dual change
 *    costs a few heap steps, not O(n) or O(number of blossoms).
 * 3. The least slack of S–S and S–free edges comes from two heaps keyed so that a key stays put
 *    while the slack falls; stale entries are dropped or re-keyed when they reach the top, and a heap
 *    that has doubled is rebuilt from its live entries at once.
 *
 * Nested blossoms are walked with explicit stacks, not recursion: on 50,000-person rounds they nest
 * thousands deep.
 *
 * Among several maximum-weight matchings it may pick another one than mwmatching would; the total
 * is the same (tests/unit/blossom.test.ts holds it to the package on random graphs with many ties).
 * Weights should be integers (the caller scales them): then every dual and slack is a multiple of
 * ½ far below 2⁵³, exact in a double, so `slack <= 0` and the key comparisons are exact.
 */

/**
 * Walking a blossom's cycle from its child at index i to its base (index 0): forward (j counted
 * negative from the end) when i is odd, backward when even, and which end of each edge is met
 * first (mwmatching's endptrick).
 */
function walkFrom(i: number, length: number): { j: number; jStep: number; endpTrick: number } {
  return i & 1 ? { j: i - length, jStep: 1, endpTrick: 0 } : { j: i, jStep: -1, endpTrick: 1 };
}

/** A binary min-heap of edges by key (typed arrays; equal keys by edge number). */
class EdgeHeap {
  keys = new Float64Array(64);
  edges = new Int32Array(64);
  size = 0;

  push(key: number, edge: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const edges = new Int32Array(this.size * 2);
      edges.set(this.edges);
      this.edges = edges;
    }
    const { keys, edges } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent];
      if (pk < key || (pk === key && edges[parent] <= edge)) break;
      keys[i] = pk;
      edges[i] = edges[parent];
      i = parent;
    }
    keys[i] = key;
    edges[i] = edge;
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    this.siftDown(0, this.keys[last], this.edges[last], last);
  }

  /** Keeps the entries `keep` returns a key for (a new one, or the same), and restores heap order. */
  compact(keep: (key: number, edge: number) => number): void {
    const { keys, edges } = this;
    let size = 0;
    for (let i = 0; i < this.size; i += 1) {
      const key = keep(keys[i], edges[i]);
      if (Number.isNaN(key)) continue;
      keys[size] = key;
      edges[size++] = edges[i];
    }
    this.size = size;
    for (let i = (size >> 1) - 1; i >= 0; i -= 1) this.siftDown(i, keys[i], edges[i], size);
  }

  /** puts (key, edge) at i or below, among the first `size` entries */
  private siftDown(start: number, key: number, edge: number, size: number): void {
    const { keys, edges } = this;
    const last = size;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && edges[c + 1] < edges[c]))) c += 1;
      if (keys[c] > key || (keys[c] === key && edges[c] >= edge)) break;
      keys[i] = keys[c];
      edges[i] = edges[c];
      i = c;
    }
    keys[i] = key;
    edges[i] = edge;
  }
}

/** A slack heap is cleaned of stale entries when it has grown this many times since the last cleaning. */
const COMPACT_GROWTH = 8;

/**
 * mate[v] is v's partner or -1; the array has (largest endpoint + 1) entries.
 *
 * With `gapTolerance` > 0 the algorithm may stop before the matching is maximum, once its duals prove
 * the matching's weight within that fraction of the maximum: every dual solution bounds the maximum
 * from above, and this one exceeds the matching's weight by exactly (free vertices) × (their common
 * dual), since matched edges are tight and every blossom holds a near-perfect matching. The last
 * few augmentations of a large graph are its slowest (their alternating trees span most of the
 * graph): on the 50,000-person bench, the last 100 of 25,000 took 29 % of the time.
 */
export function blossomMatching(
  eu: Int32Array,
  ev: Int32Array,
  ew: Float64Array,
  nEdge: number,
  gapTolerance = 0,
): Int32Array {
  if (nEdge === 0) return new Int32Array(0);
  let n = 0;
  let maxWeight = 0;
  for (let k = 0; k < nEdge; k += 1) {
    if (eu[k] >= n) n = eu[k] + 1;
    if (ev[k] >= n) n = ev[k] + 1;
    if (ew[k] > maxWeight) maxWeight = ew[k];
  }
  const n2 = 2 * n; // vertices 0..n-1, non-trivial blossoms n..2n-1
  // endpoint[p]: vertex at end p of edge p >> 1 (p even: u, odd: v)
  const endpoint = new Int32Array(2 * nEdge);
  for (let k = 0; k < nEdge; k += 1) {
    endpoint[2 * k] = eu[k];
    endpoint[2 * k + 1] = ev[k];
  }
  // neighbend: the remote endpoints of each vertex's edges, in edge order (compressed rows)
  const nbStart = new Int32Array(n + 1);
  for (let k = 0; k < nEdge; k += 1) {
    nbStart[eu[k] + 1] += 1;
    nbStart[ev[k] + 1] += 1;
  }
  for (let v = 0; v < n; v += 1) nbStart[v + 1] += nbStart[v];
  const nbFill = nbStart.slice(0, n);
  const neighbend = new Int32Array(2 * nEdge);
  const neighbour = new Int32Array(2 * nEdge); // endpoint[neighbend[q]]
  for (let k = 0; k < nEdge; k += 1) {
    neighbour[nbFill[eu[k]]] = ev[k];
    neighbend[nbFill[eu[k]]++] = 2 * k + 1;
    neighbour[nbFill[ev[k]]] = eu[k];
    neighbend[nbFill[ev[k]]++] = 2 * k;
  }
  // 2 × weight: with integer weights every dual and slack is then a whole number
  const w2 = new Float64Array(nEdge);
  for (let k = 0; k < nEdge; k += 1) w2[k] = 2 * ew[k];
  // mate[v]: the remote endpoint of v's matched edge, or -1 (vertices become partners at the end)
  const mate = new Int32Array(n).fill(-1);
  // label: 0 unlabelled, 1 S (outer), 2 T (inner), per top-level blossom and per vertex reached;
  // labelEnd: the endpoint through which the label came (-1 for a tree's root)
  const label = new Int32Array(n2);
  const labelEnd = new Int32Array(n2).fill(-1);
  const inBlossom = new Int32Array(n);
  for (let v = 0; v < n; v += 1) inBlossom[v] = v;
  const blossomParent = new Int32Array(n2).fill(-1);
  const blossomChilds: number[][] = new Array(n2);
  const blossomBase = new Int32Array(n2).fill(-1);
  for (let v = 0; v < n; v += 1) blossomBase[v] = v;
  const blossomEndPs: number[][] = new Array(n2);
  const unused = new Int32Array(n);
  let unusedTop = 0;
  for (let b = n2 - 1; b >= n; b -= 1) unused[unusedTop++] = b;
  // Blossom duals, lazily as vertex duals are (below): a top-level S-blossom gains and a top-level
  // T-blossom loses every delta, any other keeps its dual; syncBlossom(b) after b's label or parent changes.
  const blossomDualBase = new Float64Array(n2);
  const blossomDualAt = new Float64Array(n2);
  const blossomDualSign = new Int8Array(n2);
  // T-blossoms by the total delta at which their dual reaches zero (stale entries checked at the top)
  const heapT = new EdgeHeap();
  const allowEdge = new Uint8Array(nEdge);
  const queue: number[] = [];
  const treeOf = new Int32Array(n2).fill(-1);
  // Each tree's top-level blossoms, as a chain of nodes per tree (some may have left the tree since;
  // checked when it is unlabelled): memberHead[tree] → node → memberNext[node] …, -1 at the end.
  const memberHead = new Int32Array(n).fill(-1);
  let memberOf = new Int32Array(n2);
  let memberNext = new Int32Array(n2);
  let memberCount = 0;
  const join = (b: number, tree: number) => {
    treeOf[b] = tree;
    if (memberCount === memberOf.length) {
      const of = new Int32Array(memberCount * 2);
      of.set(memberOf);
      memberOf = of;
      const next = new Int32Array(memberCount * 2);
      next.set(memberNext);
      memberNext = next;
    }
    memberOf[memberCount] = b;
    memberNext[memberCount] = memberHead[tree];
    memberHead[tree] = memberCount++;
  };

  // Vertex duals, lazily: S-vertices lose and T-vertices gain every delta, so each vertex keeps its
  // dual as of the last change of its label (at total delta `dualAt`) and the sign since.
  let totalDelta = 0;
  const dualBase = new Float64Array(n).fill(maxWeight);
  const dualAt = new Float64Array(n);
  const dualSign = new Int8Array(n);
  const dual = (v: number) => dualBase[v] + dualSign[v] * (totalDelta - dualAt[v]);
  const setSign = (v: number, sign: number) => {
    if (dualSign[v] === sign) return;
    dualBase[v] = dual(v);
    dualAt[v] = totalDelta;
    dualSign[v] = sign;
  };
  const slack = (k: number) => dual(eu[k]) + dual(ev[k]) - w2[k];
  const blossomDual = (b: number) => blossomDualBase[b] + blossomDualSign[b] * (totalDelta - blossomDualAt[b]);
  const syncBlossom = (b: number) => {
    if (b < n) return;
    const sign = blossomParent[b] !== -1 ? 0 : label[b] === 1 ? 1 : label[b] === 2 ? -1 : 0;
    if (blossomDualSign[b] === sign) return;
    blossomDualBase[b] = blossomDual(b);
    blossomDualAt[b] = totalDelta;
    blossomDualSign[b] = sign;
    if (sign === -1) heapT.push(blossomDualBase[b] + totalDelta, b);
  };

  // Candidate edges for the next dual change, keyed so that the key stays put while the slack
  // falls: S–S edges fall by 2δ (key = slack + 2Δ), S–free edges by δ (key = slack + Δ). An entry
  // is checked when it reaches the top: dropped if its edge is no longer of its kind, pushed again
  // if its slack fell more slowly than the key assumes (an end was unlabelled for a while).
  const heapSS = new EdgeHeap();
  const heapSF = new EdgeHeap();
  const keySS = new Float64Array(nEdge).fill(Number.NaN); // an S–S edge is met from both ends: once
  const keySF = new Float64Array(nEdge).fill(Number.NaN);
  const pushSS = (key: number, k: number) => {
    if (keySS[k] === key) return;
    keySS[k] = key;
    heapSS.push(key, k);
  };
  const pushSF = (key: number, k: number) => {
    if (keySF[k] === key) return;
    keySF[k] = key;
    heapSF.push(key, k);
  };
  // Most entries go stale (a tree is unlabelled, a free vertex joins a tree) before they reach the
  // top, and popping them one by one from a heap of millions is most of the time of a large round.
  // When a heap has grown eightfold since it was last cleaned, it is rebuilt from the entries still
  // of their kind, each with its current key: the same least entry as popping them would find.
  // (On the 50,000-person bench graph, cleaning at twice cleaned 114 times and read 13.1 M entries;
  // at eightfold 18 times and 7.0 M entries, for 0.6 M more pops: 10–20 % less CPU, the same matching.)
  let limitSF = 1024;
  let limitSS = 1024;
  const compactSF = () => {
    heapSF.compact((key, k) => {
      const lu = label[inBlossom[eu[k]]];
      const lv = label[inBlossom[ev[k]]];
      const fresh = (lu === 1 && lv === 0) || (lu === 0 && lv === 1) ? slack(k) + totalDelta : Number.NaN;
      if (keySF[k] === fresh && key !== fresh) return Number.NaN; // its other entry has that key
      keySF[k] = fresh;
      return fresh;
    });
    limitSF = Math.max(1024, COMPACT_GROWTH * heapSF.size);
  };
  const compactSS = () => {
    heapSS.compact((key, k) => {
      const bu = inBlossom[eu[k]];
      const bw = inBlossom[ev[k]];
      const fresh = bu !== bw && label[bu] === 1 && label[bw] === 1 ? slack(k) + 2 * totalDelta : Number.NaN;
      if (keySS[k] === fresh && key !== fresh) return Number.NaN;
      keySS[k] = fresh;
      return fresh;
    });
    limitSS = Math.max(1024, COMPACT_GROWTH * heapSS.size);
  };

  // a stack for walking nested blossoms without recursion (they nest thousands deep in large rounds)
  const frameBlossom = new Int32Array(n2);
  const frameIndex = new Int32Array(n2);
  const leafBlossom = new Int32Array(n2); // leavesInto's own (expandFree calls it)
  const leafIndex = new Int32Array(n2);
  /** the vertices of blossom b, depth first in child order */
  const leavesInto = (b: number, out: number[]): void => {
    if (b < n) {
      out.push(b);
      return;
    }
    let top = 0;
    leafBlossom[0] = b;
    leafIndex[0] = 0;
    while (top >= 0) {
      const childList = blossomChilds[leafBlossom[top]];
      const t = leafIndex[top];
      if (t === childList.length) {
        top -= 1;
        continue;
      }
      leafIndex[top] = t + 1;
      const c = childList[t];
      if (c < n) out.push(c);
      else {
        top += 1;
        leafBlossom[top] = c;
        leafIndex[top] = 0;
      }
    }
  };
  const leaves = (b: number): number[] => {
    const out: number[] = [];
    leavesInto(b, out);
    return out;
  };

  const scratch: number[] = [];
  const assignLabel = (w0: number, t0: number, p0: number): void => {
    let w = w0;
    let t = t0;
    let p = p0;
    for (;;) {
      const b = inBlossom[w];
      label[w] = label[b] = t;
      labelEnd[w] = labelEnd[b] = p;
      syncBlossom(b);
      join(b, p === -1 ? w : treeOf[inBlossom[endpoint[p]]]);
      const from = scratch.length;
      leavesInto(b, scratch);
      const sign = t === 1 ? -1 : 1;
      for (let ii = from; ii < scratch.length; ii += 1) {
        const x = scratch[ii];
        setSign(x, sign);
        if (t === 1) queue.push(x);
      }
      scratch.length = from;
      if (t === 1) return;
      const base = blossomBase[b];
      w = endpoint[mate[base]];
      p = mate[base] ^ 1;
      t = 1;
    }
  };

  const scanPath: number[] = [];
  const scanBlossom = (v0: number, w0: number): number => {
    let v = v0;
    let w = w0;
    scanPath.length = 0;
    let base = -1;
    while (v !== -1 || w !== -1) {
      let b = inBlossom[v];
      if (label[b] & 4) {
        base = blossomBase[b];
        break;
      }
      scanPath.push(b);
      label[b] = 5;
      if (labelEnd[b] === -1) {
        v = -1;
      } else {
        v = endpoint[labelEnd[b]];
        b = inBlossom[v];
        v = endpoint[labelEnd[b]];
      }
      if (w !== -1) {
        const x = v;
        v = w;
        w = x;
      }
    }
    for (let ii = 0; ii < scanPath.length; ii += 1) label[scanPath[ii]] = 1;
    return base;
  };

  const addBlossom = (base: number, k0: number): void => {
    let v = eu[k0];
    let w = ev[k0];
    const bb = inBlossom[base];
    let bv = inBlossom[v];
    let bw = inBlossom[w];
    const b = unused[--unusedTop];
    blossomBase[b] = base;
    blossomParent[b] = -1;
    blossomParent[bb] = b;
    const path: number[] = [];
    const endPs: number[] = [];
    blossomChilds[b] = path;
    blossomEndPs[b] = endPs;
    while (bv !== bb) {
      blossomParent[bv] = b;
      path.push(bv);
      endPs.push(labelEnd[bv]);
      v = endpoint[labelEnd[bv]];
      bv = inBlossom[v];
    }
    path.push(bb);
    path.reverse();
    endPs.reverse();
    endPs.push(2 * k0);
    while (bw !== bb) {
      blossomParent[bw] = b;
      path.push(bw);
      endPs.push(labelEnd[bw] ^ 1);
      w = endpoint[labelEnd[bw]];
      bw = inBlossom[w];
    }
    label[b] = 1;
    labelEnd[b] = labelEnd[bb];
    join(b, treeOf[bb]);
    blossomDualBase[b] = 0;
    blossomDualAt[b] = totalDelta;
    blossomDualSign[b] = 0;
    syncBlossom(b);
    for (let ii = 0; ii < path.length; ii += 1) syncBlossom(path[ii]);
    const bLeaves = leaves(b);
    for (let ii = 0; ii < bLeaves.length; ii += 1) {
      const x = bLeaves[ii];
      if (label[inBlossom[x]] === 2) queue.push(x); // T-vertices become S-vertices: scan them
      inBlossom[x] = b;
      setSign(x, -1);
    }
  };

  const at = (arr: number[], idx: number) => (idx < 0 ? arr[arr.length + idx] : arr[idx]);

  /** S–free candidates from every vertex of blossom b (just unlabelled) to the S-vertices around */
  const pushFreeEdges = (b: number): void => {
    const from = scratch.length;
    leavesInto(b, scratch);
    for (let ii = from; ii < scratch.length; ii += 1) {
      const x = scratch[ii];
      for (let q = nbStart[x]; q < nbStart[x + 1]; q += 1) {
        if (label[inBlossom[neighbour[q]]] !== 1) continue;
        const k = neighbend[q] >> 1;
        pushSF(slack(k) + totalDelta, k);
      }
    }
    scratch.length = from;
  };

  const freeBlossom = (b: number): void => {
    label[b] = labelEnd[b] = -1;
    syncBlossom(b);
    blossomEndPs[b] = [];
    blossomChilds[b] = [];
    blossomBase[b] = -1;
    unused[unusedTop++] = b;
  };

  /** Expand a T-blossom whose dual reached zero: its children join the tree or are unlabelled. */
  const expandT = (b: number): void => {
    const childs = blossomChilds[b];
    const bLeaves = leaves(b);
    for (let ii = 0; ii < bLeaves.length; ii += 1) setSign(bLeaves[ii], 0);
    for (let ii = 0; ii < childs.length; ii += 1) {
      const s = childs[ii];
      blossomParent[s] = -1;
      if (s < n) inBlossom[s] = s;
      else {
        const sLeaves = leaves(s);
        for (let jj = 0; jj < sLeaves.length; jj += 1) inBlossom[sLeaves[jj]] = s;
      }
    }
    const endPs = blossomEndPs[b];
    const entryChild = inBlossom[endpoint[labelEnd[b] ^ 1]];
    let { j, jStep, endpTrick } = walkFrom(childs.indexOf(entryChild), childs.length);
    let p = labelEnd[b];
    while (j !== 0) {
      label[endpoint[p ^ 1]] = 0;
      label[endpoint[at(endPs, j - endpTrick) ^ endpTrick ^ 1]] = 0;
      assignLabel(endpoint[p ^ 1], 2, p);
      allowEdge[at(endPs, j - endpTrick) >> 1] = 1;
      j += jStep;
      p = at(endPs, j - endpTrick) ^ endpTrick;
      allowEdge[p >> 1] = 1;
      j += jStep;
    }
    let bv = at(childs, j);
    label[endpoint[p ^ 1]] = label[bv] = 2;
    labelEnd[endpoint[p ^ 1]] = labelEnd[bv] = p;
    join(bv, treeOf[inBlossom[endpoint[p]]]);
    const bvLeaves0 = leaves(bv);
    for (let ii = 0; ii < bvLeaves0.length; ii += 1) setSign(bvLeaves0[ii], 1);
    j += jStep;
    while (at(childs, j) !== entryChild) {
      bv = at(childs, j);
      if (label[bv] === 1) {
        j += jStep;
        continue;
      }
      const bvLeaves = leaves(bv);
      let v = -1;
      for (let ii = 0; ii < bvLeaves.length; ii += 1) {
        v = bvLeaves[ii];
        if (label[v] !== 0) break;
      }
      if (label[v] !== 0) {
        label[v] = 0;
        label[endpoint[mate[blossomBase[bv]]]] = 0;
        assignLabel(v, 2, labelEnd[v]);
      }
      j += jStep;
    }
    // children left unlabelled: their edges to S-vertices are S–free candidates now
    for (let ii = 0; ii < childs.length; ii += 1) {
      syncBlossom(childs[ii]);
      if (label[childs[ii]] === 0) pushFreeEdges(childs[ii]);
    }
    freeBlossom(b);
  };

  /**
   * Expand an unlabelled blossom with zero dual (its children, and theirs with zero dual too), depth
   * first in child order, with a stack of (blossom, next child) instead of recursion: blossoms nest
   * thousands deep in large rounds.
   */
  const expandFree = (b0: number): void => {
    let top = 0;
    frameBlossom[top] = b0;
    frameIndex[top] = 0;
    while (top >= 0) {
      const b = frameBlossom[top];
      const childs = blossomChilds[b];
      const ii = frameIndex[top];
      if (ii === childs.length) {
        freeBlossom(b);
        top -= 1;
        continue;
      }
      frameIndex[top] = ii + 1;
      const s = childs[ii];
      blossomParent[s] = -1;
      syncBlossom(s);
      if (s < n) inBlossom[s] = s;
      else if (blossomDual(s) === 0) {
        top += 1;
        frameBlossom[top] = s;
        frameIndex[top] = 0;
      } else {
        const sLeaves = leaves(s);
        for (let jj = 0; jj < sLeaves.length; jj += 1) inBlossom[sLeaves[jj]] = s;
      }
    }
  };

  // augmentBlossom's frames (a stack instead of recursion): blossom, the vertex to become its base,
  // the walk along its cycle (index, step, endpoint trick, the edge being flipped) and the step
  const augB = new Int32Array(n2);
  const augV = new Int32Array(n2);
  const augI = new Int32Array(n2);
  const augJ = new Int32Array(n2);
  const augStep = new Int32Array(n2);
  const augTrick = new Int32Array(n2);
  const augP = new Int32Array(n2);
  const augState = new Int8Array(n2);
  /**
   * Swaps matched and unmatched edges on the even path through blossom b from its base to v (and
   * recursively in the sub-blossoms on it), so that v becomes the base (mwmatching's augmentBlossom).
   */
  const augmentBlossom = (b0: number, v0: number): void => {
    let top = 0;
    const enter = (b: number, v: number) => {
      augB[top] = b;
      augV[top] = v;
      augState[top] = 0;
    };
    enter(b0, v0);
    while (top >= 0) {
      const b = augB[top];
      const childs = blossomChilds[b];
      const endPs = blossomEndPs[b];
      const state = augState[top];
      if (state === 0) {
        // the child of b holding v: made to have v as its base first
        let t = augV[top];
        while (blossomParent[t] !== b) t = blossomParent[t];
        const i = childs.indexOf(t);
        const walk = walkFrom(i, childs.length);
        augI[top] = i;
        augJ[top] = walk.j;
        augStep[top] = walk.jStep;
        augTrick[top] = walk.endpTrick;
        augState[top] = 1;
        if (t >= n) {
          top += 1;
          enter(t, augV[top - 1]);
        }
      } else if (state === 1) {
        // next pair of children on the path, or done: rotate the cycle so that v's child comes first
        if (augJ[top] === 0) {
          const i = augI[top];
          blossomChilds[b] = childs.slice(i).concat(childs.slice(0, i));
          blossomEndPs[b] = endPs.slice(i).concat(endPs.slice(0, i));
          blossomBase[b] = blossomBase[blossomChilds[b][0]];
          top -= 1;
          continue;
        }
        augJ[top] += augStep[top];
        const t = at(childs, augJ[top]);
        const p = at(endPs, augJ[top] - augTrick[top]) ^ augTrick[top];
        augP[top] = p;
        augState[top] = 2;
        if (t >= n) {
          top += 1;
          enter(t, endpoint[p]);
        }
      } else if (state === 2) {
        augJ[top] += augStep[top];
        const t = at(childs, augJ[top]);
        augState[top] = 3;
        if (t >= n) {
          top += 1;
          enter(t, endpoint[augP[top - 1] ^ 1]);
        }
      } else {
        const p = augP[top];
        mate[endpoint[p]] = p ^ 1;
        mate[endpoint[p ^ 1]] = p;
        augState[top] = 1;
      }
    }
  };

  const augmentMatching = (k: number): void => {
    for (let ii = 0; ii < 2; ii += 1) {
      let s = ii === 0 ? eu[k] : ev[k];
      let p = ii === 0 ? 2 * k + 1 : 2 * k;
      for (;;) {
        const bs = inBlossom[s];
        if (bs >= n) augmentBlossom(bs, s);
        mate[s] = p;
        if (labelEnd[bs] === -1) break;
        const t = endpoint[labelEnd[bs]];
        const bt = inBlossom[t];
        s = endpoint[labelEnd[bt]];
        const j = endpoint[labelEnd[bt] ^ 1];
        if (bt >= n) augmentBlossom(bt, j);
        mate[j] = labelEnd[bt];
        p = labelEnd[bt] ^ 1;
      }
    }
  };

  /** reset a blossom and everything inside it to unlabelled; its vertices go into `out` (depth first) */
  const unlabel = (b0: number, out: number[]): void => {
    let top = 0;
    frameBlossom[0] = b0;
    frameIndex[0] = -1;
    while (top >= 0) {
      const b = frameBlossom[top];
      const t = frameIndex[top];
      if (t === -1) {
        label[b] = 0;
        labelEnd[b] = -1;
        if (b < n) {
          setSign(b, 0);
          out.push(b);
          top -= 1;
          continue;
        }
        syncBlossom(b);
      }
      const childList = blossomChilds[b];
      if (t + 1 === childList.length) {
        top -= 1;
        continue;
      }
      frameIndex[top] = t + 1;
      top += 1;
      frameBlossom[top] = childList[t + 1];
      frameIndex[top] = -1;
    }
  };

  // Unlike mwmatching, which starts every stage afresh, labels persist across augmentations: an
  // augmentation unlabels only the two trees it joins, so the other trees and their scanned edges
  // stay. Every free vertex is a root, an S-vertex in every dual change.
  for (let v = 0; v < n; v += 1) if (mate[v] === -1 && label[inBlossom[v]] === 0) assignLabel(v, 1, -1);
  let freeScan = 0;
  const dissolvedTops: number[] = [];
  const dissolvedVertices: number[] = [];
  const remarked: number[] = [];
  const topStamp = new Int32Array(n2);
  let topStampId = 0;
  /**
   * Grows the alternating trees from the queued S-vertices along tight edges: labels free blossoms T,
   * forms blossoms where two S-vertices of one tree meet. Returns the edge that joins two trees (an
   * augmenting path), or -1 once the queue is empty.
   */
  const growTrees = (): number => {
    let augmentedEdge = -1;
    while (queue.length > 0) {
      const v = queue.pop()!;
      let bv = inBlossom[v];
      if (label[bv] !== 1) continue; // its tree was unlabelled after it was queued
      const dv = dual(v);
      for (let q = nbStart[v]; q < nbStart[v + 1]; q += 1) {
        const w = neighbour[q];
        if (bv === inBlossom[w]) continue;
        const p = neighbend[q];
        const k = p >> 1;
        let kSlack = 0;
        if (!allowEdge[k]) {
          kSlack = dv + dual(w) - w2[k];
          if (kSlack <= 0) allowEdge[k] = 1;
        }
        if (allowEdge[k]) {
          const lw = label[inBlossom[w]];
          if (lw === 0) {
            assignLabel(w, 2, p ^ 1);
          } else if (lw === 1) {
            const base = scanBlossom(v, w);
            if (base >= 0) {
              addBlossom(base, k);
              bv = inBlossom[v];
            } else {
              augmentedEdge = k;
              break;
            }
          } else if (label[w] === 0) {
            label[w] = 2;
            labelEnd[w] = p ^ 1;
          }
        } else {
          const lw = label[inBlossom[w]];
          if (lw === 1) pushSS(kSlack + 2 * totalDelta, k);
          else if (lw === 0) pushSF(kSlack + totalDelta, k);
        }
      }
      if (augmentedEdge >= 0) break;
    }
    return augmentedEdge;
  };

  /**
   * Augments along edge k, then unlabels the two trees it joined (only those: the other trees keep
   * their labels) and re-offers the edges around their vertices as candidates.
   */
  const augmentAndUnlabel = (augmentedEdge: number): void => {
    // the two trees the augmenting path joins: every labelled top-level blossom in them
    const f1 = treeOf[inBlossom[eu[augmentedEdge]]];
    const f2 = treeOf[inBlossom[ev[augmentedEdge]]];
    topStampId += 1;
    dissolvedTops.length = 0;
    for (let side = 0; side < 2; side += 1) {
      const f = side === 0 ? f1 : f2;
      for (let node = memberHead[f]; node !== -1; node = memberNext[node]) {
        const b = memberOf[node];
        if (topStamp[b] === topStampId) continue;
        topStamp[b] = topStampId;
        if (blossomParent[b] === -1 && label[b] > 0 && (treeOf[b] === f1 || treeOf[b] === f2)) dissolvedTops.push(b);
      }
      memberHead[f] = -1;
    }
    augmentMatching(augmentedEdge);
    dissolvedVertices.length = 0;
    for (let ii = 0; ii < dissolvedTops.length; ii += 1) {
      const b = dissolvedTops[ii];
      const wasS = label[b] === 1;
      unlabel(b, dissolvedVertices);
      // as mwmatching does at the end of a stage: S-blossoms whose dual is zero come apart
      if (wasS && b >= n && blossomDual(b) === 0) expandFree(b);
    }
    for (let ii = 0; ii < dissolvedVertices.length; ii += 1) {
      const x = dissolvedVertices[ii];
      for (let q = nbStart[x]; q < nbStart[x + 1]; q += 1) {
        const k = neighbend[q] >> 1;
        allowEdge[k] = 0;
        const y = neighbour[q];
        const ly = label[inBlossom[y]];
        if (ly === 1) pushSF(slack(k) + totalDelta, k);
        else if (ly === 2 && label[y] === 2 && endpoint[labelEnd[y]] === x) {
          // a vertex inside a T-blossom of another tree, marked as reached from x: not any more
          label[y] = 0;
          labelEnd[y] = -1;
          remarked.push(y);
        }
      }
    }
    for (let ii = 0; ii < remarked.length; ii += 1) {
      // reached again if a tight edge joins it to another S-vertex
      const y = remarked[ii];
      const by = inBlossom[y];
      for (let q = nbStart[y]; q < nbStart[y + 1] && label[y] === 0; q += 1) {
        const z = neighbour[q];
        const bz = inBlossom[z];
        if (bz === by || label[bz] !== 1) continue;
        const k = neighbend[q] >> 1;
        if (slack(k) <= 0) {
          allowEdge[k] = 1;
          label[y] = 2;
          labelEnd[y] = neighbend[q];
        }
      }
    }
    remarked.length = 0;
  };

  /**
   * The dual change: the least of the free vertices' dual, the S–free and S–S candidate slacks and the
   * T-blossom duals, applied to every top-level blossom, then acted on. Returns false when the least
   * was a free vertex's dual (it reached zero: the matching is maximum).
   */
  const changeDuals = (): boolean => {
    let deltaType = 1;
    let deltaEdge = -1;
    let deltaBlossom = -1;
    // free vertices have been S-vertices in every dual change: theirs is the least vertex dual
    while (freeScan < n && mate[freeScan] !== -1) freeScan += 1;
    let delta = Number.POSITIVE_INFINITY;
    if (freeScan < n) delta = dual(freeScan);
    else for (let v = 0; v < n; v += 1) if (dual(v) < delta) delta = dual(v);
    if (heapSF.size > limitSF) compactSF();
    if (heapSS.size > limitSS) compactSS();
    while (heapSF.size > 0) {
      const k = heapSF.edges[0];
      const lu = label[inBlossom[eu[k]]];
      const lv = label[inBlossom[ev[k]]];
      if (!((lu === 1 && lv === 0) || (lu === 0 && lv === 1))) {
        if (keySF[k] === heapSF.keys[0]) keySF[k] = Number.NaN;
        heapSF.pop();
        continue;
      }
      const s = slack(k);
      const implied = heapSF.keys[0] - totalDelta;
      if (s !== implied) {
        heapSF.pop();
        pushSF(s + totalDelta, k);
        continue;
      }
      if (s < delta) {
        delta = s;
        deltaType = 2;
        deltaEdge = k;
      }
      break;
    }
    while (heapSS.size > 0) {
      const k = heapSS.edges[0];
      const bu = inBlossom[eu[k]];
      const bw = inBlossom[ev[k]];
      if (bu === bw || label[bu] !== 1 || label[bw] !== 1) {
        if (keySS[k] === heapSS.keys[0]) keySS[k] = Number.NaN;
        heapSS.pop();
        continue;
      }
      const s = slack(k);
      const implied = heapSS.keys[0] - 2 * totalDelta;
      if (s !== implied) {
        heapSS.pop();
        pushSS(s + 2 * totalDelta, k);
        continue;
      }
      if (s / 2 < delta) {
        delta = s / 2;
        deltaType = 3;
        deltaEdge = k;
      }
      break;
    }
    while (heapT.size > 0) {
      const b = heapT.edges[0];
      const key = heapT.keys[0];
      if (blossomDualSign[b] !== -1 || blossomDualBase[b] + blossomDualAt[b] !== key) {
        heapT.pop();
        continue;
      }
      if (key - totalDelta < delta) {
        delta = key - totalDelta;
        deltaType = 4;
        deltaBlossom = b;
      }
      break;
    }
    totalDelta += delta;
    if (deltaType === 1) return false;
    if (deltaType === 2) {
      allowEdge[deltaEdge] = 1;
      let i = eu[deltaEdge];
      if (label[inBlossom[i]] === 0) i = ev[deltaEdge];
      queue.push(i);
    } else if (deltaType === 3) {
      allowEdge[deltaEdge] = 1;
      queue.push(eu[deltaEdge]);
    } else {
      expandT(deltaBlossom);
    }
    return true;
  };

  // The stopping test: free × dual ≤ tolerance × weight (all doubled; a free vertex without edges
  // counts no dual: its dual could be zero). The weight only grows (each augmentation adds the two
  // endpoints' dual), so a weight summed earlier is a lower bound; it is summed again, O(n), only
  // when the bound `upper` (the dual objective when it was last summed, which never grows) says
  // the test might pass.
  let free = 0;
  for (let v = 0; v < n; v += 1) if (mate[v] === -1 && nbStart[v + 1] > nbStart[v]) free += 1;
  let weightLow = 0;
  let upper = Number.POSITIVE_INFINITY;
  const provedClose = (): boolean => {
    while (freeScan < n && mate[freeScan] !== -1) freeScan += 1;
    if (freeScan >= n) return false;
    const gap = free * dual(freeScan);
    if (gap > gapTolerance * upper) return false;
    let weight = 0;
    for (let v = 0; v < n; v += 1) if (mate[v] !== -1) weight += w2[mate[v] >> 1];
    weightLow = weight / 2;
    upper = weightLow + gap;
    return gap <= gapTolerance * weightLow;
  };
  for (;;) {
    const augmentedEdge = growTrees();
    if (augmentedEdge >= 0) {
      augmentAndUnlabel(augmentedEdge);
      free -= 2;
      if (gapTolerance > 0 && provedClose()) break;
    } else if (!changeDuals()) break;
  }
  for (let v = 0; v < n; v += 1) if (mate[v] >= 0) mate[v] = endpoint[mate[v]];
  return mate;
}

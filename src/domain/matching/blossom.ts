/**
 * Maximum-weight matching by Edmonds' blossom algorithm with dual variables, O(n³): a typed-array
 * port of the `edmonds-blossom-fixed` npm package (Matt Krick's JavaScript translation of Joris van
 * Rantwijk's mwmatching.py, http://jorisvr.nl/maximummatching.html), without maxCardinality.
 *
 * It makes exactly the same choices as that package, step for step: the same edge order, the same
 * scan order of vertices, neighbours and blossoms, the same tie-breaking (`<` comparisons of
 * slacks), and the package's own departures from mwmatching.py (an empty best-edge list is
 * recomputed from the leaves; vertices count up to the largest endpoint). So it returns the same
 * mate array for the same edges (tests/unit/blossom.test.ts compares the two on random graphs).
 * What differs is only the machinery: typed arrays and compressed neighbour rows instead of arrays
 * of arrays, per-stage resets with fill() instead of fresh arrays, the four minimum scans before a
 * dual update in two passes, and each best edge's slack remembered until the duals next change.
 *
 * Weights should be integers (the caller scales them): then every dual and slack is an exact
 * integer or half-integer in a double and `slack <= 0` is never spoiled by rounding.
 */

/** mate[v] is v's partner or -1; the array has (largest endpoint + 1) entries, like the package's. */
/**
 * Walking a blossom's cycle from its child at index i to its base (index 0): forward (j counted
 * negative from the end) when i is odd, backward when even, and which end of each edge is met
 * first (mwmatching's endptrick).
 */
function walkFrom(i: number, length: number): { j: number; jStep: number; endpTrick: number } {
  return i & 1 ? { j: i - length, jStep: 1, endpTrick: 0 } : { j: i, jStep: -1, endpTrick: 1 };
}

export function blossomMatching(eu: Int32Array, ev: Int32Array, ew: Float64Array, nEdge: number): Int32Array {
  if (nEdge === 0) return new Int32Array(0);
  let n = 0;
  let maxWeight = 0;
  for (let k = 0; k < nEdge; k += 1) {
    if (eu[k] >= n) n = eu[k] + 1;
    if (ev[k] >= n) n = ev[k] + 1;
    if (ew[k] > maxWeight) maxWeight = ew[k];
  }
  const n2 = 2 * n;
  // endpoint[p]: vertex at end p of edge p >> 1 (p even: u, odd: v)
  const endpoint = new Int32Array(2 * nEdge);
  for (let k = 0; k < nEdge; k += 1) {
    endpoint[2 * k] = eu[k];
    endpoint[2 * k + 1] = ev[k];
  }
  // neighbend[v]: the remote endpoints of v's edges, in edge order (compressed rows)
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
  // 2 × weight: with integer weights every dual and slack is an integer far below 2⁵³, so sums are
  // exact in any order and the slacks below equal the package's bit for bit
  const w2 = new Float64Array(nEdge);
  for (let k = 0; k < nEdge; k += 1) w2[k] = 2 * ew[k];
  // mate[v]: the remote endpoint of v's matched edge, -1 (vertices become partners at the end)
  const mate = new Int32Array(n).fill(-1);
  const label = new Int32Array(n2);
  const labelEnd = new Int32Array(n2).fill(-1);
  const inBlossom = new Int32Array(n);
  for (let v = 0; v < n; v += 1) inBlossom[v] = v;
  const blossomParent = new Int32Array(n2).fill(-1);
  const blossomChilds: number[][] = Array.from({ length: n2 }, () => []);
  const blossomBase = new Int32Array(n2).fill(-1);
  for (let v = 0; v < n; v += 1) blossomBase[v] = v;
  const blossomEndPs: number[][] = Array.from({ length: n2 }, () => []);
  const bestEdge = new Int32Array(n2).fill(-1);
  // null where the package has an empty list (both mean "not known": recomputed from the leaves)
  const blossomBestEdges: Array<number[] | null> = new Array(n2).fill(null);
  const unused = new Int32Array(n);
  let unusedTop = 0;
  for (let b = n; b < n2; b += 1) unused[unusedTop++] = b;
  const dualVar = new Float64Array(n2);
  for (let v = 0; v < n; v += 1) dualVar[v] = maxWeight;
  const allowEdge = new Uint8Array(nEdge);
  const queue: number[] = [];
  const bestEdgeTo = new Int32Array(n2).fill(-1); // -1 again after each addBlossom
  const touchedTo: number[] = [];

  const slack = (k: number) => dualVar[eu[k]] + dualVar[ev[k]] - w2[k];
  // The slack of bestEdge[x], remembered until the vertex duals next change (epoch).
  let epoch = 0;
  const cachedEdge = new Int32Array(n2).fill(-1);
  const cachedEpoch = new Int32Array(n2).fill(-1);
  const cachedSlack = new Float64Array(n2);
  const bestSlack = (x: number): number => {
    const k = bestEdge[x];
    if (cachedEdge[x] === k && cachedEpoch[x] === epoch) return cachedSlack[x];
    const sl = slack(k);
    cachedEdge[x] = k;
    cachedEpoch[x] = epoch;
    cachedSlack[x] = sl;
    return sl;
  };
  const setBest = (x: number, k: number, sl: number) => {
    bestEdge[x] = k;
    cachedEdge[x] = k;
    cachedEpoch[x] = epoch;
    cachedSlack[x] = sl;
  };

  /** the package's blossomLeaves: a child index <= n counts as a leaf */
  const leavesInto = (b: number, out: number[]): void => {
    if (b < n) {
      out.push(b);
      return;
    }
    const childList = blossomChilds[b];
    for (let t = 0; t < childList.length; t += 1) {
      if (childList[t] <= n) out.push(childList[t]);
      else leavesInto(childList[t], out);
    }
  };
  const leaves = (b: number): number[] => {
    const out: number[] = [];
    leavesInto(b, out);
    return out;
  };

  const assignLabel = (w0: number, t0: number, p0: number): void => {
    let w = w0;
    let t = t0;
    let p = p0;
    for (;;) {
      const b = inBlossom[w];
      label[w] = label[b] = t;
      labelEnd[w] = labelEnd[b] = p;
      bestEdge[w] = bestEdge[b] = -1;
      if (t === 1) {
        leavesInto(b, queue);
        return;
      }
      // t === 2: the base's partner becomes an S-vertex
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
    dualVar[b] = 0;
    const bLeaves = leaves(b);
    for (let ii = 0; ii < bLeaves.length; ii += 1) {
      const x = bLeaves[ii];
      if (label[inBlossom[x]] === 2) queue.push(x);
      inBlossom[x] = b;
    }
    touchedTo.length = 0;
    const consider = (k: number) => {
      let j = ev[k];
      if (inBlossom[j] === b) j = eu[k];
      const bj = inBlossom[j];
      if (bj !== b && label[bj] === 1) {
        if (bestEdgeTo[bj] === -1) {
          bestEdgeTo[bj] = k;
          touchedTo.push(bj);
        } else if (slack(k) < slack(bestEdgeTo[bj])) bestEdgeTo[bj] = k;
      }
    };
    for (let ii = 0; ii < path.length; ii += 1) {
      const c = path[ii];
      const known = blossomBestEdges[c];
      if (known === null) {
        const cLeaves = leaves(c);
        for (let x = 0; x < cLeaves.length; x += 1) {
          const y = cLeaves[x];
          for (let q = nbStart[y]; q < nbStart[y + 1]; q += 1) consider(neighbend[q] >> 1);
        }
      } else {
        for (let q = 0; q < known.length; q += 1) consider(known[q]);
      }
      blossomBestEdges[c] = null;
      bestEdge[c] = -1;
    }
    // in blossom order, as the package's scan of its whole bestEdgeTo array gives them
    touchedTo.sort((x, y) => x - y);
    const be: number[] = [];
    for (let ii = 0; ii < touchedTo.length; ii += 1) {
      be.push(bestEdgeTo[touchedTo[ii]]);
      bestEdgeTo[touchedTo[ii]] = -1;
    }
    blossomBestEdges[b] = be.length ? be : null;
    bestEdge[b] = -1;
    for (let ii = 0; ii < be.length; ii += 1) {
      const k = be[ii];
      if (bestEdge[b] === -1 || slack(k) < slack(bestEdge[b])) bestEdge[b] = k;
    }
  };

  /** index into a child or end-point list, negative from the back (the package's pIndex) */
  const at = (arr: number[], idx: number) => (idx < 0 ? arr[arr.length + idx] : arr[idx]);

  const expandBlossom = (b: number, endStage: boolean): void => {
    const childs = blossomChilds[b];
    for (let ii = 0; ii < childs.length; ii += 1) {
      const s = childs[ii];
      blossomParent[s] = -1;
      if (s < n) inBlossom[s] = s;
      else if (endStage && dualVar[s] === 0) expandBlossom(s, endStage);
      else {
        const sLeaves = leaves(s);
        for (let jj = 0; jj < sLeaves.length; jj += 1) inBlossom[sLeaves[jj]] = s;
      }
    }
    if (!endStage && label[b] === 2) {
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
      bestEdge[bv] = -1;
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
    }
    label[b] = labelEnd[b] = -1;
    blossomEndPs[b] = [];
    blossomChilds[b] = [];
    blossomBase[b] = -1;
    blossomBestEdges[b] = null;
    bestEdge[b] = -1;
    unused[unusedTop++] = b;
  };

  const augmentBlossom = (b: number, v: number): void => {
    let t = v;
    while (blossomParent[t] !== b) t = blossomParent[t];
    if (t > n) augmentBlossom(t, v);
    const childs = blossomChilds[b];
    const endPs = blossomEndPs[b];
    const i = childs.indexOf(t);
    let { j, jStep, endpTrick } = walkFrom(i, childs.length);
    while (j !== 0) {
      j += jStep;
      t = at(childs, j);
      const p = at(endPs, j - endpTrick) ^ endpTrick;
      if (t >= n) augmentBlossom(t, endpoint[p]);
      j += jStep;
      t = at(childs, j);
      if (t >= n) augmentBlossom(t, endpoint[p ^ 1]);
      mate[endpoint[p]] = p ^ 1;
      mate[endpoint[p ^ 1]] = p;
    }
    blossomChilds[b] = childs.slice(i).concat(childs.slice(0, i));
    blossomEndPs[b] = endPs.slice(i).concat(endPs.slice(0, i));
    blossomBase[b] = blossomBase[blossomChilds[b][0]];
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

  for (let stage = 0; stage < n; stage += 1) {
    label.fill(0);
    bestEdge.fill(-1);
    blossomBestEdges.fill(null);
    allowEdge.fill(0);
    queue.length = 0;
    for (let v = 0; v < n; v += 1) {
      if (mate[v] === -1 && label[inBlossom[v]] === 0) assignLabel(v, 1, -1);
    }
    let augmented = false;
    for (;;) {
      while (queue.length > 0 && !augmented) {
        const v = queue.pop()!;
        const dv = dualVar[v]; // duals change only between these scans
        let bv = inBlossom[v]; // changes only when a blossom is added below
        for (let q = nbStart[v]; q < nbStart[v + 1]; q += 1) {
          const w = neighbour[q];
          if (bv === inBlossom[w]) continue;
          const p = neighbend[q];
          const k = p >> 1;
          let kSlack = 0;
          if (!allowEdge[k]) {
            kSlack = dv + dualVar[w] - w2[k];
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
                augmentMatching(k);
                augmented = true;
                break;
              }
            } else if (label[w] === 0) {
              label[w] = 2;
              labelEnd[w] = p ^ 1;
            }
          } else if (label[inBlossom[w]] === 1) {
            if (bestEdge[bv] === -1 || kSlack < bestSlack(bv)) setBest(bv, k, kSlack);
          } else if (label[w] === 0) {
            if (bestEdge[w] === -1 || kSlack < bestSlack(w)) setBest(w, k, kSlack);
          }
        }
      }
      if (augmented) break;
      let deltaType = 1;
      let deltaEdge = -1;
      let deltaBlossom = -1;
      // The package's four scans in one pass over vertices and one over blossoms: the same minimum,
      // and on equal values the same winner (type 1, then 2, 3, 4, each in index order, by `<`).
      let delta = Number.POSITIVE_INFINITY;
      let d2 = Number.POSITIVE_INFINITY;
      let e2 = -1;
      for (let v = 0; v < n; v += 1) {
        if (dualVar[v] < delta) delta = dualVar[v];
        const k = bestEdge[v];
        if (k !== -1 && label[inBlossom[v]] === 0) {
          const d = bestSlack(v);
          if (d < d2) {
            d2 = d;
            e2 = k;
          }
        }
      }
      if (d2 < delta) {
        delta = d2;
        deltaType = 2;
        deltaEdge = e2;
      }
      let d3 = Number.POSITIVE_INFINITY;
      let e3 = -1;
      let d4 = Number.POSITIVE_INFINITY;
      let b4 = -1;
      for (let b = 0; b < n2; b += 1) {
        if (blossomParent[b] !== -1) continue;
        const lb = label[b];
        if (lb === 1) {
          if (bestEdge[b] !== -1) {
            const d = bestSlack(b) / 2;
            if (d < d3) {
              d3 = d;
              e3 = bestEdge[b];
            }
          }
        } else if (lb === 2 && b >= n && blossomBase[b] >= 0 && dualVar[b] < d4) {
          d4 = dualVar[b];
          b4 = b;
        }
      }
      if (d3 < delta) {
        delta = d3;
        deltaType = 3;
        deltaEdge = e3;
      }
      if (d4 < delta) {
        delta = d4;
        deltaType = 4;
        deltaBlossom = b4;
      }
      epoch += 1;
      for (let v = 0; v < n; v += 1) {
        const l = label[inBlossom[v]];
        if (l === 1) dualVar[v] -= delta;
        else if (l === 2) dualVar[v] += delta;
      }
      for (let b = n; b < n2; b += 1) {
        if (blossomBase[b] >= 0 && blossomParent[b] === -1) {
          if (label[b] === 1) dualVar[b] += delta;
          else if (label[b] === 2) dualVar[b] -= delta;
        }
      }
      if (deltaType === 1) break;
      if (deltaType === 2) {
        allowEdge[deltaEdge] = 1;
        let i = eu[deltaEdge];
        if (label[inBlossom[i]] === 0) i = ev[deltaEdge];
        queue.push(i);
      } else if (deltaType === 3) {
        allowEdge[deltaEdge] = 1;
        queue.push(eu[deltaEdge]);
      } else {
        expandBlossom(deltaBlossom, false);
      }
    }
    if (!augmented) break;
    for (let b = n; b < n2; b += 1) {
      if (blossomParent[b] === -1 && blossomBase[b] >= 0 && label[b] === 1 && dualVar[b] === 0) {
        expandBlossom(b, true);
      }
    }
  }
  for (let v = 0; v < n; v += 1) if (mate[v] >= 0) mate[v] = endpoint[mate[v]];
  return mate;
}

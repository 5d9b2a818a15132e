/**
 * blossom.ts is a faster port of the `edmonds-blossom-fixed` package that live rounds used before
 * (kept as a dev dependency for this comparison only). Rounds must pick the same introductions
 * as before, and among equally good matchings the algorithm's choice depends on every step it
 * takes, so the port must return the very same partner for every person, not just a matching of
 * the same weight. Random graphs of many sizes and densities, with few distinct weights so that
 * ties (and blossoms, expansions) are frequent.
 */
import reference from 'edmonds-blossom-fixed';
import { blossomMatching } from '../../src/domain/matching/blossom';
import { seededRandom } from '../../src/domain/random';

type Edge = [number, number, number];

function randomGraph(rnd: () => number, maxPeople: number): Edge[] {
  const n = 2 + Math.floor(rnd() * maxPeople);
  const maxW = [1, 2, 3, 5, 10, 100, 1_000_000][Math.floor(rnd() * 7)];
  const wanted = Math.floor(rnd() * n * Math.min(n, 12));
  const seen = new Set<number>();
  const edges: Edge[] = [];
  for (let i = 0; i < wanted; i += 1) {
    const u = Math.floor(rnd() * n);
    const v = Math.floor(rnd() * n);
    const key = Math.min(u, v) * n + Math.max(u, v);
    if (u === v || seen.has(key)) continue;
    seen.add(key);
    edges.push([u, v, 1 + Math.floor(rnd() * maxW)]);
  }
  return edges;
}

function port(edges: Edge[]): number[] {
  const mate = blossomMatching(
    Int32Array.from(edges, (e) => e[0]),
    Int32Array.from(edges, (e) => e[1]),
    Float64Array.from(edges, (e) => e[2]),
    edges.length,
  );
  return [...mate];
}

describe('blossomMatching makes the same choices as edmonds-blossom-fixed', () => {
  it('gives the same partner to every vertex on 1,500 random graphs (2 to 60 vertices, tied weights)', () => {
    const rnd = seededRandom('blossom-small');
    let compared = 0;
    for (let g = 0; g < 1500; g += 1) {
      const edges = randomGraph(rnd, 60);
      if (!edges.length) continue;
      compared += 1;
      expect(port(edges)).toEqual(reference(edges.map((e) => [...e] as Edge)));
    }
    expect(compared).toBeGreaterThan(1400);
  });

  it('gives the same partners on larger sparse graphs (up to 400 vertices, like the matcher windows)', () => {
    const rnd = seededRandom('blossom-large');
    for (let g = 0; g < 40; g += 1) {
      const edges = randomGraph(rnd, 400);
      if (!edges.length) continue;
      expect(port(edges)).toEqual(reference(edges.map((e) => [...e] as Edge)));
    }
  });

  it('finds the maximum total, not the heaviest edge first', () => {
    // a triangle 0-1-2 with 3 hanging on 2: taking the heaviest edge 1-2 (6) leaves nothing else;
    // the optimum pairs 0-1 and 2-3 (8).
    const edges: Edge[] = [
      [0, 1, 4],
      [1, 2, 6],
      [0, 2, 4],
      [2, 3, 4],
    ];
    expect(port(edges)).toEqual([1, 0, 3, 2]);
  });

  it('returns an empty array for no edges, and -1 for vertices left single', () => {
    expect(port([])).toEqual([]);
    expect(port([[0, 2, 5]])).toEqual([2, -1, 0]);
  });
});

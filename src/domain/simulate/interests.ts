/**
 * Interests for a network that comes without any (a bare tie list), generated deterministically:
 * every person draws one "own" topic uniformly from a pool of P = clamp(round(N / 25), 8, 400)
 * topics (seeded by the simulation seed and their id), then also takes the own topics of up to
 * NEIGHBOUR_TOPICS of their contacts (chosen with the same seed). Interests so cluster along ties,
 * including cross-department ones, as passions tend to in real organisations.
 */
import { seededRandom, seededShuffle } from '../random';
import { adjacencyOf, type TieList } from '../silos/orgData';

export const NEIGHBOUR_TOPICS = 2;

export function topicPoolSize(people: number): number {
  return Math.max(8, Math.min(400, Math.round(people / 25)));
}

export function generatedInterests(people: string[], ties: TieList, seed: number): string[][] {
  const n = people.length;
  const pool = topicPoolSize(n);
  const own = Int32Array.from(people, (id) => Math.floor(seededRandom(`${seed}:topic:${id}`)() * pool));
  const adj = adjacencyOf(n, ties);
  return people.map((id, i) => {
    const neighbours = Array.from(adj.nbr.subarray(adj.start[i], adj.start[i + 1]));
    const picked = seededShuffle(neighbours, `${seed}:neighbours:${id}`).slice(0, NEIGHBOUR_TOPICS);
    const topics = new Set([own[i], ...picked.map((j) => own[j])]);
    return [...topics].sort((a, b) => a - b).map((t) => `topic-${t + 1}`);
  });
}

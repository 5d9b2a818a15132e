/**
 * What leads see of asks: counts only, over the last quarter. Never who asked whom, who was asked,
 * or who declined. Pure.
 *
 * - asks: requests made ("who could help me with X?"; newcomers' welcome introductions apart);
 * - answered: someone said yes; introductions: group DMs opened (asks and welcomes);
 * - welcomes: newcomers' welcome introductions offered;
 * - topTopics: the topics asked most, each only when at least `threshold` different people asked it.
 * Everything is hidden when fewer than `threshold` different people asked.
 */
export interface AskCountInput {
  askerId: string;
  kind: 'ask' | 'welcome';
  status: string;
  topicTags: string[];
  introduced: boolean;
}

export type AskCounts =
  | { hidden: true }
  | {
      hidden: false;
      asks: number;
      answered: number;
      introductions: number;
      welcomes: number;
      topTopics: Array<{ topic: string; askers: number }>;
    };

export const TOP_TOPICS = 5;

export function askCounts(rows: readonly AskCountInput[], threshold: number): AskCounts {
  const asks = rows.filter((r) => r.kind === 'ask');
  if (new Set(asks.map((r) => r.askerId)).size < threshold) return { hidden: true };
  const askersByTopic = new Map<string, Set<string>>();
  for (const r of asks) {
    for (const t of new Set(r.topicTags)) {
      const set = askersByTopic.get(t) ?? new Set<string>();
      set.add(r.askerId);
      askersByTopic.set(t, set);
    }
  }
  const topTopics = [...askersByTopic]
    .map(([topic, s]) => ({ topic, askers: s.size }))
    .filter((t) => t.askers >= threshold)
    .sort((a, b) => b.askers - a.askers || a.topic.localeCompare(b.topic))
    .slice(0, TOP_TOPICS);
  return {
    hidden: false,
    asks: asks.length,
    answered: asks.filter((r) => r.status === 'matched').length,
    introductions: rows.filter((r) => r.introduced).length,
    welcomes: rows.filter((r) => r.kind === 'welcome').length,
    topTopics,
  };
}

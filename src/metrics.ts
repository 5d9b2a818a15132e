/**
 * Process-wide counters exposed at GET /metrics in the Prometheus text format (version 0.0.4).
 * Counters only: each replica exports its own, Prometheus sums them. Labels are small fixed sets
 * (event type, job kind, Slack method), never a user or message.
 */
type Labels = Record<string, string>;

class Counter {
  private values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }
  get(labels: Labels = {}): number {
    return this.values.get(JSON.stringify(Object.entries(labels).sort()))?.value ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const { labels, value } of this.values.values()) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
        .join(',');
      lines.push(`${this.name}${l ? `{${l}}` : ''} ${value}`);
    }
    return lines.join('\n');
  }
}

export const metrics = {
  eventsIngested: new Counter(
    'weaver_events_ingested_total',
    'Slack events accepted for processing (first delivery), by event type',
  ),
  eventsDeferred: new Counter(
    'weaver_events_deferred_total',
    'event deliveries refused because the journal could not take them (full or unwritable: 503 over HTTP, left unacknowledged over Socket Mode), which Slack resends',
  ),
  eventsDuplicate: new Counter(
    'weaver_events_duplicate_total',
    'Slack event retries and duplicates dropped by event_id',
  ),
  jobsRun: new Counter('weaver_jobs_run_total', 'jobs that finished, by kind'),
  jobsFailed: new Counter('weaver_jobs_failed_total', 'job attempts that threw (retried later or given up), by kind'),
  slackApiCalls: new Counter('weaver_slack_api_calls_total', 'Web API requests sent, by method'),
  slackRateLimited: new Counter('weaver_slack_rate_limited_total', 'Web API requests answered 429, by method'),
  slackErrors: new Counter('weaver_slack_http_errors_total', 'Web API requests answered 5xx or timed out, by method'),
};

/** A value read when scraped: the sum of what each registered source (e.g. each app in the process) reports. */
class Gauge {
  private readonly sources = new Set<() => number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  /** Adds a source; returns the function that removes it (on shutdown). */
  track(read: () => number): () => void {
    this.sources.add(read);
    return () => this.sources.delete(read);
  }
  value(): number {
    let sum = 0;
    for (const read of this.sources) sum += read();
    return sum;
  }
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.value()}`].join('\n');
  }
}

export const gauges = {
  eventsPending: new Gauge(
    'weaver_events_pending',
    'Slack events acked but not yet processed by this replica (the backlog under a burst, or an outage), in its journal',
  ),
  eventsInMemory: new Gauge(
    'weaver_events_in_memory',
    'Slack events held in memory waiting to be processed or being processed (bounded; the rest wait on disk)',
  ),
  journalBytes: new Gauge('weaver_journal_bytes', 'size of the local event journal on disk'),
};

export function renderMetrics(): string {
  return `${[...Object.values(metrics), ...Object.values(gauges)].map((c) => c.render()).join('\n')}\n`;
}

const methodOf = (url: string): string => url.replace(/[?#].*$/, '').replace(/^.*\//, '') || 'unknown';

/** A fetch for WebClient that counts every Web API request, 429 and 5xx/timeout. */
export const countingFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = methodOf(url);
  metrics.slackApiCalls.inc({ method });
  try {
    const res = await fetch(input, init);
    if (res.status === 429) metrics.slackRateLimited.inc({ method });
    else if (res.status >= 500) metrics.slackErrors.inc({ method });
    return res;
  } catch (err) {
    metrics.slackErrors.inc({ method });
    throw err;
  }
};

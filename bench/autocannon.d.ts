// autocannon publishes no types; the part bench/load.ts uses.
declare module 'autocannon' {
  interface Histogram {
    p50: number;
    p99: number;
    max: number;
    average: number;
  }
  interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    requests: { sent: number };
    latency: Histogram;
  }
  function autocannon(options: Record<string, unknown>): Promise<Result>;
  export default autocannon;
}

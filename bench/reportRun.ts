/**
 * One timed live report in its own process (so peak memory is the report's alone):
 *   node bin/run-ts.cjs bench/reportRun.ts DATABASE_URL TEAM_ID
 * Prints one JSON line: { totalMs, queryMs, computeMs, maxRssMiB, ties, members, channels }.
 */
import { connect } from '../src/db';
import { computeLiveReport, type LiveReportTimings } from '../src/services/report';

async function main() {
  const [url, team, now] = process.argv.slice(2);
  const db = connect(url, { max: 4 });
  const timings: LiveReportTimings = { queryMs: 0, computeMs: 0 };
  const started = Date.now();
  const report = await computeLiveReport({ db, now: () => new Date(now) }, team, {}, timings);
  const totalMs = Date.now() - started;
  await db.destroy();
  console.log(
    JSON.stringify({
      totalMs,
      ...timings,
      maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      ties: report.org.ties,
      members: report.org.members,
      channels: report.channels.length,
      modularity: report.org.modularity,
      louvain: report.org.louvain,
      silos: report.org.siloDepartments,
    }),
  );
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});

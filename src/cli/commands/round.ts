/**
 * `weaver round --dry-run [--people] [--team T…]`: the introductions this period's round would
 * propose, with scores and reasons, and the round's total score. Stores and sends nothing; rounds
 * themselves are created by the scheduler once a lead enables them.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { NEAR_EXACT_GAP } from '../../domain/matching/solve';
import { previewRound, type RoundPreview } from '../../services/intros';
import { memberNames } from '../../store/intros';
import { argsErrorText, CliError } from '../errors';
import { chooseTeam, withServices } from '../workspace';

const flags = z.object({
  'dry-run': z.boolean().optional(),
  people: z.boolean().optional(),
  team: z
    .string()
    .regex(/^T[A-Z0-9]+$/, 'a Slack team id such as T0123ABCD')
    .optional(),
  help: z.boolean().optional(),
});

const USAGE = `Usage: weaver round --dry-run [--people] [--team T0123]

Prints the introductions this period's round would propose, each with its score and why, and the
round's total score. Nothing is stored or sent.
  --people   show display names instead of Slack ids
  --team     the workspace (needed only when Weaver serves several)`;

const fmt = (x: number) => x.toFixed(3);

/** how the matching was solved, in words (solve.ts MatchingMethod) */
const solvedHow: Record<RoundPreview['proposal']['method'], string> = {
  exact: 'solved exactly',
  'near-exact': `solved within ${NEAR_EXACT_GAP * 100} % of the best possible total (proved)`,
  'greedy+local': 'solved by the large-round heuristic',
};

/** The dry-run listing (pure). */
export function formatRound(preview: RoundPreview, name: (id: string) => string): string {
  const { proposal } = preview;
  const lines = [
    `Round ${preview.periodKey} (dry run): ${preview.eligible} eligible, ${proposal.introductions.length} introductions, ${proposal.unmatched.length} unmatched, ${proposal.candidatePairs} candidate pairs, ${solvedHow[proposal.method]}`,
  ];
  proposal.introductions.forEach((intro, i) => {
    const people = intro.members.map((u, j) => `${name(u)} (${intro.departments[j]})`).join(' + ');
    lines.push(
      `${String(i + 1).padStart(3)}. ${people}  score ${fmt(intro.score)}${intro.members.length === 3 ? '  [trio]' : ''}`,
    );
    const reasons: string[] = [];
    if (intro.sharedTags.length) reasons.push(`share ${intro.sharedTags.slice(0, 5).join(', ')}`);
    for (const f of intro.fits.slice(0, 3)) reasons.push(`${name(f.teacher)} can teach ${name(f.learner)} ${f.tag}`);
    if (intro.missingBridge) reasons.push('bridges a missing department link');
    lines.push(`       ${reasons.join('; ')}`);
    for (const p of intro.parts) {
      lines.push(
        `       ${name(p.a)}–${name(p.b)}: passion ${fmt(p.shared)}, teach/learn ${fmt(p.complement)}, bridging ${fmt(p.bridging)} → ${fmt(p.score)}`,
      );
    }
  });
  if (proposal.unmatched.length) lines.push(`Unmatched: ${proposal.unmatched.map(name).join(', ')}`);
  lines.push(`Total score: ${fmt(proposal.total)}`);
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = flags.parse(
      parseArgs({
        args: argv,
        options: {
          'dry-run': { type: 'boolean' },
          people: { type: 'boolean' },
          team: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values,
    );
  } catch (err) {
    throw new CliError(argsErrorText(err as Error, ['dry-run', 'people', 'team', 'help']));
  }
  if (parsed.help) return void console.log(USAGE);
  if (!parsed['dry-run'])
    throw new CliError(
      `only --dry-run is supported: rounds are created by the scheduler once a lead enables them (settings.rounds.enabled).`,
    );
  await withServices(async (services) => {
    const teamId = await chooseTeam(services.db, parsed.team);
    const preview = await previewRound(services, teamId);
    const ids = [
      ...new Set(preview.proposal.introductions.flatMap((i) => i.members).concat(preview.proposal.unmatched)),
    ];
    const names = parsed.people ? await memberNames(services.db, teamId, ids) : new Map<string, string>();
    console.log(formatRound(preview, (id) => names.get(id) ?? id));
  });
}

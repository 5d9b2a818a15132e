/**
 * `weaver passions stats | synonym <variant> <canonical> | synonyms` — participation numbers for
 * leads (aggregates only) and the workspace's tag synonym table.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { normaliseTag } from '../../domain/passions/normalise';
import type { Services } from '../../services/context';
import { participationNumbers, type ParticipationNumbers } from '../../services/participation';
import { saveSynonym, workspaceSynonyms } from '../../store/passions';
import { argsErrorText, CliError, issueText } from '../errors';
import { chooseTeam, withServices } from '../workspace';
import { percentOr } from '../../domain/format';

const USAGE = `Usage:
  weaver passions stats [--team T123] [--json]
  weaver passions synonym <variant> <canonical> [--team T123]   e.g. synonym "bouldering" "climbing"
  weaver passions synonyms [--team T123]`;

const flags = z.object({
  team: z
    .string()
    .regex(/^[TE][A-Z0-9]+$/, 'a Slack team id such as T0123ABC')
    .optional(),
  json: z.boolean().default(false),
});

export async function run(argv: string[]): Promise<void> {
  await withServices((services) => runWith(services, argv, (line) => console.log(line)));
}

export async function runWith(services: Services, argv: string[], out: (line: string) => void): Promise<void> {
  const options = {
    team: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let parsedArgs;
  try {
    parsedArgs = parseArgs({ args: argv, options, allowPositionals: true });
  } catch (err) {
    throw new CliError(argsErrorText(err as Error, Object.keys(options)));
  }
  const { values, positionals } = parsedArgs;
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    out(USAGE);
    return;
  }
  const parsed = flags.safeParse(values);
  if (!parsed.success) throw new CliError(issueText(parsed.error.issues[0]));
  const teamId = await chooseTeam(services.db, parsed.data.team);
  switch (action) {
    case 'stats': {
      const numbers = await participationNumbers(services, teamId);
      out(parsed.data.json ? JSON.stringify(numbers, null, 2) : participationText(numbers));
      return;
    }
    case 'synonym': {
      if (rest.length !== 2)
        throw new CliError(
          'synonym needs exactly two arguments, the variant and its canonical tag: weaver passions synonym birding birdwatching',
        );
      const [variant, canonical] = rest;
      if (!normaliseTag(variant) || !normaliseTag(canonical))
        throw new CliError('both the variant and the canonical tag need at least one letter or digit');
      await saveSynonym(services.db, teamId, variant.trim(), canonical.trim(), 'cli');
      out(
        `From now on “${variant}” counts as “${canonical}” (tags already saved keep theirs until the person updates them).`,
      );
      return;
    }
    case 'synonyms': {
      const rows = await workspaceSynonyms(services.db, teamId);
      out(
        rows.length
          ? rows.map((r) => `${r.variant} → ${r.canonical}`).join('\n')
          : 'No workspace synonyms yet (the built-in ones always apply).',
      );
      return;
    }
    default:
      throw new CliError(`unknown action "${action}": use stats, synonym or synonyms`);
  }
}

function participationText(n: ParticipationNumbers): string {
  const pct = percentOr(n.answerRate, '—');
  const lines = [
    `Prompts sent:          ${n.promptsSent}`,
    `Prompts answered:      ${n.promptsAnswered} (${pct})`,
    `People with passions:  ${n.peopleWithPassions}`,
    `Median tags a person:  ${n.medianTagsPerPerson ?? `— (shown from ${n.privacyThreshold} people)`}`,
    '',
    `Most shared tags (named only when at least ${n.privacyThreshold} people share them):`,
    ...(n.topTags.length ? n.topTags.map((t) => `  ${String(t.people).padStart(4)}  ${t.label}`) : ['  none yet']),
  ];
  return lines.join('\n');
}

/** Flag parsing shared by the report commands: node:util parseArgs, then a zod schema; mistakes become CliErrors with the usage. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { FORMATS } from '../report';
import { CliError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses argv against `options` (string and boolean flags) and validates the values with `schema`.
 * Returns null after printing the usage when --help was given.
 */
export function parseCommandFlags<T extends z.ZodTypeAny>(
  argv: string[],
  options: Options,
  schema: T,
  usage: string,
): { flags: z.infer<T>; positionals: string[] } | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return null;
  }
  const { help: _help, ...values } = parsed.values;
  const result = schema.safeParse(values);
  if (!result.success)
    throw new CliError(result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  return { flags: result.data, positionals: parsed.positionals };
}

export const stringFlags = (...names: string[]): Options =>
  Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));

/** --format of the report commands. A PNG is not a report format but the heat map, so `png` says where it is. */
export const formatFlag = z
  .enum(FORMATS, {
    error: (issue) =>
      issue.input === 'png'
        ? `a PNG (the department heat map) is written with --png FILE; --format is one of ${FORMATS.join(', ')}`
        : `must be one of ${FORMATS.join(', ')}`,
  })
  .default('text');

/**
 * The input of `weaver analyze` and `weaver simulate`: one Slack export (zip or folder) as the
 * positional argument, or `--edges ties.csv` with `--departments people.csv`. Returns the export's path.
 */
export function exportOrEdges(
  positionals: string[],
  flags: { edges?: string; departments?: string },
  usage: string,
): string | undefined {
  const [path, ...extra] = positionals;
  if (extra.length) throw new CliError(`one export at a time (got ${positionals.join(', ')})`);
  if (!path && !flags.edges) throw new CliError(`give a Slack export (zip or folder) or --edges ties.csv\n\n${usage}`);
  if (path && flags.edges) throw new CliError('give either a Slack export or --edges, not both');
  if (flags.edges && !flags.departments) {
    throw new CliError('--edges needs --departments people.csv (header id,department)');
  }
  return path;
}

/** A comma-separated list of channel-name patterns (`cop-*,guild-*`), or undefined when not given. */
export const patternsFlag = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : undefined,
  );

/**
 * Flag parsing shared by the commands: node:util parseArgs, then a schema (zod's, or one built from
 * the plain checks below); a mistake becomes a one-line CliError in Weaver's words. This module does not load zod:
 * `weaver analyze` checks its flags with the plain checks, so its start does not pay zod's load
 * (≈ 0.1 s of CPU, docs/cli-build.md).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FORMATS } from '../report';
import { argsErrorText, CliError, type FlagIssue, issueText } from './errors';
import { isoDay } from '../domain/format';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What parseCommandFlags needs of a schema: a zod schema has it, and so has `flagSchema`'s. */
export interface FlagSchema<T> {
  safeParse(values: unknown): { success: true; data: T } | { success: false; error: { issues: readonly FlagIssue[] } };
}

/**
 * Parses argv against `options` (string and boolean flags) and validates the values with `schema`.
 * Returns null after printing the usage when --help was given.
 */
export function parseCommandFlags<T>(
  argv: string[],
  options: Options,
  schema: FlagSchema<T>,
  usage: string,
): { flags: T; positionals: string[] } | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new CliError(argsErrorText(err as Error & { code?: string }, [...Object.keys(options), 'help']));
  }
  if (parsed.values.help) {
    console.log(usage);
    return null;
  }
  const { help: _help, ...values } = parsed.values;
  const result = schema.safeParse(values);
  if (!result.success) throw new CliError(result.error.issues.map(issueText).join('; '));
  return { flags: result.data, positionals: parsed.positionals };
}

export const stringFlags = (...names: string[]): Options =>
  Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));

/** Why a --format value is refused. A PNG is not a report format but the heat map, so `png` says where it is. */
export const formatError = (input: unknown): string =>
  input === 'png'
    ? `a PNG (the department heat map) is written with --png FILE; --format is one of ${FORMATS.join(', ')}`
    : `must be one of ${FORMATS.join(', ')}`;

/** A comma-separated list of channel-name patterns (`cop-*,guild-*`), or undefined when not given. */
export const splitPatterns = (s: string | undefined): string[] | undefined =>
  s
    ? s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : undefined;

/** One flag's check: its parsed value, or why it is refused. */
export type FlagCheck<T> = (raw: unknown) => { ok: true; value: T } | { ok: false; message: string };

type Checked<C> = { [K in keyof C]: C[K] extends FlagCheck<infer T> ? T : never };

/** A schema from one check per flag (flags without a check are dropped, as zod's object drops them). */
export function flagSchema<C extends Record<string, FlagCheck<unknown>>>(checks: C): FlagSchema<Checked<C>> {
  return {
    safeParse(values) {
      const given = values as Record<string, unknown>;
      const data: Record<string, unknown> = {};
      const issues: FlagIssue[] = [];
      for (const [name, check] of Object.entries(checks)) {
        const result = check(given[name]);
        if (result.ok) data[name] = result.value;
        else issues.push({ path: [name], message: result.message });
      }
      return issues.length ? { success: false, error: { issues } } : { success: true, data: data as Checked<C> };
    },
  };
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const refused = (message: string) => ({ ok: false as const, message });

/** Plain checks for flagSchema. Values come from parseArgs: strings, booleans or undefined. */
export const checks = {
  /** an optional non-empty string (a file name) */
  text: ((raw) =>
    raw === undefined || raw !== '' ? ok(raw as string | undefined) : refused('must not be empty')) as FlagCheck<
    string | undefined
  >,
  /** a boolean flag, false when absent */
  switch: ((raw) => ok(raw === true)) as FlagCheck<boolean>,
  /** a whole number in [min, max], `fallback` when absent */
  wholeNumber:
    (min: number, max: number, fallback: number): FlagCheck<number> =>
    (raw) => {
      if (raw === undefined) return ok(fallback);
      const n = Number(raw);
      return Number.isInteger(n) && n >= min && n <= max && String(raw).trim() !== ''
        ? ok(n)
        : refused(`must be a whole number from ${min} to ${max}`);
    },
  /** one of the report formats, text when absent */
  format: ((raw) =>
    raw === undefined
      ? ok('text')
      : (FORMATS as readonly unknown[]).includes(raw)
        ? ok(raw as (typeof FORMATS)[number])
        : refused(formatError(raw))) as FlagCheck<(typeof FORMATS)[number]>,
  /** a day, YYYY-MM-DD */
  day: ((raw) => {
    if (raw === undefined) return ok(undefined);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(raw))) return refused('must be a date like 2026-01-31');
    const time = Date.parse(`${raw}T00:00:00Z`); // 2026-02-30 parses (as March 2nd): compare the day back
    const real = !Number.isNaN(time) && isoDay(time) === raw;
    return real ? ok(raw as string) : refused('is not a real date');
  }) as FlagCheck<string | undefined>,
  /** channel-name patterns */
  patterns: ((raw) => ok(splitPatterns(raw as string | undefined))) as FlagCheck<string[] | undefined>,
  /** an optional value read by `parse`, refused with `message` when it returns null */
  parsed:
    <T>(parse: (s: string) => T | null, message: (s: string) => string): FlagCheck<T | undefined> =>
    (raw) => {
      if (raw === undefined) return ok(undefined);
      const value = parse(String(raw));
      return value === null ? refused(message(String(raw))) : ok(value);
    },
};

/**
 * The input of `weaver analyze` and `weaver simulate`: one Slack export (zip or folder) as the
 * positional argument, or `--edges ties.csv` with `--departments people.csv`. Returns the export's path.
 */
export function exportOrEdges(
  positionals: string[],
  flags: { edges?: string; departments?: string },
): string | undefined {
  const [path, ...extra] = positionals;
  if (extra.length) throw new CliError(`one export at a time (got ${positionals.join(', ')})`);
  if (!path && !flags.edges)
    throw new CliError(`give a Slack export (zip or folder) or --edges ties.csv (--help shows how)`);
  if (path && flags.edges) throw new CliError('give either a Slack export or --edges, not both');
  if (flags.edges && !flags.departments) {
    throw new CliError('--edges needs --departments people.csv (header id,department)');
  }
  return path;
}

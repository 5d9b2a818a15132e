/**
 * The limits on what a Slack export zip may unpack to, apart from the reader (src/import/slackExport.ts)
 * so that `weaver analyze --edges` and its usage text do not load the zip library.
 */
const GiB = 1024 ** 3;

export interface ArchiveLimits {
  /** most bytes one zip entry may unpack to (default 2 GiB) */
  maxEntryBytes: number;
  /** most bytes the entries read from a zip may unpack to together (default 4 GiB) */
  maxTotalBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntryBytes: 2 * GiB, maxTotalBytes: 4 * GiB };

/** A zip unpacks to more than the limits allow: the import stops. */
export class ArchiveLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveLimitError';
  }
}

/** Bytes for people: "4 GiB", "300 MiB". */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', GiB],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= size) return `${Number((n / size).toFixed(2))} ${unit}`;
  }
  return `${n} bytes`;
}

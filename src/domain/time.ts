/** Durations in milliseconds, shared by every layer (one definition each, pure; `format.ts` re-exports DAY_MS). */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

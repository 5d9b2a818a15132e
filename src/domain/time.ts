/** Durations in milliseconds, shared by every layer (one definition, pure). */
export const DAY_MS = 86_400_000;

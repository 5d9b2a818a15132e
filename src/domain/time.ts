/** Durations in milliseconds, shared by every layer (one definition, pure). */
export const DAY_MS = 86_400_000;

/** A span of minutes in words for people: "3 d 11 h", "6 h 40 min", "12 min". */
export function minutesInWords(minutes: number): string {
  const total = Math.max(0, Math.ceil(minutes));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d) return `${d} d${h ? ` ${h} h` : ''}`;
  if (h) return `${h} h${m ? ` ${m} min` : ''}`;
  return `${m} min`;
}

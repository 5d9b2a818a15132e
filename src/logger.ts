/**
 * Logs through pino. Never log message text or tokens: the redact list is the safety net.
 * On a terminal they read as one line per event ("12:03:04 WARN  cannot reach Slack … url=…");
 * piped or collected, or with LOG_FORMAT=json, they are pino's JSON lines.
 */
import pino from 'pino';

export type Logger = pino.Logger;
export type LogFormat = 'auto' | 'json' | 'lines';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname']);

const shown = (v: unknown): string => {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (v instanceof Object) return JSON.stringify(v);
  return String(v);
};

/** One JSON log line as a readable line: local time, level, message, then the fields as key=value. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json);
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = new Date(Number(entry.time) || Date.now()).toTimeString().slice(0, 8);
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${shown(v)}`);
  return `${[time, level, String(entry.msg ?? ''), ...fields].filter(Boolean).join('  ')}\n`;
}

/** `destination` lets tests capture the JSON lines (e.g. to prove no token is ever logged). */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
  // read here (validated by the config schema at start) so every command's logger follows it
  format: LogFormat = (process.env.LOG_FORMAT as LogFormat | undefined) ?? 'auto',
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'weaver' },
    redact: {
      paths: ['token', 'botToken', '*.token', '*.botToken', 'headers.authorization', 'text', '*.text'],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  const lines = format === 'lines' || (format === 'auto' && process.stdout.isTTY === true);
  return lines
    ? pino(options, { write: (json: string) => void process.stdout.write(readableLine(json)) })
    : pino(options);
}

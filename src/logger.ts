/** Structured JSON logs (pino). Never log message text or tokens: the redact list is the safety net. */
import pino from 'pino';

export type Logger = pino.Logger;

/** `destination` lets tests capture the JSON lines (e.g. to prove no token is ever logged). */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'weaver' },
    redact: {
      paths: ['token', 'botToken', '*.token', '*.botToken', 'headers.authorization', 'text', '*.text'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Structured JSON logs (pino). Never log message text or tokens: the redact list is the safety net. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'weaver' },
    redact: {
      paths: ['token', 'botToken', '*.token', '*.botToken', 'headers.authorization', 'text', '*.text'],
      censor: '[redacted]',
    },
  });
}

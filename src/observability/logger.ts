import winston from 'winston';
import { maskSecretsIn, redactString, redactValue } from './redact';

export type Logger = winston.Logger;

const WINSTON_META_KEYS = new Set(['level', 'message', 'timestamp']);

/** Redacts every field except winston's own, unless the logger runs at debug level or finer. */
const redactFormat = winston.format((info) => {
  if (!info.redact) return info;
  for (const key of Object.keys(info)) {
    if (WINSTON_META_KEYS.has(key) || key === 'redact') continue;
    info[key] = (redactValue({ [key]: info[key] }) as Record<string, unknown>)[key];
  }
  if (typeof info.message === 'string') info.message = redactString(info.message);
  return info;
});

/** Masks secrets in the message and every field, whatever the level (see maskSecretsIn). */
const maskSecretsFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key !== 'level' && key !== 'timestamp' && key !== 'redact') info[key] = maskSecretsIn(info[key]);
  }
  return info;
});

const dropRedactFlag = winston.format((info) => {
  delete info.redact;
  return info;
});

export interface LoggerOptions {
  level?: string;
  /** Write nowhere (tests that assert nothing about logs). */
  silent?: boolean;
  /** Extra transport, e.g. a memory stream in tests. */
  transports?: winston.transport[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const redact = !['debug', 'silly'].includes(level);
  return winston.createLogger({
    level,
    silent: options.silent,
    defaultMeta: { redact },
    format: winston.format.combine(
      winston.format.errors({ stack: false }),
      maskSecretsFormat(),
      redactFormat(),
      dropRedactFlag(),
      winston.format.timestamp(),
      winston.format.json(),
    ),
    transports: options.transports ?? [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}

/** A logger that discards everything, for unit tests and scripts. */
export function createSilentLogger(): Logger {
  return createLogger({ silent: true });
}

import pino from 'pino';
import { getConfig } from '../config';

/** Field names whose values are never written to logs, at any depth we know of. */
export const REDACTED_PATHS = [
  'password',
  'code',
  'apiKey',
  'key',
  'token',
  'secret',
  'authorization',
  'accessToken',
  'refreshToken',
  '*.password',
  '*.code',
  '*.apiKey',
  '*.key',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.accessToken',
  '*.refreshToken',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
];

let logger: pino.Logger | undefined;

/** The process logger: structured JSON (pino) with secrets redacted. */
export function getLogger(): pino.Logger {
  logger ??= pino({
    level: getConfig().logLevel,
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
  return logger;
}

/**
 * What to log about an unexpected error. Drizzle's query errors append the bound parameters to their
 * message; parameters can carry user input and hashes, so only the statement and the cause are kept.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const withoutParams = (message: string) => message.split('\nparams:')[0];
  const cause = error.cause instanceof Error ? withoutParams(error.cause.message) : undefined;
  return {
    error: error.name,
    message: withoutParams(error.message),
    ...(cause === undefined ? {} : { cause }),
    // Frames only: the stack's head repeats the message, parameters included.
    stack: error.stack
      ?.split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .join('\n'),
  };
}

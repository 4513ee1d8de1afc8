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

import { errorEnvelopeSchema } from '../envelope';

/** OpenAPI security requirement of every authenticated route: either header form. */
export const KEY_SECURITY: Array<Record<string, string[]>> = [
  { ApiKeyHeader: [] },
  { BearerAuth: [] },
];

const ERROR_DESCRIPTIONS = {
  400: 'VALIDATION_ERROR: bad input, with the field named',
  401: 'UNAUTHORIZED (no key), INVALID_API_KEY (unknown, malformed, revoked), EXPIRED_TOKEN',
  403: 'INSUFFICIENT_PERMISSIONS, LIVE_ACCESS_DISABLED, SANDBOX_ONLY',
  404: 'Not found',
  409: 'Conflict',
  429: "RATE_LIMIT_EXCEEDED (over the key's rate) or QUOTA_EXCEEDED (over the plan's monthly quota); see Retry-After",
  503: 'SERVICE_UNAVAILABLE',
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

const json = { 'application/json': { schema: errorEnvelopeSchema } };

/** Error responses of a route for the OpenAPI document. */
export function errorResponses<S extends ErrorStatus>(
  statuses: readonly S[],
  overrides: Partial<Record<S, string>> = {},
): Record<S, { description: string; content: typeof json }> {
  const out = {} as Record<S, { description: string; content: typeof json }>;
  for (const status of statuses) {
    out[status] = { description: overrides[status] ?? ERROR_DESCRIPTIONS[status], content: json };
  }
  return out;
}

/** The errors every authenticated route can answer. */
export const AUTH_ERRORS = [400, 401, 403, 429] as const;

export function jsonContent<T>(schema: T) {
  return { 'application/json': { schema } };
}

import { describe, expect, it } from 'vitest';
import { API_ERRORS, ApiError } from './errors';
import { issueToError } from './validation';

describe('error codes', () => {
  it('map every documented code to exactly its HTTP status', () => {
    const design: Record<string, number> = {
      UNAUTHORIZED: 401,
      INVALID_API_KEY: 401,
      EXPIRED_TOKEN: 401,
      RATE_LIMIT_EXCEEDED: 429,
      INSUFFICIENT_PERMISSIONS: 403,
      LIVE_ACCESS_DISABLED: 403,
      DEVICE_NOT_FOUND: 404,
      VALIDATION_ERROR: 400,
      ALLOWANCE_EXCEEDED: 403,
      CAPABILITY_NOT_SUPPORTED: 400,
      DEVICE_DISCONNECTED: 409,
      IDEMPOTENCY_CONFLICT: 409,
      ACTION_NOT_FOUND: 404,
      SCHEDULE_NOT_FOUND: 404,
    };
    for (const [code, status] of Object.entries(design)) {
      expect(API_ERRORS[code as keyof typeof API_ERRORS].status).toBe(status);
      expect(new ApiError(code as keyof typeof API_ERRORS).status).toBe(status);
    }
    expect(API_ERRORS.NOT_FOUND.status).toBe(404);
    expect(API_ERRORS.INTERNAL_ERROR.status).toBe(500);
  });
});

describe('issueToError', () => {
  it('names the field of the first issue', () => {
    const error = issueToError('json', [
      { code: 'invalid_type', path: ['userId'], message: 'Invalid input' },
    ]);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'userId', status: 400 });
    expect(error.message).toBe('userId: Invalid input');
  });

  it('names an unrecognized key, nested paths and the whole body', () => {
    expect(
      issueToError('json', [
        { code: 'unrecognized_keys', path: [], keys: ['extra'], message: 'Unrecognized key' },
      ]).field,
    ).toBe('extra');
    expect(
      issueToError('json', [{ code: 'invalid_type', path: ['a', 0, 'b'], message: 'x' }]).field,
    ).toBe('a.0.b');
    expect(issueToError('json', [{ code: 'invalid_type', path: [], message: 'x' }]).field).toBe(
      'body',
    );
    expect(issueToError('query', []).code).toBe('VALIDATION_ERROR');
  });
});

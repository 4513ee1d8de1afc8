/**
 * Every error the REST API can answer, mapped to its HTTP status and a user-safe default message in one
 * place. Handlers throw ApiError; the app's error handler turns it into the envelope.
 */

export const API_ERRORS = {
  UNAUTHORIZED: {
    status: 401,
    message: 'No API key: send it in x-api-key or Authorization: Bearer',
  },
  INVALID_API_KEY: { status: 401, message: 'The API key is invalid or has been revoked' },
  EXPIRED_TOKEN: { status: 401, message: 'The API key has expired' },
  RATE_LIMIT_EXCEEDED: { status: 429, message: 'Too many requests for this API key' },
  QUOTA_EXCEEDED: {
    status: 429,
    message:
      'The monthly request quota of your plan is used up; it renews at the start of next month (UTC)',
  },
  INSUFFICIENT_PERMISSIONS: {
    status: 403,
    message: 'The API key lacks the permission for this request',
  },
  LIVE_ACCESS_DISABLED: { status: 403, message: 'Live access is not enabled for this customer' },
  ALLOWANCE_EXCEEDED: {
    status: 403,
    message: 'The device is beyond the customer’s allowance: raise the cap to use it',
  },
  SANDBOX_ONLY: { status: 403, message: 'This route is available to sandbox keys only' },
  DEVICE_NOT_FOUND: {
    status: 404,
    message: 'No such device for this customer in this environment',
  },
  APP_NOT_FOUND: { status: 404, message: 'No such app for this customer' },
  ACTION_NOT_FOUND: {
    status: 404,
    message: 'No such action for this customer in this environment',
  },
  SCHEDULE_NOT_FOUND: { status: 404, message: 'No such schedule for this device' },
  ENDPOINT_NOT_FOUND: { status: 404, message: 'No such webhook endpoint' },
  EVENT_NOT_FOUND: { status: 404, message: 'No such webhook event' },
  NOT_FOUND: { status: 404, message: 'No such route' },
  VALIDATION_ERROR: { status: 400, message: 'The request is invalid' },
  CAPABILITY_NOT_SUPPORTED: {
    status: 400,
    message: 'The device does not support this action',
  },
  DEVICE_DISCONNECTED: {
    status: 409,
    message: 'The device is disconnected: its user must reconnect it',
  },
  ENDPOINT_LIMIT_REACHED: {
    status: 409,
    message: 'The webhook endpoint limit for this environment is reached: delete an endpoint first',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    message: 'This Idempotency-Key was used with a different request',
  },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is not ready' },
  INTERNAL_ERROR: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export type ApiErrorStatus = (typeof API_ERRORS)[ApiErrorCode]['status'];

export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ApiErrorStatus;

  constructor(
    readonly code: ApiErrorCode,
    message?: string,
    /** The offending input field, for VALIDATION_ERROR. */
    readonly field?: string,
  ) {
    super(message ?? API_ERRORS[code].message);
    this.status = API_ERRORS[code].status;
  }
}

export function validationError(field: string, message: string): ApiError {
  return new ApiError('VALIDATION_ERROR', `${field}: ${message}`, field);
}

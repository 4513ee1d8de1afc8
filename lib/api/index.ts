export type { Api, ApiDeps } from './app';
export { DEFAULT_DEVICE_CACHE_MS, MAX_BODY_BYTES, createApi, createApiApp } from './app';
export type { DeviceReadFastPath } from './device-read';
export type { ApiRateLimiter, RateLimitResult, RateLimiterOptions } from './rate-limit';
export { createRateLimiter } from './rate-limit';
export type { ApiErrorCode } from './errors';
export { API_ERRORS, ApiError } from './errors';

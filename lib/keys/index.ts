export type { ApiPermission } from './permissions';
export { ALL_PERMISSIONS, apiPermissionSchema, isApiPermission } from './permissions';
export { API_KEY_LENGTH, generateApiKey, hashApiKey, parseApiKey } from './key-format';
export type { CreateApiKeyInput } from './create-api-key';
export { createApiKey } from './create-api-key';
export { revokeApiKey } from './revoke-api-key';
export { keyRateLimitSchema, setApiKeyRateLimit } from './update-api-key';
export type { KeyFailureCode, VerifiedApiKey, VerifyApiKeyResult } from './verify-api-key';
export {
  LAST_USED_INTERVAL_MS,
  flushKeyUsage,
  verifyApiKey,
  verifyCachedApiKey,
} from './verify-api-key';
export { CACHE_TTL_MS } from './key-cache';
export { InvalidKeyInputError, NotFoundError } from './errors';

export { NotFoundError, ValidationError } from './errors';
export { createCustomer, getCustomer, updateCustomer } from './customers';
export { createCustomerApp, getCustomerApp } from './customer-apps';
export { APP_CACHE_TTL_MS, getCustomerAppCached, invalidateCustomerApps } from './app-cache';
export { updateCustomerApp } from './update-customer-app';
export { grantLiveAccess, listLiveAccessRequests } from './live-access';
export type { CustomerAppWithCustomer } from './customer-apps';
export type { MutationOptions } from './audit';
export { DEFAULT_ACTOR, recordCustomerAudit } from './audit';
export { checkAppUrl, LOOPBACK_HOSTS } from './url-policy';
export type { UrlCheck } from './url-policy';
export { TIERS } from './schemas';
export type {
  CreateCustomerAppInput,
  CreateCustomerInput,
  Tier,
  UpdateCustomerAppInput,
  UpdateCustomerInput,
} from './schemas';

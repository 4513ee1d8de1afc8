/** Webhooks: events outbox, endpoints, Standard Webhooks signing, dispatcher and delivery log. */
export type {
  WebhookEventType,
  WebhookPayload,
  WebhookEndpointSummary,
  WebhookDeliverySummary,
} from './types';
export { WEBHOOK_EVENT_TYPES, webhookPayloadSchema } from './types';
export { enqueueEvent, replayEvent, sendTestEvent, countDeliveries, outboxCtes } from './outbox';
export {
  createWebhookEndpoint,
  listWebhookEndpoints,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  deleteWebhookEndpoint,
  addWebhookSecret,
  removeWebhookSecret,
  WebhookCustomerError,
  WebhookEndpointLimitError,
  MAX_WEBHOOK_ENDPOINTS,
} from './endpoints';
export type { SecretRotationResult } from './endpoints';
export { listDeliveries, listDeliveryAttempts } from './deliveries';
export type { WebhookAttemptSummary } from './deliveries';
export { WebhookUrlError, checkWebhookUrl } from './url-check';
export type { ResolveHost } from './url-check';
export { WEBHOOK_ERROR_CLASSES } from './error-class';
export type { WebhookErrorClass } from './error-class';
export { startDispatcher, DELIVERY_TIMEOUT_MS, SANDBOX_DELIVERY_TIMEOUT_MS } from './dispatcher';
export type { LocalReceiver } from './dispatcher-options';
export type { Dispatcher, DispatcherOptions } from './dispatcher';
export { notifyDispatcher } from './wake';
export { generateWebhookSecret } from './secrets';

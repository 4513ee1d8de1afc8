import { z } from 'zod';

export const WEBHOOK_EVENT_TYPES = [
  'device.connected',
  'device.disconnected',
  'device.reconnected',
  'action.succeeded',
  'action.failed',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

/** The JSON body POSTed to receivers (action events: docs/actions.md). */
export const webhookPayloadSchema = z.object({
  id: z.string(),
  type: webhookEventTypeSchema,
  createdAt: z.string(),
  environment: z.enum(['sandbox', 'live']),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export interface WebhookEndpointSummary {
  endpointId: string;
  url: string;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
}

export interface WebhookDeliverySummary {
  deliveryId: number;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastResponseBytes: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

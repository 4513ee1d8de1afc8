import { z } from '@hono/zod-openapi';
import { requirePermission } from '../auth';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses } from './shared';

/** What the webhook management routes share: permission, tags, error responses. */
export const webhookRouteBase = {
  tags: ['webhooks'],
  security: KEY_SECURITY,
  middleware: [requirePermission('webhooks:manage')],
};

export const dateTime = () => z.string().openapi({ format: 'date-time' });

export const notFoundResponses = (what: string) =>
  errorResponses([...AUTH_ERRORS, 404], { 404: what });

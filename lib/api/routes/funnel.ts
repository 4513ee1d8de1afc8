import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { isCustomerApp, readFunnel } from '../../embed/funnel';
import { JOURNEY_EVENTS } from '../../vocabulary';
import { requirePermission } from '../auth';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { validationError } from '../errors';
import { MAX_ID_LENGTH, text } from './inputs';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const DAY_MS = 24 * 3600_000;
/** The widest range one request may read. */
export const MAX_FUNNEL_DAYS = 92;

const count = (description: string) => z.number().int().openapi({ description });

const funnelSchema = z
  .object({
    from: z.string().openapi({ format: 'date-time' }),
    to: z.string().openapi({ format: 'date-time' }),
    appId: z.string().nullable(),
    steps: z.array(
      z.object({
        event: z.enum(JOURNEY_EVENTS),
        journeys: count('Journeys that reached this event'),
      }),
    ),
    oems: z.array(
      z.object({
        oem: z.string(),
        selected: count('Journeys that chose this OEM'),
        connected: count('Of those, journeys that connected devices'),
      }),
    ),
    errors: z.array(z.object({ code: z.string(), count: count('Times this error was shown') })),
  })
  .openapi('JourneyFunnel');

const instant = (description: string) =>
  z.iso.datetime({ offset: true }).optional().openapi({ description });

const getFunnel = createRoute({
  method: 'get',
  path: '/api/journeys/funnel',
  operationId: 'getJourneyFunnel',
  tags: ['journeys'],
  summary:
    "Your journeys' conversion funnel in the key's environment: journeys per step, per OEM and errors by code (permission usage:read)",
  description:
    'Counts the events your journeys went through (the events an embedding page hears, recorded ' +
    'server-side with each step): how many journeys opened, chose a device type, an OEM, signed in, ' +
    `chose devices, consented and were handed back. Ranges up to ${MAX_FUNNEL_DAYS} days.`,
  security: KEY_SECURITY,
  middleware: [requirePermission('usage:read')] as const,
  request: {
    query: z
      .object({
        from: instant('Start (ISO 8601); default 7 days before `to`'),
        to: instant('End, exclusive (ISO 8601); default now'),
        appId: text({ min: 1, max: MAX_ID_LENGTH })
          .optional()
          .openapi({ description: 'Only the journeys of this app (app_…) of yours' }),
      })
      .strict(),
  },
  responses: {
    200: { description: 'The funnel', content: jsonContent(successEnvelopeSchema(funnelSchema)) },
    ...errorResponses(AUTH_ERRORS),
  },
});

export function registerFunnelRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(getFunnel, async (c) => {
    const { customerId, environment } = callerOf(c);
    const query = c.req.valid('query');
    const now = deps.clock();
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * DAY_MS);
    if (from.getTime() >= to.getTime()) throw validationError('from', 'must be before to');
    if (to.getTime() - from.getTime() > MAX_FUNNEL_DAYS * DAY_MS) {
      throw validationError('from', `the range must be at most ${MAX_FUNNEL_DAYS} days`);
    }
    const db = await deps.getDb();
    if (query.appId !== undefined && !(await isCustomerApp(db, customerId, query.appId))) {
      throw validationError('appId', 'no such app of yours');
    }
    const funnel = await readFunnel(db, { customerId, environment, from, to, appId: query.appId });
    return respond(
      c,
      now,
      { from: from.toISOString(), to: to.toISOString(), appId: query.appId ?? null, ...funnel },
      200,
    );
  });
}

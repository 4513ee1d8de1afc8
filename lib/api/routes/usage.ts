import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { UsageCounts } from '../../usage';
import {
  GRANULARITIES,
  addCounts,
  checkRange,
  defaultRange,
  emptyCounts,
  isCustomerKey,
  monthQuotaUsage,
  usageSeries,
  withErrorRate,
} from '../../usage';
import { requirePermission } from '../auth';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { validationError } from '../errors';
import { text } from './inputs';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const dateTime = () => z.string().openapi({ format: 'date-time' });
const count = (description: string) => z.number().int().openapi({ description });

const countsShape = {
  requests: count('Answered requests, refusals included'),
  clientErrors: count('4xx answers, refusals included'),
  serverErrors: count('5xx answers'),
  errorRate: z
    .number()
    .openapi({ description: '(clientErrors + serverErrors) / requests; 0 without requests' }),
  rateLimited: count('Requests refused with RATE_LIMIT_EXCEEDED'),
  quotaRefused: count('Requests refused with QUOTA_EXCEEDED'),
};

const usageSchema = z
  .object({
    from: dateTime().openapi({ description: 'Start of the first bucket (UTC)' }),
    to: dateTime().openapi({ description: 'End of the last bucket (exclusive)' }),
    granularity: z.enum(GRANULARITIES),
    keyId: z.string().nullable(),
    totals: z.object(countsShape),
    series: z.array(z.object({ start: dateTime(), ...countsShape })),
    quota: z
      .object({
        month: dateTime(),
        used: count('Requests counted against the monthly quota this month'),
        limit: z.number().int().nullable().openapi({ description: 'null: no quota (sandbox)' }),
        remaining: z.number().int().nullable(),
        resetsAt: dateTime().openapi({ description: '00:00:00Z on the first day of next month' }),
      })
      .openapi({
        description:
          "The month's quota use of your live (or sandbox) environment, as of the last metering flush",
      }),
  })
  .openapi('Usage');

const instant = (description: string) =>
  z.iso.datetime({ offset: true }).optional().openapi({ description });

const getUsage = createRoute({
  method: 'get',
  path: '/api/usage',
  operationId: 'getUsage',
  tags: ['usage'],
  summary:
    "Your API usage over time in the key's environment: requests, errors and refusals per bucket (permission usage:read)",
  description:
    'Counts every answered request of your keys per UTC minute, hour or day. Minute detail is kept ' +
    'for 7 days and hour detail for 90; the range is widened to whole buckets. Counts reach this view ' +
    'with each metering flush (every 10 seconds).',
  security: KEY_SECURITY,
  middleware: [requirePermission('usage:read')] as const,
  request: {
    query: z
      .object({
        from: instant('Start (ISO 8601); default 24 hours before `to`'),
        to: instant('End, exclusive (ISO 8601); default now'),
        granularity: z.enum(GRANULARITIES).default('hour').openapi({
          description: 'minute (ranges up to 24 hours), hour (31 days), day (92 days)',
        }),
        keyId: text({ min: 1, max: 128 })
          .optional()
          .openapi({ description: 'Only this key (key_…) of yours in this environment' }),
      })
      .strict(),
  },
  responses: {
    200: { description: 'Usage', content: jsonContent(successEnvelopeSchema(usageSchema)) },
    ...errorResponses(AUTH_ERRORS),
  },
});

export function registerUsageRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(getUsage, async (c) => {
    const { customerId, environment } = callerOf(c);
    const query = c.req.valid('query');
    const now = deps.clock();
    const to = query.to ? new Date(query.to) : defaultRange(now).to;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * 3600_000);
    const range = checkRange(from, to, query.granularity, now);
    if (!range.ok) throw validationError(range.field, range.reason);
    const db = await deps.getDb();
    if (
      query.keyId !== undefined &&
      !(await isCustomerKey(db, customerId, environment, query.keyId))
    ) {
      throw validationError('keyId', 'no such API key of yours in this environment');
    }
    const filter = { customerId, environment, from: range.from, to: range.to, keyId: query.keyId };
    const [series, quota] = await Promise.all([
      usageSeries(db, filter, range.granularity),
      monthQuotaUsage(db, customerId, environment, now),
    ]);
    const totals = withErrorRate(series.reduce<UsageCounts>(addCounts, emptyCounts()));
    return respond(
      c,
      now,
      {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        granularity: range.granularity,
        keyId: query.keyId ?? null,
        totals,
        series: series.map(({ start, ...counts }) => ({ start: start.toISOString(), ...counts })),
        quota: {
          month: (quota?.month ?? now).toISOString(),
          used: quota?.used ?? 0,
          limit: quota?.limit ?? null,
          remaining: quota?.remaining ?? null,
          resetsAt: (quota?.resetsAt ?? now).toISOString(),
        },
      },
      200,
    );
  });
}

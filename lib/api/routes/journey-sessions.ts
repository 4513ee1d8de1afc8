import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { getCustomerAppCached } from '../../customers';
import { checkLaunchChoices } from '../../journey/server/launch-preset';
import { DEVICE_TYPES } from '../../vocabulary';
import { signLaunchToken } from '../../tokens';
import { languageSchema } from '../../validation/language';
import { requirePermission } from '../auth';
import type { ApiEnv, RouteDeps } from '../context';
import { callerOf } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { ApiError } from '../errors';
import { customerOwnsApp } from '../queries/apps';
import { isPlausibleId, text } from './inputs';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const createSessionBody = z
  .object({
    appId: text({ min: 1, max: 100 }).openapi({ example: 'app_3kTq9' }),
    userId: text({ min: 1, max: 256 }).openapi({
      description: 'Your identifier for the end user',
      example: 'user-42',
    }),
    state: text({ max: 1024 })
      .optional()
      .openapi({ description: 'Opaque value returned unchanged on the redirect back' }),
    language: languageSchema.optional().openapi({
      description:
        'The journey’s language: en, de, fr, es or nl (a region such as de-AT is accepted). Without it, the end user’s browser language, then English.',
      example: 'de',
    }),
    deviceType: z
      .enum(DEVICE_TYPES, { error: `must be one of ${DEVICE_TYPES.join(', ')}` })
      .optional()
      .openapi({
        description:
          'The device type, when your app already knows it: the journey skips the device-type step. Must be a type one of the app’s supported OEMs makes.',
        example: 'vehicle',
      }),
    oem: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be an OEM id such as "volta"')
      .optional()
      .openapi({
        description:
          'The OEM (as listed by GET /api/oems), when your app already knows it: the journey skips the device-type and OEM steps. Must be one of the app’s supported OEMs; with deviceType, the two must match.',
        example: 'volta',
      }),
  })
  .strict()
  .openapi('CreateJourneySession');

const sessionSchema = z
  .object({
    url: z.string().openapi({ description: 'Send the end user here', format: 'uri' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('JourneySession');

const createSession = createRoute({
  operationId: 'createJourneySession',
  method: 'post',
  path: '/api/journey/sessions',
  tags: ['journey'],
  summary: 'Create a journey launch URL for one of your end users (permission journeys:write)',
  security: KEY_SECURITY,
  middleware: [requirePermission('journeys:write')] as const,
  request: { body: { required: true, content: jsonContent(createSessionBody) } },
  responses: {
    201: { description: 'Launch URL', content: jsonContent(successEnvelopeSchema(sessionSchema)) },
    ...errorResponses([...AUTH_ERRORS, 404], { 404: 'APP_NOT_FOUND' }),
  },
});

export function registerJourneyRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(createSession, async (c) => {
    const caller = callerOf(c);
    const body = c.req.valid('json');
    const now = deps.clock();
    const db = await deps.getDb();
    if (!isPlausibleId(body.appId) || !(await customerOwnsApp(db, caller.customerId, body.appId)))
      throw new ApiError('APP_NOT_FOUND');
    if (body.deviceType !== undefined || body.oem !== undefined) {
      const app = await getCustomerAppCached(db, body.appId, now);
      if (!app) throw new ApiError('APP_NOT_FOUND');
      const check = checkLaunchChoices(app, caller.environment, body);
      if (!check.ok) {
        throw new ApiError(
          'VALIDATION_ERROR',
          check.detail.replace('For the app’s developers: ', ''),
          check.code === 'OEM_NOT_OFFERED' && body.oem !== undefined ? 'oem' : 'deviceType',
        );
      }
    }
    const { token, expiresAt } = await signLaunchToken(
      {
        appId: body.appId,
        userId: body.userId,
        environment: caller.environment,
        state: body.state,
        deviceType: body.deviceType,
        oem: body.oem,
      },
      deps.config.appSecret,
      now,
    );
    const url = new URL(`${deps.config.publicBaseUrl}/journey`);
    url.searchParams.set('launch', token);
    // A display preference, not part of the signed launch: the person may change it.
    if (body.language) url.searchParams.set('language', body.language);
    return respond(c, now, { url: url.toString(), expiresAt: expiresAt.toISOString() }, 201);
  });
}

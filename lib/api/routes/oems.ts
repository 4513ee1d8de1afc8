import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { AUTH_METHOD_LABELS, DEVICE_TYPES, DEVICE_TYPE_LABELS, OEM_CATALOGUE } from '../../oem';
import type { ApiEnv, RouteDeps } from '../context';
import { respond, successEnvelopeSchema } from '../envelope';
import { AUTH_ERRORS, KEY_SECURITY, errorResponses, jsonContent } from './shared';

const deviceTypeEnum = z.enum(DEVICE_TYPES);

const catalogueSchema = z
  .object({
    deviceTypes: z.array(z.object({ type: deviceTypeEnum, label: z.string() })),
    oems: z.array(
      z.object({
        id: z.string().openapi({ example: 'volta' }),
        name: z.string().openapi({ example: 'Volta Motors' }),
        deviceType: deviceTypeEnum,
        authMethods: z.array(
          z.object({ method: z.enum(['password', 'api_key']), label: z.string() }),
        ),
        tier: z.enum(['standard', 'premium']),
      }),
    ),
  })
  .openapi('OemCatalogue');

const listOems = createRoute({
  operationId: 'listOems',
  method: 'get',
  path: '/api/oems',
  tags: ['oems'],
  summary: 'The OEM catalogue: device types, OEMs, their auth methods and tier',
  security: KEY_SECURITY,
  responses: {
    200: {
      description: 'The catalogue',
      content: jsonContent(successEnvelopeSchema(catalogueSchema)),
    },
    ...errorResponses(AUTH_ERRORS),
  },
});

// The catalogue is static: shape it once.
const catalogue = {
  deviceTypes: DEVICE_TYPES.map((type) => ({ type, label: DEVICE_TYPE_LABELS[type] })),
  oems: OEM_CATALOGUE.map((oem) => ({
    id: oem.id,
    name: oem.name,
    deviceType: oem.deviceType,
    authMethods: oem.authMethods.map((method) => ({ method, label: AUTH_METHOD_LABELS[method] })),
    tier: oem.tier,
  })),
};

export function registerOemRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(listOems, (c) => respond(c, deps.clock(), catalogue, 200));
}

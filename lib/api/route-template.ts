import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * The route a request reached, as metering records it: the method and the registered template, e.g.
 * `GET /api/{deviceType}/{deviceId}`. Never the raw path, which would carry ids (and make the usage
 * tables grow with every device); a request that matched no route is `GET (no route)`.
 */

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
export const NO_ROUTE = '(no route)';

const templates = new Map<string, string>();

/** `/api/:deviceType/:deviceId` → `/api/{deviceType}/{deviceId}` (the OpenAPI form), memoized. */
function templateOf(path: string): string {
  let template = templates.get(path);
  if (template === undefined) {
    template = path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');
    templates.set(path, template);
  }
  return template;
}

/** Per matched route: the whole answer for requests of the route's own method (the usual case). */
const byRoute = new WeakMap<object, string>();

export function routeTemplateOf(c: Context): string {
  const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
  // Middleware is registered for ALL methods; the first route of a method is the one that answers.
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
  if (!route) return `${method} ${NO_ROUTE}`;
  if (route.method !== method) return `${method} ${templateOf(route.path)}`;
  let answer = byRoute.get(route);
  if (answer === undefined) {
    answer = `${method} ${templateOf(route.path)}`;
    byRoute.set(route, answer);
  }
  return answer;
}

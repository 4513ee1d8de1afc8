/**
 * Walks whole journeys over HTTP exactly as the browser does: GET the launch page (the first step
 * token is in the page's RSC payload), then one POST per step to the page URL with `Next-Action` and
 * the `[token, input]` body, reading the ActionResult from row `1:` of the RSC response. The same
 * request shape is replayed against the reference's bare action for the comparison.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { HttpClient } from './http-client';
import { REFERENCE_DIR } from './servers';

const manifestSchema = z.object({
  node: z.record(z.string(), z.object({ filename: z.string(), exportedName: z.string() })),
});

/** Server action ids by exported name, from a build's server reference manifest. */
export function readActionIds(appDir: string): Map<string, string> {
  const file = path.join(appDir, '.next', 'server', 'server-reference-manifest.json');
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) ids.set(entry.exportedName, id);
  return ids;
}

const STEP_TOKEN = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const REFERENCE_TOKEN = /eyJref\.[A-Za-z0-9_-]+\.sig/;

/** The step token in a launch page: the first JWT whose header says `typ: aj-step+jwt`. */
export function findStepToken(html: string): string | undefined {
  for (const match of html.matchAll(STEP_TOKEN)) {
    const header = match[0].slice(0, match[0].indexOf('.'));
    try {
      if (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).typ === 'aj-step+jwt')
        return match[0];
    } catch {
      // not a JWT header
    }
  }
  return undefined;
}

const actionResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    data: z.looseObject({ token: z.string().optional(), view: z.unknown().optional() }),
  }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
type ActionResult = z.infer<typeof actionResultSchema>;

/** Row `1:` of a server action's RSC response, parsed as an ActionResult. */
export function parseActionResult(body: string): ActionResult {
  const row = body.split('\n').find((line) => line.startsWith('1:'));
  if (!row) throw new Error(`no result row in action response: ${body.slice(0, 200)}`);
  return actionResultSchema.parse(JSON.parse(row.slice(2)));
}

export interface StepTiming {
  step: string;
  ms: number;
}

export interface JourneyTarget {
  /** Runs one whole journey; throws on any failure. Reports each request's latency when asked. */
  run(client: HttpClient, userId: string, onTiming?: (timing: StepTiming) => void): Promise<void>;
}

async function timed<T>(
  step: string,
  onTiming: ((t: StepTiming) => void) | undefined,
  call: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const result = await call();
  onTiming?.({ step, ms: performance.now() - started });
  return result;
}

function actionHeaders(origin: string, actionId: string): Record<string, string> {
  return {
    'next-action': actionId,
    origin,
    'content-type': 'text/plain;charset=UTF-8',
    accept: 'text/x-component',
  };
}

const devicesViewSchema = z.object({
  step: z.literal('devices'),
  devices: z.array(z.object({ id: z.string() })),
});

/** The sandbox journey user_good/pass_good on Volta Motors, five actions after the launch page. */
export function productJourney(
  origin: string,
  buildRoot: string,
  appId = 'app_demo',
): JourneyTarget {
  // One server action runs every step of the journey: (token, step name, input).
  const actionId = readActionIds(buildRoot).get('journeyStepAction');
  if (!actionId) throw new Error("journeyStepAction not in the build's manifest");
  return {
    async run(client, userId, onTiming) {
      const url = `${origin}/journey?appId=${encodeURIComponent(appId)}&userId=${encodeURIComponent(userId)}`;
      const page = await timed('launchPage', onTiming, () => client.request('GET', url));
      if (page.status !== 200) throw new Error(`launch page answered ${page.status}`);
      let token = findStepToken(page.body);
      if (!token) throw new Error('no step token in the launch page');
      let view: unknown;
      const call = async (step: string, input?: unknown) => {
        const args = input === undefined ? [token, step] : [token, step, input];
        const res = await timed(step, onTiming, () =>
          client.request('POST', url, {
            headers: actionHeaders(origin, actionId),
            body: JSON.stringify(args),
          }),
        );
        if (res.status !== 200) throw new Error(`${step} answered ${res.status}`);
        const result = parseActionResult(res.body);
        if (!result.ok) throw new Error(`${step} failed: ${result.code}`);
        token = result.data.token;
        view = result.data.view;
      };
      await call('chooseDeviceType', { id: 'vehicle' });
      await call('chooseOem', { id: 'volta' });
      await call('submitCredentials', { username: 'user_good', password: 'pass_good' });
      const devices = devicesViewSchema.parse(view).devices.map((d) => d.id);
      await call('chooseDevices', { deviceIds: devices });
      await call('giveConsent');
    },
  };
}

/** The same request shape against the reference: its page, then five calls of its bare action. */
export function referenceJourney(origin: string): JourneyTarget {
  const actionId = readActionIds(REFERENCE_DIR).get('bareAction');
  if (!actionId) throw new Error('bareAction not in the reference build');
  const inputs: unknown[] = [
    { id: 'vehicle' },
    { id: 'volta' },
    { username: 'user_good', password: 'pass_good' },
    { deviceIds: ['dev_a', 'dev_b'] },
    undefined,
  ];
  const names = [
    'chooseDeviceType',
    'chooseOem',
    'submitCredentials',
    'chooseDevices',
    'giveConsent',
  ];
  return {
    async run(client, userId, onTiming) {
      const url = `${origin}/?userId=${encodeURIComponent(userId)}`;
      const page = await timed('launchPage', onTiming, () => client.request('GET', url));
      if (page.status !== 200) throw new Error(`reference page answered ${page.status}`);
      let token = REFERENCE_TOKEN.exec(page.body)?.[0];
      if (!token) throw new Error('no token in the reference page');
      for (const [index, input] of inputs.entries()) {
        const body = JSON.stringify(input === undefined ? [token] : [token, input]);
        const res = await timed(names[index] ?? 'action', onTiming, () =>
          client.request('POST', url, { headers: actionHeaders(origin, actionId), body }),
        );
        if (res.status !== 200) throw new Error(`bare action answered ${res.status}`);
        const result = parseActionResult(res.body);
        if (!result.ok || !result.data.token) throw new Error('bare action failed');
        token = result.data.token;
      }
    },
  };
}

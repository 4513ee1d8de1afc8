import { appLogoPath } from '../../branding/app-logo';
import type { CustomerAppWithCustomer } from '../../customers';
import { describeError, getLogger } from '../../log';
import type { Branding } from '../views';
import { brandingOf } from '../views';
import type { JourneyDeps } from './step-context';

/**
 * The journey's branding for an app: its name, colour and — when the deps fetch logos — the
 * same-origin copy of its logo. A logo that cannot be had leaves the initial; it never stops a launch.
 */
export async function brandingFor(
  deps: JourneyDeps,
  app: CustomerAppWithCustomer,
): Promise<Branding> {
  if (!deps.logos || !app.logoUrl) return brandingOf(app);
  try {
    const path = await appLogoPath(
      {
        db: deps.db,
        now: deps.now,
        fetchLogo: deps.logos.fetchLogo,
        fetchOptions: deps.logos.options,
      },
      app,
    );
    return brandingOf(app, path);
  } catch (error) {
    getLogger().warn({ appId: app.id, ...describeError(error) }, 'app logo unavailable');
    return brandingOf(app);
  }
}

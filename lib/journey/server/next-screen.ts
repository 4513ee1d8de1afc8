import type { CustomerAppWithCustomer } from '../../customers';
import type { JourneySession } from '../../db/schema';
import { signStepToken } from '../../tokens';
import type { Environment } from '../../vocabulary';
import type { JourneyScreen } from '../views';
import type { JourneyDeps } from './step-context';
import type { KnownForView } from './step-view';
import { renderScreen } from './step-view';

/**
 * The step token for the session as it now stands: good for its current step and version only
 * (docs/journey.md, "Step tokens").
 */
export async function signNextToken(
  deps: JourneyDeps,
  env: Environment,
  session: JourneySession,
): Promise<string> {
  const { token } = await signStepToken(
    {
      sid: session.id,
      env,
      app: session.appId,
      mode: session.mode,
      step: session.step,
      ver: session.version,
    },
    deps.config.appSecret,
    deps.now,
  );
  return token;
}

/** The next screen: the session's step rendered, with its fresh token. */
export async function nextScreen(
  deps: JourneyDeps,
  env: Environment,
  app: CustomerAppWithCustomer,
  session: JourneySession,
  known?: KnownForView,
): Promise<JourneyScreen> {
  return renderScreen(deps, env, app, session, await signNextToken(deps, env, session), known);
}

import { darken } from '../validation/brand-color';
import type { AuthMethod, JourneyMode, Language } from '../vocabulary';
import type { LaunchErrorCode, StepFailureCode } from './errors';

/**
 * What the browser receives to render each step. Nothing here is secret: OEM tokens and credentials
 * never leave the server, and the step token travels beside the view, in React state only.
 */

export interface Branding {
  appName: string;
  /**
   * The app's logo as served from our own origin (`/journey/logo/…`), never the app's own URL: the
   * journey makes no third-party request. null = the app's initial.
   */
  logoUrl: string | null;
  /**
   * The app's brand colour for the primary button and focus ring (checked at registration for 4.5:1
   * with the button's white text), and its hover shade; null = the product's own.
   */
  primaryColor: { base: string; strong: string } | null;
}

/** The branding a Customer App's row gives the journey, with the logo's same-origin path if any. */
export function brandingOf(
  app: { appName: string; primaryColor: string | null },
  servedLogo: string | null = null,
): Branding {
  return {
    appName: app.appName,
    logoUrl: servedLogo,
    primaryColor: app.primaryColor
      ? { base: app.primaryColor, strong: darken(app.primaryColor, 0.15) }
      : null,
  };
}

/** A journey that cannot start, in the person's language (built on the server). */
export interface LaunchErrorCopy {
  language: Language;
  code: LaunchErrorCode;
  title: string;
  message: string;
  /** "Error code: APP_NOT_FOUND", translated. */
  codeLine: string;
  /** What was wrong, for the app's developers (as written), under a translated label. */
  developerDetail: { label: string; text: string } | null;
  /** "Return to {app}", when the app is known. */
  returnLabel: string | null;
}

export interface Choice {
  id: string;
  label: string;
  /** A same-origin image shown beside the label (OEM logos); decorative, the label names it. */
  logo?: string;
}

export type StepView =
  | { step: 'device_type'; deviceTypes: Choice[] }
  | { step: 'oem'; deviceTypeLabel: string; oems: Choice[] }
  | { step: 'auth_method'; oemName: string; methods: Choice[] }
  | {
      step: 'credentials';
      oemName: string;
      authMethod: AuthMethod;
      attemptsLeft: number;
      /** "Where do I find my API key?": the OEM's steps, for the API key form. */
      apiKeyHelp?: readonly string[] | null;
      /** The maker's page for a forgotten password ("Forgot password?"). */
      accountHelpUrl: string | null;
    }
  | {
      step: 'mfa';
      oemName: string;
      attemptsLeft: number;
      /** Where the code went, masked: "your phone ending 42"; null when the OEM does not say. */
      sentTo?: string | null;
      /** How many more codes the person may ask for (Resend code). */
      resendsLeft?: number;
    }
  | {
      step: 'devices';
      oemName: string;
      devices: { id: string; name: string; model: string; alreadyConnected: boolean }[];
    }
  | {
      step: 'consent';
      appName: string;
      oemName: string;
      mode: JourneyMode;
      /** How the person signed in: the consent's promise names that secret. */
      authMethod: AuthMethod;
      deviceNames: string[];
      access: string[];
    }
  /** The journey is over: show the outcome, then send the browser to `redirectUrl`. */
  | {
      step: 'finished';
      outcome: 'success' | 'error' | 'cancelled';
      title: string;
      message: string;
      redirectUrl: string;
      /** The app the person returns to ("Return to {appName}"). */
      appName: string;
      /** What the person can do about an error on the maker's side (its account page). */
      help: { label: string; href: string } | null;
    };

export interface JourneyScreen {
  token: string;
  mode: JourneyMode;
  view: StepView;
  /** Whether the browser's Back may go to the previous step from here. */
  canGoBack: boolean;
  /** "Step `number` of `total`": a fixed scale per mode that only moves forward (null when done). */
  progress: { number: number; total: number } | null;
}

/** A step's answer: the next screen, or a code of the step-failure union (never a free string). */
export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: StepFailureCode;
      message: string;
      fieldErrors?: Record<string, string>;
      /** A fresh step token when the step may be retried. */
      token?: string;
      attemptsLeft?: number;
    };

/** What every step of the journey answers. */
export type StepResult = ActionResult<JourneyScreen>;

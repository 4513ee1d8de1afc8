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
  /** The journey's frame around the screen, when the app is known (its branding is shown). */
  frame?: FrameWords | null;
}

/**
 * The words around every journey screen, in the person's language: the app's line (split around its
 * name, which is shown in bold), the footer, the progress template ("Step {number} of {total}") and
 * the tab's title template ("{heading} · Connect your device"). Templates hold only `{name}` slots
 * (see fillTemplate): the first step carries no message-format runtime.
 */
export interface FrameWords {
  introBefore: string;
  introAfter: string;
  footer: string;
  progress: string;
  pageTitle: string;
}

/** The words the whole journey needs on every screen, built once on the server per journey. */
export interface JourneyWords {
  language: Language;
  frame: FrameWords;
  back: string;
  cancel: string;
  continue: string;
  loading: string;
  chooseOne: string;
  backBlocked: string;
  networkError: string;
  sessionExpired: { title: string; message: string; startAgain: string; returnTo: string };
  cancelDialog: { title: string; message: string; stay: string; leave: string };
}

/**
 * Client-side validation messages of the step forms (the shared zod schemas speak English), by their
 * English wording, in the person's language.
 */
export type ValidationWords = Record<string, string>;

/** The screen of an address reloaded past its sign-in, or of a journey that is over. */
export interface ResumedElsewhereCopy {
  language: Language;
  title: string;
  message: string;
  returnLabel: string;
  frame: FrameWords;
}

/** The page a reconnection link opens, before anything is used up. */
export interface ReconnectStartCopy {
  language: Language;
  title: string;
  message: string;
  continue: string;
  networkError: string;
  frame: FrameWords;
}

export interface Choice {
  id: string;
  label: string;
  /** A same-origin image shown beside the label (OEM logos); decorative, the label names it. */
  logo?: string;
}

export type StepView =
  | { step: 'device_type'; title: string; legend: string; deviceTypes: Choice[] }
  | {
      step: 'oem';
      title: string;
      legend: string;
      /** The device type's English label: the embed events name it so in every language. */
      deviceTypeLabel: string;
      oems: Choice[];
      text: {
        search: string;
        /** Templates: `{query}`; `{shown}` and `{total}`. */
        noMatch: string;
        shown: string;
        notListed: string;
      };
    }
  | { step: 'auth_method'; title: string; legend: string; oemName: string; methods: Choice[] }
  | {
      step: 'credentials';
      title: string;
      oemName: string;
      authMethod: AuthMethod;
      attemptsLeft: number;
      /** "Where do I find my API key?": the OEM's steps, for the API key form. */
      apiKeyHelp?: readonly string[] | null;
      /** The maker's page for a forgotten password ("Forgot password?"). */
      accountHelpUrl: string | null;
      text: {
        intro: string;
        username: string;
        password: string;
        apiKey: string;
        forgotPassword: string;
        submitting: string;
        busy: string;
        helpSummary: string;
        helpPrivacy: string;
        validation: ValidationWords;
      };
    }
  | {
      step: 'mfa';
      title: string;
      oemName: string;
      attemptsLeft: number;
      /** Where the code went, masked: "your phone ending 42"; null when the OEM does not say. */
      sentTo?: string | null;
      /** How many more codes the person may ask for (Resend code). */
      resendsLeft?: number;
      text: {
        intro: string;
        code: string;
        codeResent: string;
        resend: string;
        busy: string;
        validation: ValidationWords;
      };
    }
  | {
      step: 'devices';
      title: string;
      oemName: string;
      devices: { id: string; name: string; model: string; alreadyConnected: boolean }[];
      text: {
        found: string;
        /** An ICU message (`{selected}`, `{total}`), formatted as the selection changes. */
        selected: string;
        legend: string;
        alreadyConnected: string;
        selectAll: string;
        selectNone: string;
        selectAtLeastOne: string;
      };
    }
  | {
      step: 'consent';
      title: string;
      appName: string;
      oemName: string;
      mode: JourneyMode;
      /** How the person signed in: the consent's promise names that secret. */
      authMethod: AuthMethod;
      deviceNames: string[];
      access: string[];
      text: {
        /** "2 devices from Volta". */
        devicesHeading: string;
        /** Template: `{count}` ("and 22 more"). */
        more: string;
        reconnectAll: string;
        ableTo: string;
        privacy: string;
        allow: string;
        connecting: string;
        busy: string;
      };
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
      /** "Return to {appName}", translated. */
      returnLabel: string;
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
      /** "2 attempts left.", translated, when the person may try again. */
      attemptsNote?: string;
    };

/** What every step of the journey answers. */
export type StepResult = ActionResult<JourneyScreen>;

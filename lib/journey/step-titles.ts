import type { StepView } from './views';

/**
 * Each step's heading, which also names the browser tab. Pure: the page's metadata (first paint) and
 * the step screens say the same thing.
 */
export function stepTitle(view: StepView): string {
  switch (view.step) {
    case 'device_type':
      return 'What would you like to connect?';
    case 'oem':
      return `Who makes your ${view.deviceTypeLabel.toLowerCase()}?`;
    case 'auth_method':
      return `How do you sign in to ${view.oemName}?`;
    case 'credentials':
      return view.authMethod === 'api_key'
        ? `Enter your ${view.oemName} API key`
        : `Sign in to ${view.oemName}`;
    case 'mfa':
      return 'Enter your verification code';
    case 'devices':
      return 'Choose devices to connect';
    case 'consent':
      return `${view.mode === 'reconnect' ? 'Reconnect' : 'Allow'} ${view.appName} to access your devices`;
    case 'finished':
      return view.title;
  }
}

/** The tab's title for a journey screen. */
export function pageTitle(heading: string): string {
  return `${heading} · Connect your device`;
}

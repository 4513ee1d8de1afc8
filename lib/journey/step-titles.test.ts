import { describe, expect, it } from 'vitest';
import { pageTitle, stepTitle } from './step-titles';
import type { StepView } from './views';

describe('stepTitle', () => {
  it.each([
    [{ step: 'device_type', deviceTypes: [] }, 'What would you like to connect?'],
    [{ step: 'oem', deviceTypeLabel: 'EV charger', oems: [] }, 'Who makes your ev charger?'],
    [
      {
        step: 'credentials',
        oemName: 'Helios',
        authMethod: 'api_key',
        attemptsLeft: 5,
        accountHelpUrl: null,
      },
      'Enter your Helios API key',
    ],
    [
      {
        step: 'credentials',
        oemName: 'Volta',
        authMethod: 'password',
        attemptsLeft: 5,
        accountHelpUrl: null,
      },
      'Sign in to Volta',
    ],
    [
      {
        step: 'consent',
        appName: 'Pal',
        oemName: 'Volta',
        mode: 'reconnect',
        authMethod: 'password',
        deviceNames: [],
        access: [],
      },
      'Reconnect Pal to access your devices',
    ],
  ] as [StepView, string][])('%j → %s', (view, title) => {
    expect(stepTitle(view)).toBe(title);
    expect(pageTitle(stepTitle(view))).toBe(`${title} · Connect your device`);
  });
});

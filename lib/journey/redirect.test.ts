import { describe, expect, it } from 'vitest';
import { buildRedirectUrl, cancelParams, errorParams, successParams } from './redirect';

describe('buildRedirectUrl', () => {
  it('appends our parameters and keeps the registered ones', () => {
    const url = buildRedirectUrl(
      'https://app.example/cb?tenant=7',
      successParams({
        journeyId: 'jrn_1',
        userId: 'u 1',
        deviceIds: ['a', 'b'],
        state: 'xyz',
        mode: 'connect',
      }),
    );
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://app.example/cb');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      tenant: '7',
      status: 'success',
      journeyId: 'jrn_1',
      userId: 'u 1',
      deviceIds: 'a,b',
      state: 'xyz',
    });
  });

  it('adds mode=reconnect and omits an absent state', () => {
    const url = new URL(
      buildRedirectUrl(
        'https://app.example/re',
        successParams({
          journeyId: 'j',
          userId: 'u',
          deviceIds: ['d'],
          state: null,
          mode: 'reconnect',
        }),
      ),
    );
    expect(url.searchParams.get('mode')).toBe('reconnect');
    expect(url.searchParams.has('state')).toBe(false);
  });

  it('builds cancel and error parameters with the user, and the maker once chosen', () => {
    expect(
      new URL(
        buildRedirectUrl(
          'https://a.example/',
          cancelParams('oem', { userId: 'u 1', oem: null, state: 's' }),
        ),
      ).search,
    ).toBe('?status=cancelled&reason=user_exit&step=oem&userId=u+1&state=s');
    expect(
      new URL(
        buildRedirectUrl(
          'https://a.example/',
          errorParams('ACCOUNT_LOCKED', { userId: 'u', oem: 'volta', state: null }),
        ),
      ).search,
    ).toBe('?status=error&error=ACCOUNT_LOCKED&userId=u&oem=volta');
  });

  it('refuses a non-http registered URL', () => {
    expect(() => buildRedirectUrl('javascript:alert(1)', {})).toThrow();
  });
});

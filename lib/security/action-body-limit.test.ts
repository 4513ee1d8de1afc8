import { describe, expect, it } from 'vitest';
import type { ActionRequestInfo } from './action-body-limit';
import { ACTION_BODY_LIMIT_BYTES, isOversizedActionRequest } from './action-body-limit';

const action = (
  contentLength: string | null,
  extra: Partial<ActionRequestInfo> = {},
): ActionRequestInfo => ({
  method: 'POST',
  contentLength,
  nextAction: '7f00aa',
  contentType: 'text/plain;charset=UTF-8',
  ...extra,
});

describe('isOversizedActionRequest', () => {
  it('refuses action bodies declared over 16 KB, and malformed lengths', () => {
    expect(isOversizedActionRequest(action(String(ACTION_BODY_LIMIT_BYTES + 1)))).toBe(true);
    expect(isOversizedActionRequest(action(String(100 * 1024)))).toBe(true);
    expect(isOversizedActionRequest(action('99999999999999999999'))).toBe(true);
    expect(isOversizedActionRequest(action('abc'))).toBe(true);
    expect(isOversizedActionRequest(action('-1'))).toBe(true);
  });

  it('treats forms posted without JavaScript as actions too', () => {
    for (const contentType of [
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
    ]) {
      expect(isOversizedActionRequest(action('70000', { nextAction: null, contentType }))).toBe(
        true,
      );
    }
  });

  it('lets normal action bodies, reads, undeclared lengths and other posts through', () => {
    expect(isOversizedActionRequest(action(String(ACTION_BODY_LIMIT_BYTES)))).toBe(false);
    expect(isOversizedActionRequest(action('420'))).toBe(false);
    expect(isOversizedActionRequest(action(String(100 * 1024), { method: 'GET' }))).toBe(false);
    expect(isOversizedActionRequest(action(null))).toBe(false);
    // JSON to a route handler (the demo webhook receiver) is the handler's business.
    expect(
      isOversizedActionRequest(
        action('70000', { nextAction: null, contentType: 'application/json' }),
      ),
    ).toBe(false);
  });
});

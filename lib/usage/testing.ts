import type { MinuteCount } from './meter';

/**
 * Test support: a usage row as the metering flush writes it, of `owner`'s key at `bucket` — 2xx answers
 * without refusals unless `extra` says otherwise.
 */
export function usageRow(
  owner: Pick<MinuteCount, 'keyId' | 'customerId' | 'environment' | 'route'>,
  bucket: string,
  requests: number,
  extra: Partial<MinuteCount> = {},
): MinuteCount {
  return {
    ...owner,
    statusClass: 2,
    bucket: new Date(bucket),
    requests,
    rateLimited: 0,
    quotaRefused: 0,
    ...extra,
  };
}

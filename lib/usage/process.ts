import type { UsageTracker } from './tracker';

/**
 * The server's usage tracker, shared through globalThis with Next's bundles (they hold their own
 * copies of this module): the usage page writes this instance's pending counts before it reads, so a
 * request answered a moment ago is on the page. Other instances' counts arrive with their next flush.
 */

const globalKey = Symbol.for('auth-journey.usage-tracker');
type GlobalWithTracker = typeof globalThis & { [globalKey]?: Pick<UsageTracker, 'flush'> };

/** The server registers its tracker once it has made it. */
export function shareProcessUsage(tracker: Pick<UsageTracker, 'flush'> | undefined): void {
  (globalThis as GlobalWithTracker)[globalKey] = tracker;
}

/** Writes this process's pending metering counts; nothing to do where no tracker runs. */
export async function flushProcessUsage(): Promise<void> {
  await (globalThis as GlobalWithTracker)[globalKey]?.flush();
}

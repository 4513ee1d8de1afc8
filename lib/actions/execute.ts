import { z } from 'zod';
import { decryptSecret } from '../crypto';
import type { Db } from '../db/client';
import type { ActionExecution, OemAdapterRegistry, OemSession } from '../oem';
import { OemRequestError } from '../oem';
import type { ActionOutcome, ClaimedAction } from './queue';
import { rescheduleAction, settleAction } from './queue';

/** What carrying out one claimed action needs from its worker. */
export interface ExecutionContext {
  db: Db;
  appSecret: string;
  adapters: OemAdapterRegistry;
  clock: () => Date;
  /** Upper bound of one OEM call; never past the action's deadline. */
  callTimeoutMs: number;
  log: (event: Record<string, unknown>) => void;
  /** Asks the worker to look again at `at` (an action the OEM will have finished by then). */
  wakeAt: (at: Date) => void;
}

const sessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  accountId: z.string(),
});

/** Seconds to wait before retrying after an OEM error: 1, 2, 4, 8, then every 10 s. */
function retryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 10_000);
}

const TIMED_OUT = Symbol('timed out');

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Carries out one claimed action: asks the OEM (the action id is its idempotency key, so asking
 * again after a crash finds the command the OEM already has instead of sending a second one), then
 * settles the action or puts it back until the OEM is done — never past its deadline, when it fails
 * with OEM_TIMEOUT.
 */
export async function executeClaim(ctx: ExecutionContext, claim: ClaimedAction): Promise<void> {
  const now = ctx.clock();
  const settle = async (outcome: ActionOutcome) => {
    const applied = await settleAction(ctx.db, claim, outcome, ctx.clock());
    ctx.log({
      event: 'action.settled',
      environment: claim.environment,
      actionId: claim.actionId,
      attempt: claim.attempt,
      status: outcome.status,
      ...(outcome.status === 'failed' ? { reason: outcome.reason } : {}),
      superseded: !applied,
    });
  };
  const retryLater = async (at: Date, error: string | null) => {
    const next = new Date(Math.min(at.getTime(), claim.deadlineAt.getTime()));
    if (await rescheduleAction(ctx.db, claim, next, error)) ctx.wakeAt(next);
  };

  if (now >= claim.deadlineAt) return settle({ status: 'failed', reason: 'OEM_TIMEOUT' });
  if (!claim.deviceConnected || !claim.credentialActive) {
    return settle({ status: 'failed', reason: 'DEVICE_DISCONNECTED' });
  }
  const adapter = ctx.adapters(claim.oem, claim.environment);
  if (!adapter) {
    return settle({ status: 'failed', reason: 'OEM_REJECTED', detail: 'unknown OEM' });
  }
  let session: OemSession;
  try {
    const plain = decryptSecret(claim.sealedSession, ctx.appSecret, claim.credentialId);
    session = sessionSchema.parse(JSON.parse(plain));
  } catch (error) {
    // APP_SECRET changed or the row is damaged: an operator can fix it before the deadline.
    const reason = `credentials unreadable: ${error instanceof Error ? error.name : 'error'}`;
    ctx.log({ event: 'action.error', actionId: claim.actionId, error: reason });
    return retryLater(new Date(now.getTime() + retryDelayMs(claim.attempt)), reason);
  }

  const budget = Math.min(ctx.callTimeoutMs, claim.deadlineAt.getTime() - now.getTime());
  let result: ActionExecution | typeof TIMED_OUT;
  try {
    result = await withTimeout(
      adapter.executeAction({
        session,
        oemDeviceId: claim.oemDeviceId,
        action: { type: claim.type, params: claim.params },
        idempotencyKey: claim.actionId,
        now,
      }),
      budget,
    );
  } catch (error) {
    if (error instanceof OemRequestError && !error.retryable) {
      const reason = error.code === 'CREDENTIALS_EXPIRED' ? 'DEVICE_DISCONNECTED' : 'OEM_REJECTED';
      return settle({ status: 'failed', reason, detail: error.message });
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    ctx.log({ event: 'action.error', actionId: claim.actionId, error: message });
    return retryLater(new Date(ctx.clock().getTime() + retryDelayMs(claim.attempt)), message);
  }

  if (result === TIMED_OUT) {
    if (ctx.clock() >= claim.deadlineAt) return settle({ status: 'failed', reason: 'OEM_TIMEOUT' });
    return retryLater(ctx.clock(), 'the OEM did not answer in time');
  }
  if (result.status === 'pending') return retryLater(result.checkAfter, null);
  if (result.status === 'succeeded') {
    return settle({ status: 'succeeded', completedAt: result.completedAt });
  }
  return settle({ status: 'failed', reason: result.code, detail: result.message });
}

import type { Environment } from '../db/schema';
import { disableWebhookEndpoint } from './endpoints';
import type { AttemptOutcome, ClaimedDelivery } from './deliveries';
import type { DispatcherOptions, LocalReceiver } from './dispatcher-options';
import type { RecordAttempt } from './recorder';
import { nextRetryDelayMs, parseRetryAfter } from './schedule';
import type { createSigner } from './secrets';
import type { Sender, SendResult } from './sender';

/** What one delivery attempt needs from its dispatcher. */
export interface AttemptContext {
  opts: DispatcherOptions;
  record: RecordAttempt;
  sender: Sender;
  sign: ReturnType<typeof createSigner>;
  clock: () => Date;
  random: () => number;
  log: (event: Record<string, unknown>) => void;
  /** Per environment: sandbox receivers get less time, so a stalling one holds a slot for less. */
  timeoutMs: Record<Environment, number>;
}

async function deliverLocally(
  receive: LocalReceiver,
  headers: Record<string, string>,
  body: string,
): Promise<SendResult> {
  const started = performance.now();
  const statusCode = await receive({ headers, body });
  return {
    statusCode,
    error: null,
    responseBytes: 0,
    retryAfter: undefined,
    durationMs: performance.now() - started,
  };
}

function isSuccess(code: number | null): boolean {
  return code !== null && code >= 200 && code < 300;
}

/**
 * One attempt: sign with every current secret, POST, decide the outcome (success, retry at the next
 * step of the schedule or after Retry-After, or failure) and record it. `410 Gone` disables the endpoint.
 */
export async function deliverClaim(ctx: AttemptContext, claim: ClaimedDelivery): Promise<void> {
  const { opts } = ctx;
  const began = performance.now();
  const sentAt = ctx.clock();
  let result: SendResult;
  try {
    const body = JSON.stringify(claim.payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'AuthJourney-Webhooks/1.0',
      'webhook-id': claim.eventId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': ctx.sign(
        claim.endpointId,
        claim.sealedSecrets,
        claim.eventId,
        sentAt,
        body,
      ),
    };
    const local = opts.localReceivers?.get(claim.endpointId);
    result = local
      ? await deliverLocally(local, headers, body)
      : await ctx.sender.send({
          url: claim.url,
          environment: claim.environment,
          body,
          timeoutMs: ctx.timeoutMs[claim.environment],
          headers,
        });
  } catch {
    // Only a secret that no longer decrypts (APP_SECRET changed) gets here; never log the secret.
    result = {
      statusCode: null,
      error: 'signing',
      responseBytes: null,
      retryAfter: undefined,
      durationMs: 0,
    };
  }

  const at = ctx.clock();
  const outcome = decideOutcome(ctx, claim, result, at);
  const current = await ctx.record(claim, outcome);
  ctx.log({
    event: 'webhook.attempt',
    environment: claim.environment,
    deliveryId: claim.deliveryId,
    eventId: claim.eventId,
    endpointId: claim.endpointId,
    attempt: claim.attempt,
    statusCode: result.statusCode,
    status: outcome.status,
    durationMs: Math.round(result.durationMs),
    /** Sign + send + record, in ms (fractional). */
    totalMs: performance.now() - began,
    superseded: !current,
  });
  if (result.statusCode === 410 && current) {
    await disableWebhookEndpoint(
      opts.db,
      claim.environment,
      claim.customerId,
      claim.endpointId,
      'receiver answered 410 Gone',
    );
    ctx.log({ event: 'webhook.endpoint_disabled', endpointId: claim.endpointId, reason: 'gone' });
  }
}

function decideOutcome(
  ctx: AttemptContext,
  claim: ClaimedDelivery,
  result: SendResult,
  at: Date,
): AttemptOutcome {
  const base = {
    statusCode: result.statusCode,
    responseBytes: result.responseBytes,
    durationMs: result.durationMs,
    at,
  };
  if (isSuccess(result.statusCode)) {
    return { ...base, status: 'succeeded', nextAttemptAt: null, error: null };
  }
  const error = result.error ?? 'http_error';
  if (result.statusCode === 410) return { ...base, status: 'failed', nextAttemptAt: null, error };
  const retryAfter =
    result.statusCode === 429 || result.statusCode === 503
      ? parseRetryAfter(result.retryAfter, at)
      : undefined;
  const delayMs = nextRetryDelayMs(ctx.opts.retrySchedule, claim.attempt, ctx.random(), retryAfter);
  if (delayMs === undefined) return { ...base, status: 'failed', nextAttemptAt: null, error };
  return { ...base, status: 'pending', nextAttemptAt: new Date(at.getTime() + delayMs), error };
}

import type { Db } from '../db/client';
import { ENVIRONMENTS } from '../db/schema';
import { recordAttempts } from './deliveries';
import type { AttemptOutcome, ClaimedDelivery } from './deliveries';

export type RecordAttempt = (claim: ClaimedDelivery, outcome: AttemptOutcome) => Promise<boolean>;

/**
 * Group commit: outcomes are written together by one statement and one commit. A write starts on the
 * next turn of the event loop (`setImmediate`), after every response that arrived meanwhile has been
 * handled, and outcomes that finish while a write is in flight go into the next one. Starting at once
 * would write one outcome per statement on the embedded database: its statements run inside this
 * thread, so no response is handled while one runs and each write found only the outcome that started it.
 */
export function createRecorder(db: Db): RecordAttempt {
  interface Pending {
    claim: ClaimedDelivery;
    outcome: AttemptOutcome;
    resolve: (applied: boolean) => void;
    reject: (error: unknown) => void;
  }
  const queue: Pending[] = [];
  let flushing = false;
  const flush = async () => {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, 200);
      for (const environment of ENVIRONMENTS) {
        const items = batch.filter((p) => p.claim.environment === environment);
        if (items.length === 0) continue;
        try {
          const applied = await recordAttempts(db, environment, items);
          for (const item of items) item.resolve(applied.has(item.claim.deliveryId));
        } catch (error) {
          for (const item of items) item.reject(error);
        }
      }
    }
    flushing = false;
  };
  return (claim, outcome) =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({ claim, outcome, resolve, reject });
      if (!flushing) {
        flushing = true;
        setImmediate(() => void flush());
      }
    });
}

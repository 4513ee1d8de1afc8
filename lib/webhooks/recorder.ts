import type { Db } from '../db/client';
import { ENVIRONMENTS } from '../db/schema';
import { recordAttempts } from './deliveries';
import type { AttemptOutcome, ClaimedDelivery } from './deliveries';

export type RecordAttempt = (claim: ClaimedDelivery, outcome: AttemptOutcome) => Promise<boolean>;

/**
 * Group commit: outcomes that finish while a write is in flight are written together by the next one,
 * so under load many deliveries share a statement and a commit; with one outcome it is written at once.
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
      if (!flushing) void flush();
    });
}

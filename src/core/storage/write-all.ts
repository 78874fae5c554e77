/** All-or-nothing writes: many rows in one transaction that aborts on the first failure, so none of them stays. */
import { unwrap, type IDBPTransaction } from 'idb';

/**
 * Queues `write`'s requests on the raw transaction (no await between them, so it cannot auto-commit half-way) and
 * waits for the commit. A throw in `write` (e.g. DataCloneError) or a failed request (e.g. ConstraintError) aborts
 * the whole transaction and rejects with that error.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function writeAll(tx: IDBPTransaction<any, any, 'readwrite'>, write: (raw: IDBTransaction) => void): Promise<void> {
  tx.done.catch(() => undefined); // idb's own promise would reject unhandled on abort; we report below
  const raw = unwrap(tx) as IDBTransaction;
  // On `abort`, raw.error is the failed request's error (idb's `done` would often say just AbortError).
  const done = new Promise<void>((resolve, reject) => {
    raw.addEventListener('complete', () => resolve());
    raw.addEventListener('abort', () => reject(raw.error ?? new DOMException('The transaction was aborted.', 'AbortError')));
  });
  try {
    write(raw);
  } catch (error) {
    done.catch(() => undefined);
    try {
      raw.abort();
    } catch {
      // Already finished or aborting.
    }
    throw error;
  }
  await done;
}

/** All-or-nothing writes: many rows in one transaction that aborts on the first failure, so none of them stays. */
import { unwrap, type IDBPTransaction } from 'idb';

/**
 * Queues `write`'s requests on the raw transaction (no await between them, so it cannot auto-commit half-way) and
 * waits for the commit. A throw in `write` (e.g. DataCloneError) or a failed request aborts the whole transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function writeAll(tx: IDBPTransaction<any, any, 'readwrite'>, write: (raw: IDBTransaction) => void): Promise<void> {
  const done = tx.done;
  try {
    write(unwrap(tx) as IDBTransaction);
  } catch (error) {
    done.catch(() => undefined); // the abort rejects `done`; the caller gets `error` instead
    try {
      tx.abort();
    } catch {
      // Already finished or aborting.
    }
    throw error;
  }
  await done;
}

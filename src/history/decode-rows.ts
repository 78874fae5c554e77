/**
 * Rows read from the history database back to events, after the transaction: decrypted (in parallel) and validated.
 * What is trusted depends on the database's encryption state: in a migrated encrypted database only current-format
 * encrypted rows (every field authenticated); a plaintext or older-format row there was not written by us and is
 * refused. Unreadable rows are skipped and handed to `skip`.
 */
import { decryptLegacyRow, decryptRow, isEncryptedRow } from './crypto.ts';
import type { EncryptionState } from './encryption-state.ts';
import type { StoredEvent } from './types.ts';
import { validateStoredEvent } from './validate-event.ts';

function open(row: unknown, state: EncryptionState | undefined): unknown {
  const { keys, tokens, migrated } = state ?? { migrated: true };
  if (!isEncryptedRow(row)) {
    if (keys && migrated) throw new Error('a plaintext row in an encrypted history: not written by storefront-ml');
    return row;
  }
  if (!keys || !tokens) throw new Error('encrypted, and this database has no key for it');
  return !migrated && row.enc === 1 ? decryptLegacyRow(row, keys, tokens) : decryptRow(row, keys);
}

export async function decodeRows(rows: unknown[], state: EncryptionState | undefined, skip: (key: IDBValidKey, error: unknown) => void): Promise<StoredEvent[]> {
  // Plain rows of a plain database need no await at all; encrypted ones decrypt in parallel.
  const opened: PromiseSettledResult<unknown>[] = state?.keys || rows.some(isEncryptedRow)
    ? await Promise.allSettled(rows.map(async (row) => open(row, state)))
    : rows.map((value) => ({ status: 'fulfilled', value }));
  const out: StoredEvent[] = [];
  opened.forEach((result, i) => {
    try {
      if (result.status === 'rejected') throw result.reason;
      out.push(validateStoredEvent(result.value, 'Stored event'));
    } catch (error) {
      skip((rows[i] as { id?: IDBValidKey } | null)?.id ?? '(no id)', error);
    }
  });
  return out;
}

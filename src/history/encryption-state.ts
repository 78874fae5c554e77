/**
 * Which encryption a history database is in, read when a connection opens: its keys (kept in the `meta` store as
 * non-extractable CryptoKeys) and whether every row is in the current encrypted format. Encryption is one-way: a
 * database that has keys is encrypted whatever the `encrypt` option of the store that opens it, so no tab ever
 * writes plaintext beside encrypted rows. Turning it on for a database with rows runs the migration
 * (src/history/encryption-migration.ts), which needs consent (it writes).
 */
import { createKeys, Tokenizer, type HistoryKeys } from './crypto.ts';
import { isMigrated, migrateRows } from './encryption-migration.ts';
import { META, type HistoryDb } from './schema.ts';

export interface EncryptionState {
  /** The keys; undefined for a plain database. */
  keys: HistoryKeys | undefined;
  tokens: Tokenizer | undefined;
  /** Every row is in the current encrypted format (always true for a plain database): only such rows are trusted. */
  migrated: boolean;
  /** This call created the keys or migrated rows (other tabs should read the state again). */
  changed: boolean;
}

/** Reads the keys, creating them when `create` and absent (another tab may race us: the first one's keys win). */
export async function loadKeys(db: HistoryDb, create: boolean): Promise<{ keys: HistoryKeys; created: boolean } | undefined> {
  const read = async () => {
    const tx = db.transaction(META, 'readonly');
    const [aes, hmac] = await Promise.all([tx.store.get('aes'), tx.store.get('hmac')]);
    return aes instanceof CryptoKey && hmac instanceof CryptoKey ? { aes, hmac } : undefined;
  };
  const existing = await read();
  if (existing || !create) return existing && { keys: existing, created: false };
  const fresh = await createKeys(); // generated outside the transaction
  const tx = db.transaction(META, 'readwrite');
  const [aes, hmac] = await Promise.all([tx.store.get('aes'), tx.store.get('hmac')]);
  if (aes instanceof CryptoKey && hmac instanceof CryptoKey) {
    await tx.done;
    return { keys: { aes, hmac }, created: false };
  }
  await Promise.all([tx.store.put(fresh.aes, 'aes'), tx.store.put(fresh.hmac, 'hmac'), tx.done]);
  return { keys: fresh, created: true };
}

/**
 * The database's encryption state. `encrypt`: create keys when there are none. `canWrite` (consent granted):
 * migrate old rows now; without it the state says `migrated: false` and reads accept old rows as they are.
 */
export async function openEncryption(db: HistoryDb, encrypt: boolean, canWrite: boolean, unreadable: (key: IDBValidKey, error: unknown) => void): Promise<EncryptionState> {
  const loaded = await loadKeys(db, encrypt && canWrite);
  if (!loaded) return { keys: undefined, tokens: undefined, migrated: true, changed: false };
  const { keys, created } = loaded;
  const tokens = new Tokenizer(keys.hmac);
  if (await isMigrated(db)) return { keys, tokens, migrated: true, changed: created };
  if (!canWrite) return { keys, tokens, migrated: false, changed: created };
  await migrateRows(db, keys, tokens, unreadable);
  return { keys, tokens, migrated: true, changed: true };
}

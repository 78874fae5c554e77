/**
 * Encryption at rest for the history store: AES-GCM (256-bit) for the event body, and keyed HMAC-SHA-256 tokens for
 * the indexed ids (session, product), so equality lookups still use an index without plaintext in it.
 *
 * Both keys are WebCrypto keys made with `extractable: false` and kept in IndexedDB as CryptoKey objects (structured
 * clone keeps them non-extractable): script on the page can use them but never read their bytes, and the raw database
 * holds no key material in readable form. What stays in the clear: `id`, `time` and `type` (needed for ordering,
 * retention and type reads). Tokens reveal which records share a session or product, never the id itself.
 *
 * Row formats (`enc`): 2 (this build) authenticates every field kept beside the ciphertext (id, time, type and both
 * tokens are the AES-GCM additional data), so changing any of them makes the row fail to open. 1 (earlier builds)
 * authenticated only the id; such rows are read once, checked as far as they can be, and re-encrypted as format 2
 * (src/history/encryption-migration.ts).
 */
import { bytesToBase64 } from '../core/base64.ts';
import type { ShopperEvent, StoredEvent } from './types.ts';

export interface HistoryKeys {
  aes: CryptoKey;
  hmac: CryptoKey;
}

/** The row format this build writes. */
export const ROW_FORMAT = 2;

/** An encrypted row as stored. */
export interface EncryptedRow {
  id: string;
  time: number;
  type: ShopperEvent['type'];
  /** HMAC tokens `h:…` of the session and product ids (index keys). */
  sessionId: string;
  productId?: string;
  /** Format of the row: 2 now, 1 for rows of earlier builds. */
  enc: 1 | 2;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export async function createKeys(): Promise<HistoryKeys> {
  const [aes, hmac] = await Promise.all([
    crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { aes, hmac };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function base64url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Index tokens: 128 bits of HMAC-SHA-256(key, value). Cached per store instance (ids repeat a lot within a
 * session), bounded so the cache cannot grow without limit.
 */
export class Tokenizer {
  readonly #cache = new Map<string, string>();
  constructor(private readonly key: CryptoKey) {}

  async token(value: string): Promise<string> {
    const hit = this.#cache.get(value);
    if (hit !== undefined) return hit;
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', this.key, encoder.encode(value)));
    const token = `h:${base64url(mac.subarray(0, 16))}`;
    if (this.#cache.size >= 4096) this.#cache.clear();
    this.#cache.set(value, token);
    return token;
  }
}

/** Format 2's additional data: every field stored beside the ciphertext, in a fixed order (JSON keeps types apart). */
function additionalData(row: Pick<EncryptedRow, 'id' | 'time' | 'type' | 'sessionId' | 'productId'>): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(['storefront-ml/history', ROW_FORMAT, row.id, row.time, row.type, row.sessionId, row.productId ?? null]));
}

/** Encrypts an event as a format-2 row: id, time, type and both tokens are authenticated with the body. */
export async function encryptEvent(event: StoredEvent, keys: HistoryKeys, tokens: Tokenizer): Promise<EncryptedRow> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const { id, time, type, sessionId, productId, ...rest } = event;
  const body = encoder.encode(JSON.stringify({ ...rest, sessionId, productId }));
  const [sessionToken, productToken] = await Promise.all([
    tokens.token(sessionId),
    productId === undefined ? undefined : tokens.token(productId),
  ]);
  const row: EncryptedRow = { id, time, type, sessionId: sessionToken, enc: ROW_FORMAT, iv, data: new ArrayBuffer(0) };
  if (productToken !== undefined) row.productId = productToken;
  row.data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(row) }, keys.aes, body);
  return row;
}

export function isEncryptedRow(row: unknown): row is EncryptedRow {
  const r = row as Partial<EncryptedRow> | null;
  return typeof r === 'object' && r !== null && (r.enc === 1 || r.enc === 2) && r.iv instanceof Uint8Array && r.data instanceof ArrayBuffer;
}

async function open(row: EncryptedRow, keys: HistoryKeys, additional: Uint8Array<ArrayBuffer>, what: string): Promise<Record<string, unknown>> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: row.iv, additionalData: additional }, keys.aes, row.data);
  } catch {
    throw new Error(`the encrypted row failed authentication: its ${what} was changed, or another key wrote it`);
  }
  const body = JSON.parse(decoder.decode(plain)) as Record<string, unknown>;
  return { id: row.id, time: row.time, type: row.type, ...body };
}

/** Decrypts a format-2 row back to the event fields (unvalidated: the caller validates). Throws when any field was altered. */
export function decryptRow(row: EncryptedRow, keys: HistoryKeys): Promise<Record<string, unknown>> {
  if (row.enc !== ROW_FORMAT) return Promise.reject(new Error(`an encrypted row of format ${row.enc}, in a history whose rows are all format ${ROW_FORMAT}`));
  return open(row, keys, additionalData(row), 'body, id, time, type, session or product token');
}

/**
 * Decrypts a format-1 row (only its id was authenticated) and checks what can still be checked: the tokens beside it
 * must be those of the ids inside. Its time and type cannot be verified; re-encrypting it as format 2 seals them.
 */
export async function decryptLegacyRow(row: EncryptedRow, keys: HistoryKeys, tokens: Tokenizer): Promise<Record<string, unknown>> {
  const event = await open(row, keys, encoder.encode(row.id), 'body or id');
  const { sessionId, productId } = event;
  const expected = [
    typeof sessionId === 'string' ? await tokens.token(sessionId) : undefined,
    typeof productId === 'string' ? await tokens.token(productId) : undefined,
  ];
  if (expected[0] !== row.sessionId || expected[1] !== row.productId) {
    throw new Error('the session or product token beside the encrypted row is not the one of the ids inside it');
  }
  return event;
}

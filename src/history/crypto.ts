/**
 * Encryption at rest for the history store: AES-GCM (256-bit) for the event body, and keyed HMAC-SHA-256 tokens for
 * the indexed ids (session, product), so equality lookups still use an index without plaintext in it.
 *
 * Both keys are WebCrypto keys made with `extractable: false` and kept in IndexedDB as CryptoKey objects (structured
 * clone keeps them non-extractable): script on the page can use them but never read their bytes, and the raw database
 * holds no key material in readable form. What stays in the clear: `id`, `time` and `type` (needed for ordering,
 * retention and type reads). Tokens reveal which records share a session or product, never the id itself.
 */
import type { ShopperEvent, StoredEvent } from './types.ts';

export interface HistoryKeys {
  aes: CryptoKey;
  hmac: CryptoKey;
}

/** An encrypted row as stored. */
export interface EncryptedRow {
  id: string;
  time: number;
  type: ShopperEvent['type'];
  /** HMAC tokens `h:…` of the session and product ids (index keys). */
  sessionId: string;
  productId?: string;
  /** Format of the encrypted body. */
  enc: 1;
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
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
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

/** Encrypts an event; the id is the additional authenticated data, so a body moved to another row fails to open. */
export async function encryptEvent(event: StoredEvent, keys: HistoryKeys, tokens: Tokenizer): Promise<EncryptedRow> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const { id, time, type, sessionId, productId, ...rest } = event;
  const body = encoder.encode(JSON.stringify({ ...rest, sessionId, productId }));
  const [data, sessionToken, productToken] = await Promise.all([
    crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(id) }, keys.aes, body),
    tokens.token(sessionId),
    productId === undefined ? undefined : tokens.token(productId),
  ]);
  const row: EncryptedRow = { id, time, type, sessionId: sessionToken, enc: 1, iv, data };
  if (productToken !== undefined) row.productId = productToken;
  return row;
}

export function isEncryptedRow(row: unknown): row is EncryptedRow {
  const r = row as Partial<EncryptedRow> | null;
  return typeof r === 'object' && r !== null && r.enc === 1 && r.iv instanceof Uint8Array && r.data instanceof ArrayBuffer;
}

/** Decrypts a row back to the event fields (unvalidated: the caller validates). Throws when the body was altered. */
export async function decryptRow(row: EncryptedRow, keys: HistoryKeys): Promise<Record<string, unknown>> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: row.iv, additionalData: encoder.encode(row.id) }, keys.aes, row.data);
  const body = JSON.parse(decoder.decode(plain)) as Record<string, unknown>;
  return { id: row.id, time: row.time, type: row.type, ...body };
}

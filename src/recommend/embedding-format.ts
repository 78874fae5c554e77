/**
 * The embedding exchange format: item embeddings trained anywhere (PyTorch, numpy…) in one small binary file.
 *
 * | offset | size | what |
 * |---|---|---|
 * | 0 | 4 | magic `SFEM` (ASCII) |
 * | 4 | 4 | version, uint32 little-endian: 1 |
 * | 8 | 4 | rows n, uint32 LE |
 * | 12 | 4 | dim d, uint32 LE |
 * | 16 | 4 | metadata length m in bytes, uint32 LE |
 * | 20 | m | metadata: UTF-8 JSON object with `ids`: n product ids (strings), plus anything else |
 * | 20 + m | 0–3 | zero padding to a multiple of 4 |
 * | … | n·d·4 | the matrix: float32 little-endian, row-major, row i = product `ids[i]` |
 *
 * numpy writes it with: `header = struct.pack('<4sIIII', b'SFEM', 1, n, d, len(meta)); pad = b'\0' * (-(20 +
 * len(meta)) % 4); f.write(header + meta + pad + E.astype('<f4').tobytes())`. Pure, runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';

/** Item embeddings as plain data. */
export interface ItemEmbeddings {
  /** Product ids, one per row. */
  ids: string[];
  dim: number;
  /** Row-major [ids.length × dim]. */
  vectors: Float32Array;
  /** Free-form metadata carried along (model name, training run, date…). */
  metadata: Record<string, unknown>;
}

const MAGIC = 0x4d454653; // 'SFEM' read as little-endian uint32

/** Encodes embeddings in the exchange format. */
export function encodeEmbeddings(embeddings: ItemEmbeddings): ArrayBuffer {
  const { ids, dim, vectors } = embeddings;
  if (vectors.length !== ids.length * dim) {
    throw new StorefrontError('INVALID_INPUT', `Embeddings: ${vectors.length} values do not make ${ids.length} rows of ${dim}. Pass ids.length × dim values.`);
  }
  const meta = new TextEncoder().encode(JSON.stringify({ ...embeddings.metadata, ids }));
  const offset = 20 + meta.length + ((4 - ((20 + meta.length) % 4)) % 4);
  const buffer = new ArrayBuffer(offset + vectors.length * 4);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, 1, true);
  view.setUint32(8, ids.length, true);
  view.setUint32(12, dim, true);
  view.setUint32(16, meta.length, true);
  new Uint8Array(buffer, 20, meta.length).set(meta);
  for (let i = 0; i < vectors.length; i++) view.setFloat32(offset + i * 4, vectors[i] as number, true);
  return buffer;
}

/** The widest embedding a recommender takes (its dense layer is dim × dim: 40,000 would reserve gigabytes). */
export const MAX_EMBEDDING_DIM = 1024;

function bad(what: string, field?: string): never {
  throw new StorefrontError('MODEL_LOAD_FAILED', `Embeddings file: ${what}. Write it in the SFEM format described in src/recommend/embedding-format.ts.`, {
    details: field ? { field } : {},
  });
}

/** Decodes the exchange format; a malformed file (NaN or Infinity among the values too) throws MODEL_LOAD_FAILED saying what is wrong. */
export function decodeEmbeddings(buffer: ArrayBuffer): ItemEmbeddings {
  if (buffer.byteLength < 20) bad(`${buffer.byteLength} bytes is shorter than the 20-byte header`);
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) bad('it does not start with the magic bytes "SFEM"');
  const version = view.getUint32(4, true);
  if (version !== 1) bad(`version ${version} is not supported (expected 1)`);
  const rows = view.getUint32(8, true);
  const dim = view.getUint32(12, true);
  const metaLength = view.getUint32(16, true);
  const offset = 20 + metaLength + ((4 - ((20 + metaLength) % 4)) % 4);
  // Bounded before anything is allocated from the header's numbers.
  if (dim < 1 || dim > MAX_EMBEDDING_DIM) bad(`dim ${dim} is outside 1…${MAX_EMBEDDING_DIM}`, 'dim');
  if (rows === 0) bad('it holds no rows', 'rows');
  if ( buffer.byteLength !== offset + rows * dim * 4) {
    bad(`expected ${offset + rows * dim * 4} bytes for ${rows} rows × ${dim} dims, got ${buffer.byteLength}`, 'rows');
  }
  let metadata: Record<string, unknown>;
  try {
    metadata = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 20, metaLength))) as Record<string, unknown>;
  } catch (cause) {
    throw new StorefrontError('MODEL_LOAD_FAILED', 'Embeddings file: the metadata is not valid JSON. Write UTF-8 JSON after the header.', { cause });
  }
  const ids = metadata.ids;
  if (!Array.isArray(ids) || ids.length !== rows) bad(`metadata.ids must list ${rows} product ids`, 'ids');
  const vectors = new Float32Array(rows * dim);
  for (let i = 0; i < vectors.length; i++) {
    const v = view.getFloat32(offset + i * 4, true);
    // NaN or Infinity would be ranked (or poison every score it meets): refused here, with the row to fix.
    if (!Number.isFinite(v)) bad(`a value that is not finite (${v}) is at row ${Math.floor(i / dim)}; each vector must hold finite numbers`, 'vectors');
    vectors[i] = v;
  }
  const { ids: _ids, ...rest } = metadata;
  return { ids: ids.map(String), dim, vectors, metadata: rest };
}

/**
 * Vector math for visual search and few-shot categories: dot products and a growable store of embeddings.
 * Pure TypeScript, no tfjs; runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';

/** Dot product (= cosine similarity for L2-normalised vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** `v` scaled to unit length (a copy); a zero vector stays zero. */
export function l2Normalize(v: ArrayLike<number>): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) * inv;
  return out;
}

/** Throws INVALID_INPUT unless `v` is a Float32Array of length `dim` with finite values. */
export function checkEmbedding(v: unknown, dim: number, subject: string): Float32Array {
  if (!(v instanceof Float32Array) || v.length !== dim) {
    const got = v instanceof Float32Array ? `a Float32Array of ${v.length}` : 'not a Float32Array';
    throw new StorefrontError('INVALID_INPUT', `${subject}: the embedding is ${got}. Pass a Float32Array of ${dim} values (model.embed() gives one).`,
      { details: { expected: dim } });
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new StorefrontError('INVALID_INPUT', `${subject}: the embedding has a non-finite value at ${i}. Pass finite numbers.`);
  }
  return v;
}

/**
 * Embeddings by id, stored row-major in one Float32Array of `capacity × dim` (row i = one vector), so a vector is
 * one contiguous read: re-ranking a few hundred candidates touches a few hundred rows, not `dim` cache lines per
 * candidate as column-major did (30 ms for 200 candidates at 100k × 768). The exact tfjs path uploads a transposed
 * copy once per change (vector-scorer.ts). Removing swaps the last row into the hole, so rows stay dense.
 */
export class VectorStore {
  ids: string[] = [];
  private rows = new Map<string, number>();
  data: Float32Array;
  capacity: number;
  /** Bumped on every change, so a cached copy (e.g. a tensor) knows when it is stale. */
  version = 0;
  /** Told of every row written (also the row a removal moves), so a derived copy stays in step without a rebuild. */
  mirror: { write(row: number, v: Float32Array): void } | null = null;

  constructor(readonly dim: number, capacity = 1024) {
    this.capacity = capacity;
    this.data = new Float32Array(dim * capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  rowOf(id: string): number | undefined {
    return this.rows.get(id);
  }

  /** Row `row`'s vector, a view into the store (valid until the next change). */
  row(row: number): Float32Array {
    return this.data.subarray(row * this.dim, (row + 1) * this.dim);
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const data = new Float32Array(this.dim * capacity);
    data.set(this.data.subarray(0, this.size * this.dim));
    this.data = data;
    this.capacity = capacity;
  }

  private write(row: number, v: Float32Array): void {
    this.data.set(v.subarray(0, this.dim), row * this.dim);
    // A derived copy that cannot follow (e.g. out of memory) is dropped, never the write: the float rows are the truth.
    try {
      this.mirror?.write(row, this.row(row));
    } catch {
      this.mirror = null;
    }
  }

  /** Adds or replaces the vector of `id`. */
  set(id: string, v: Float32Array): void {
    let row = this.rows.get(id);
    if (row === undefined) {
      if (this.size === this.capacity) this.grow();
      row = this.size;
      this.ids.push(id);
      this.rows.set(id, row);
    }
    this.write(row, v);
    this.version++;
  }

  get(id: string): Float32Array | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.row(row).slice();
  }

  remove(id: string): boolean {
    const row = this.rows.get(id);
    if (row === undefined) return false;
    const last = this.size - 1;
    const lastId = this.ids[last] as string;
    if (row !== last) {
      this.write(row, this.row(last));
      this.ids[row] = lastId;
      this.rows.set(lastId, row);
    }
    this.row(last).fill(0);
    this.ids.pop();
    this.rows.delete(id);
    this.version++;
    return true;
  }

  clear(): void {
    this.ids = [];
    this.rows.clear();
    this.data.fill(0);
    this.version++;
  }

  /** Dot product of `query` with every stored vector, in row order (plain loop; the tfjs path is faster at scale). */
  scores(query: Float32Array, out = new Float32Array(this.size)): Float32Array {
    return this.scoreRows(query, this.size, out);
  }

  /** Exact dot products of `query` with the given rows (or rows 0..n-1 when given a count), in that order. */
  scoreRows(query: Float32Array, rows: readonly number[] | number, out = new Float32Array(typeof rows === 'number' ? rows : rows.length)): Float32Array {
    const { dim, data } = this;
    const n = typeof rows === 'number' ? rows : rows.length;
    for (let i = 0; i < n; i++) {
      const base = (typeof rows === 'number' ? i : (rows[i] as number)) * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (query[d] as number) * (data[base + d] as number);
      out[i] = s;
    }
    return out;
  }
}

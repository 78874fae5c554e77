/**
 * Fuzz (browser): a visual index fed embeddings directly (no image model), in real IndexedDB. put/putMany with
 * hostile products (hostile embeddings, non-cloneable metadata) store everything or nothing and fail typed;
 * search with hostile queries and options returns hits sorted by a finite cosine score or fails typed; no tensor leaks.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openVisualIndex, type VisualIndex } from '../../../src/vision/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { fc, fuzz, hostileRecord, hostileValue, resolvesValidOrRejectsTyped } from '../../fuzz/fuzz.ts';
import { dbName } from '../history/helpers.ts';

const DIM = 4;
const unitish = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: DIM, maxLength: DIM })
  .filter((v) => v.some((x) => Math.abs(x) > 1e-3)).map((v) => Float32Array.from(v));
const embedding = fc.oneof({ weight: 4, arbitrary: unitish }, { weight: 1, arbitrary: fc.constantFrom(new Float32Array(DIM), Float32Array.from([Number.NaN, 1, 0, 0]), new Float32Array(DIM + 1), Float32Array.from([Infinity, 0, 0, 0])) }, { weight: 1, arbitrary: hostileValue });
const product = hostileRecord({
  productId: fc.constantFrom('p1', 'p2', 'p3', 'p4', '__proto__', '商品'),
  embedding: unitish,
  metadata: fc.oneof(fc.record({ price: fc.double({ min: 0, max: 1e4, noNaN: true }), name: fc.string({ maxLength: 8 }) }), fc.constant({ notCloneable: () => 1 })),
}).map((p) => ({ productId: 'p1', embedding: new Float32Array([1, 0, 0, 0]), ...p }));

/** Every hit: a known id, a finite cosine score in [-1, 1] (a little float slack), best first. */
function validHits(hits: readonly { productId: unknown; score: unknown }[], topK: number): boolean {
  return hits.length <= topK && hits.every((h, i) => typeof h.productId === 'string' && typeof h.score === 'number' &&
    Number.isFinite(h.score) && Math.abs(h.score) <= 1 + 1e-4 && (i === 0 || (hits[i - 1]!.score as number) >= h.score - 1e-6));
}

describe('fuzz: visual index (IndexedDB, WASM)', () => {
  let index: VisualIndex;
  beforeAll(async () => {
    await useWasm();
    index = await openVisualIndex({ name: dbName('fuzz-visual'), embeddingSize: DIM });
    await index.put({ productId: 'seed', embedding: Float32Array.from([0, 1, 0, 0]) });
    await index.search(Float32Array.from([0, 1, 0, 0]));
  });
  afterAll(async () => {
    await index.clear();
    index.close();
  });

  it('putMany / put (hostile products): all stored, or INVALID_INPUT with the index as it was', async () => {
    await fuzz('visual index putMany hostile', { numRuns: 1500, timeLimitMs: 10_000 }, [fc.oneof(fc.array(fc.oneof({ weight: 5, arbitrary: product }, { weight: 1, arbitrary: hostileValue }), { maxLength: 5 }), hostileValue), fc.boolean()], async (products, one) => {
      const before = index.size;
      const ids = Array.isArray(products) ? products.map((p) => (p as { productId?: unknown } | null)?.productId).filter((id): id is string => typeof id === 'string') : [];
      const had = new Map(ids.map((id) => [id, index.get(id)?.embedding.join(',')]));
      await expectNoLeak(async () => {
        const call = one && Array.isArray(products) ? () => index.put(products[0] as never).then(() => 1) : () => index.putMany(products as never);
        const r = await resolvesValidOrRejectsTyped(call, () => true);
        if (!r.ok) {
          if (index.size !== before) throw new Error(`a refused write changed the size from ${before} to ${index.size}`);
          for (const [id, e] of had) if (index.get(id)?.embedding.join(',') !== e) throw new Error(`a refused write changed ${id}`);
        }
      }, 'putMany');
    });
  });

  it('search (hostile queries and options): hits sorted by a finite cosine score, or INVALID_INPUT/INVALID_OPTION', async () => {
    const options = fc.oneof(fc.constant(undefined), hostileRecord({ topK: fc.integer({ min: 1, max: 10 }), exact: fc.boolean(), candidates: fc.integer({ min: 1, max: 50 }), filter: fc.constant(() => true) }), hostileValue);
    await fuzz('visual index search hostile', { numRuns: 4000, timeLimitMs: 10_000 }, [embedding, options], async (query, o) => {
      const topK = typeof (o as { topK?: unknown } | null)?.topK === 'number' ? (o as { topK: number }).topK : 10;
      await expectNoLeak(() => resolvesValidOrRejectsTyped(() => index.search(query as never, o as never), (hits) => validHits(hits, topK)), 'search');
    });
  });
});

import { describe, expect, it } from 'vitest';
import { Int8Vectors, int8ScanAvailable } from '../../../src/vision/int8-scan.ts';
import { VectorScorer } from '../../../src/vision/vector-scorer.ts';
import { VectorStore, dot, l2Normalize } from '../../../src/vision/vectors.ts';

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** Unit vectors: uniform in [0, 1) per dimension (like the bench), or centred on 0 when `centred`. */
function unitVectors(n: number, dim: number, seed: number, centred = false): Float32Array[] {
  const r = random(seed);
  return Array.from({ length: n }, () => l2Normalize(Float32Array.from({ length: dim }, () => r() - (centred ? 0.5 : 0))));
}

function exactTop(vectors: Float32Array[], q: Float32Array, k: number, accept = (_: number) => true): number[] {
  return vectors.map((v, i) => ({ i, s: dot(v, q) })).filter(({ i }) => accept(i))
    .sort((a, b) => b.s - a.s || a.i - b.i).slice(0, k).map(({ i }) => i);
}

describe('Int8Vectors (WebAssembly SIMD kernel)', () => {
  it('is available in Node 20 and scores like the float dot product within quantisation error', () => {
    expect(int8ScanAvailable()).toBe(true);
    for (const dim of [3, 16, 100, 768]) {
      const vectors = unitVectors(301, dim, dim, true); // not a multiple of the 4 rows the kernel scans at once
      const int8 = new Int8Vectors(dim, 10); // grows on write
      vectors.forEach((v, i) => int8.write(i, v));
      const q = vectors[7] as Float32Array;
      const scores = int8.scores(q, vectors.length);
      expect(scores.length).toBe(301);
      vectors.forEach((v, i) => expect(Math.abs((scores[i] as number) - dot(v, q))).toBeLessThan(0.01));
      expect(scores[7]).toBeCloseTo(1, 2);
    }
  });

  it('keeps a zero vector at score 0, and rows written in any order score the same', () => {
    const dim = 40;
    const vectors = unitVectors(600, dim, 9, true);
    vectors[3] = new Float32Array(dim);
    const a = new Int8Vectors(dim, 4);
    vectors.forEach((v, i) => a.write(i, v));
    const b = new Int8Vectors(dim, 1000);
    for (let i = vectors.length - 1; i >= 0; i--) b.write(i, vectors[i] as Float32Array);
    const q = vectors[5] as Float32Array;
    expect(Array.from(a.scores(q, 600))).toEqual(Array.from(b.scores(q, 600)));
    expect(a.scores(q, 600)[3]).toBe(0);
  });
});

describe('VectorScorer approximate top-K', () => {
  const dim = 256;
  const n = 5000;

  it('recall@10 vs exact ≥ 0.99 on seeded random data, with exact scores', async () => {
    for (const centred of [false, true]) {
      const vectors = unitVectors(n, dim, 21, centred);
      const store = new VectorStore(dim, n);
      vectors.forEach((v, i) => store.set(`p${i}`, v));
      const scorer = new VectorScorer(store);
      const queries = unitVectors(40, dim, 99, centred);
      let found = 0;
      for (const q of queries) {
        const approx = await scorer.topK(q, 10, { exact: false, candidates: 100 });
        const truth = exactTop(vectors, q, 10);
        found += approx.filter((h) => truth.includes(h.row)).length;
        for (const h of approx) expect(h.score).toBeCloseTo(dot(vectors[h.row] as Float32Array, q), 5);
        expect(approx.map((h) => h.score)).toEqual([...approx.map((h) => h.score)].sort((a, b) => b - a));
      }
      expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.99);
      scorer.dispose();
    }
  });

  it('honours the filter, and reflects updates and removals made after the int8 copy was built', async () => {
    const vectors = unitVectors(n, dim, 5, true);
    const store = new VectorStore(dim, 1024); // grows while filling
    vectors.forEach((v, i) => store.set(`p${i}`, v));
    const scorer = new VectorScorer(store);
    const q = vectors[42] as Float32Array;
    expect((await scorer.topK(q, 1, { exact: false }))[0]?.row).toBe(42);

    const even = (row: number) => Number(store.ids[row]?.slice(1)) % 2 === 0;
    const filtered = await scorer.topK(q, 10, { exact: false, accept: even });
    expect(filtered.map((h) => store.ids[h.row])).toEqual(exactTop(vectors, q, 10, (i) => i % 2 === 0).map((i) => `p${i}`));

    // Move p42 far away, give p7 the old vector, remove p0 (the last row moves into row 0), add new rows.
    store.set('p42', vectors[43] as Float32Array);
    store.set('p7', q);
    store.remove('p0');
    const extra = unitVectors(300, dim, 77, true);
    extra.forEach((v, i) => store.set(`x${i}`, v));
    const hits = await scorer.topK(q, 5, { exact: false });
    const exact = await scorer.topK(q, 5, { exact: true });
    expect(store.ids[hits[0]?.row as number]).toBe('p7');
    expect(hits.map((h) => store.ids[h.row])).toEqual(exact.map((h) => store.ids[h.row]));
    expect(hits.some((h) => store.ids[h.row] === 'p42')).toBe(false);
    const moved = extra[299] as Float32Array; // last row: moved by the next removal
    store.remove('p1');
    expect(store.ids[(await scorer.topK(moved, 1, { exact: false }))[0]?.row as number]).toBe('x299');
    scorer.dispose();
    expect(store.mirror).toBe(null);
  });

  it('is exact below the threshold unless asked, and when candidates cover the store', async () => {
    const store = new VectorStore(dim, 16);
    unitVectors(100, dim, 3).forEach((v, i) => store.set(`p${i}`, v));
    const scorer = new VectorScorer(store);
    expect(scorer.approximates()).toBe(false);
    expect(scorer.approximates(false)).toBe(true);
    expect(scorer.approximates(true)).toBe(false);
    const q = store.get('p3') as Float32Array;
    expect((await scorer.topK(q, 3, { exact: false, candidates: 1000 }))).toEqual(await scorer.topK(q, 3));
    expect(store.mirror).toBe(null); // never built
    scorer.dispose();
  });

  it('keeps every write when the int8 copy cannot follow: the copy is dropped and rebuilt, results stay exact', async () => {
    const vectors = unitVectors(400, dim, 11, true);
    const store = new VectorStore(dim, 512);
    vectors.forEach((v, i) => store.set(`p${i}`, v));
    const scorer = new VectorScorer(store);
    const q = vectors[9] as Float32Array;
    await scorer.topK(q, 5, { exact: false, candidates: 20 }); // builds the copy
    const copy = store.mirror as Int8Vectors;
    const write = copy.write;
    copy.write = () => { throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'); };
    store.set('p9', vectors[10] as Float32Array); // must not throw
    store.set('new', q);
    expect(store.mirror).toBe(null);
    expect(store.get('new')).toEqual(q);
    copy.write = write;
    const hits = await scorer.topK(q, 5, { exact: false, candidates: 20 });
    expect(hits.map((h) => store.ids[h.row])).toEqual((await scorer.topK(q, 5, { exact: true })).map((h) => store.ids[h.row]));
    expect(store.ids[hits[0]?.row as number]).toBe('new');
    expect(store.mirror).not.toBe(copy);
    scorer.dispose();
  });
});

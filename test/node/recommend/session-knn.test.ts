import { describe, expect, it } from 'vitest';
import { cooccurrenceCosine } from '../../../src/recommend/baselines.ts';
import { SessionKnn, mixSessionKnn, sessionIndex, twoStepInto } from '../../../src/recommend/session-knn.ts';

const seqs = (...list: number[][]) => list.map((s) => Int32Array.from(s));

describe('session-kNN', () => {
  it('indexes the most recent sessions, each cut to its last items', () => {
    const index = sessionIndex(seqs([0, 1, 2], [3, 4, 5, 6], [7]), 8, 2, 3);
    expect(Array.from(index.start)).toEqual([0, 3, 4]);
    expect(Array.from(index.items)).toEqual([4, 5, 6, 7]);
  });

  it('votes with the neighbour sessions, items near the shared one weighing more', () => {
    // Item 0 is shared with both sessions; in session 0 item 1 sits next to it and item 2 two steps away.
    const knn = new SessionKnn(sessionIndex(seqs([0, 1, 2], [5, 0]), 6), { positionDecay: 0.5 });
    const out = new Float32Array(6);
    const sum = knn.scoreInto([0], out);
    expect(out[1]).toBeGreaterThan(out[2]!);
    expect(out[2]).toBeGreaterThan(0);
    expect(out[5]).toBeGreaterThan(0);
    expect(out[3]).toBe(0);
    expect(sum).toBeCloseTo(out.reduce((a, b) => a + b, 0), 5);
    // Unknown or out-of-range items are ignored; a history sharing nothing scores nothing.
    expect(knn.scoreInto([3, 99, -1], out)).toBe(0);
    expect(Array.from(out).every((v) => v === 0)).toBe(true);
  });

  it('the most similar sessions win when only some may vote', () => {
    const knn = new SessionKnn(sessionIndex(seqs([0, 1, 2], [0, 9, 8, 7, 6, 5, 4]), 10), { neighbours: 1 });
    const out = new Float32Array(10);
    knn.scoreInto([0, 1], out);
    expect(out[2]).toBeGreaterThan(0);
    expect(out[9]).toBe(0);
  });

  it('two co-occurrence steps reach items no session shares with the history', () => {
    const train = seqs([0, 1], [1, 2]);
    const out = new Float32Array(3);
    expect(twoStepInto(cooccurrenceCosine(train, 3), [0], out)).toBeGreaterThan(0);
    expect(out[2]).toBeGreaterThan(0);
  });

  it('mixes into a distribution, and leaves it alone when no session matches', () => {
    const train = seqs([0, 1], [1, 2], [3, 4]);
    const knn = new SessionKnn(sessionIndex(train, 5));
    const base = Float32Array.from([0.2, 0.2, 0.2, 0.2, 0.2]);
    const scores = base.slice();
    mixSessionKnn(scores, knn, [0], 0.7, new Float32Array(5), cooccurrenceCosine(train, 5));
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(scores[1]).toBeGreaterThan(scores[4]!);
    const untouched = base.slice();
    mixSessionKnn(untouched, new SessionKnn(sessionIndex(seqs([3]), 5)), [0], 0.7, new Float32Array(5));
    expect(Array.from(untouched)).toEqual(Array.from(base));
  });
});

import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { cooccurrenceCosine, itemKnnScorer, mixScorers, popularityScorer, sequentialRules, sessionKnnScorer, sparseKnnScores } from '../../../src/recommend/baselines.ts';
import { leaveOneOut, parseSequences } from '../../../src/recommend/dataset.ts';
import { nextItemExamples } from '../../../src/recommend/examples.ts';

const TEXT = '1 10 11 12 13\n2 11 12 14\n\n3 10 12 13 14 15\n';

describe('S3-Rec format and leave-one-out split', () => {
  it('parses users and numbers items by first appearance', () => {
    const data = parseSequences(TEXT);
    expect(data.userIds).toEqual(['1', '2', '3']);
    expect(data.itemIds).toEqual(['10', '11', '12', '13', '14', '15']);
    expect(Array.from(data.sequences[1]!)).toEqual([1, 2, 4]);
  });

  it('holds out the last item for test and the second-last for validation', () => {
    const split = leaveOneOut(parseSequences(TEXT));
    expect(Array.from(split.train[0]!)).toEqual([0, 1]);
    expect(split.validation[0]).toMatchObject({ user: 0, target: 2 });
    expect(Array.from(split.validation[0]!.history)).toEqual([0, 1]);
    expect(split.test[2]).toMatchObject({ user: 2, target: 5 });
    expect(Array.from(split.test[2]!.history)).toEqual([0, 2, 3, 4]);
    expect(split.numItems).toBe(6);
  });

  it('rejects a line without items with INVALID_INPUT', () => {
    let error: unknown;
    try { parseSequences('1 2 3\n7\n'); } catch (e) { error = e; }
    expect(isStorefrontError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toContain('line 2');
  });
});

describe('baselines', () => {
  const train = [Int32Array.from([0, 1, 2]), Int32Array.from([1, 2]), Int32Array.from([2, 3])];

  it('popularity counts training occurrences', () => {
    const out = new Float32Array(4);
    popularityScorer(train, 4).scoreInto([], out);
    expect(Array.from(out)).toEqual([1, 2, 3, 1]);
  });

  it('item-kNN scores cosine co-occurrence with recency weight decay^age', () => {
    // support: 0→1, 1→2, 2→3, 3→1; co-occurrence 0-1: 1, 0-2: 1, 1-2: 2, 2-3: 1.
    const sim = cooccurrenceCosine(train, 4);
    const out = new Float32Array(4);
    itemKnnScorer(sim, 0.5).scoreInto([0, 1], out); // item 1 age 0 (w 1), item 0 age 1 (w 0.5)
    expect(out[2]).toBeCloseTo(2 / Math.sqrt(6) + 0.5 * (1 / Math.sqrt(3)), 6);
    expect(out[0]).toBeCloseTo(1 / Math.sqrt(2), 6);
    expect(out[1]).toBeCloseTo(0.5 / Math.sqrt(2), 6);
    expect(out[3]).toBe(0);
  });

  it('sequential rules weight what followed by 1 / gap, normalised like the cosine', () => {
    // [0, 1, 2]: 0→1 (1), 0→2 (1/2), 1→2 (1); [1, 2]: 1→2 (1); [2, 3]: 2→3 (1). Counts 0: 1, 1: 2, 2: 3, 3: 1.
    const rules = sequentialRules(train, 4, 10);
    const out = new Float32Array(4);
    itemKnnScorer(rules, 1).scoreInto([1], out);
    expect(out[2]).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(out[0]).toBe(0); // nothing follows 1 back to 0: the rules are directed
    itemKnnScorer(rules, 1).scoreInto([0], out);
    expect(out[2]).toBeCloseTo(0.5 / Math.sqrt(3), 6);
    itemKnnScorer(sequentialRules(train, 4, 1), 1).scoreInto([0], out);
    expect(out[2]).toBe(0); // beyond `steps`
    expect(sequentialRules(train, 4, 10, 1).neighbours.length).toBe(3); // one neighbour per row that has any
  });

  it('sparse kNN scores and mixed scorers are distributions matching the dense scorer', () => {
    const sim = cooccurrenceCosine(train, 4);
    const dense = new Float32Array(4);
    itemKnnScorer(sim, 0.5).scoreInto([0, 1], dense);
    const sum = dense.reduce((a, b) => a + b, 0);
    const sparse = sparseKnnScores(sim, [0, 1], 0.5);
    for (let i = 0; i < 4; i++) expect(sparse.get(i) ?? 0).toBeCloseTo((dense[i] as number) / sum, 6);
    expect(sparseKnnScores(sim, [], 0.5).size).toBe(0);
    const mixed = new Float32Array(4);
    mixScorers([[itemKnnScorer(sim, 0.5), 0.6], [itemKnnScorer(sequentialRules(train, 4), 0.5), 0.4]]).scoreInto([0, 1], mixed);
    expect(mixed.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('session-kNN votes with the similarity of neighbour sessions', () => {
    const out = new Float32Array(4);
    sessionKnnScorer(train, 4, { neighbours: 1, decay: 1 }).scoreInto([1], out);
    // Only session 1 ([1, 2]): 1 / sqrt(1 · 2) beats session 0: 1 / sqrt(3).
    expect(out[2]).toBeCloseTo(1 / Math.sqrt(2), 6);
    expect(out[0]).toBe(0);
  });
});

describe('nextItemExamples', () => {
  it('makes right-aligned, padded windows for every next item', () => {
    const ex = nextItemExamples([Int32Array.from([0, 1, 2])], 2, 9);
    expect(ex.count).toBe(2);
    expect(Array.from(ex.histories)).toEqual([9, 0, 0, 1]);
    expect(Array.from(ex.targets)).toEqual([1, 2]);
  });
});

/**
 * Baselines that need no training loop: popularity, item-kNN (co-occurrence cosine with recency weighting) and
 * session-kNN. Pure, run in Node and in the browser. Item indices are 0…numItems-1, histories oldest first.
 */

/**
 * The neighbourhood part of the recommender's blend: item-kNN and sequential rules (10 steps), each at recency
 * weight `decay`, normalised and mixed. Chosen on Beauty validation (docs/benchmarks.md).
 */
export const KNN_MIX = { itemKnn: 0.6, rules: 0.4, decay: 0.6, ruleSteps: 10 } as const;

/** Anything that scores all items for a history. */
export interface SequenceScorer {
  readonly numItems: number;
  /** Writes one score per item into `out` (length numItems); higher is better. */
  scoreInto(history: ArrayLike<number>, out: Float32Array): void;
}

/** Counts of each item over the training sequences, as scores. */
export function popularityScorer(train: readonly ArrayLike<number>[], numItems: number): SequenceScorer & { counts: Float32Array } {
  const counts = new Float32Array(numItems);
  for (const seq of train) for (let i = 0; i < seq.length; i++) counts[seq[i] as number]! += 1;
  return { numItems, counts, scoreInto: (_history, out) => out.set(counts) };
}

/** A sparse item × item similarity matrix in CSR form: row i's neighbours and their similarities. */
export interface ItemSimilarity {
  numItems: number;
  rowStart: Int32Array;
  neighbours: Int32Array;
  values: Float32Array;
}

/**
 * Cosine similarity over user co-occurrence: |U_i ∩ U_j| / sqrt(|U_i| |U_j|), where U_i are the training
 * sequences holding item i. Keeps the `maxNeighbours` most similar items per row (all when 0).
 */
export function cooccurrenceCosine(train: readonly ArrayLike<number>[], numItems: number, maxNeighbours = 0): ItemSimilarity {
  const support = new Float64Array(numItems);
  const rows: Map<number, number>[] = Array.from({ length: numItems }, () => new Map());
  for (const seq of train) {
    const unique = [...new Set(Array.from(seq))];
    for (const i of unique) support[i]! += 1;
    for (let a = 0; a < unique.length; a++) {
      const i = unique[a] as number;
      const row = rows[i] as Map<number, number>;
      for (let b = 0; b < unique.length; b++) {
        if (a === b) continue;
        const j = unique[b] as number;
        row.set(j, (row.get(j) ?? 0) + 1);
      }
    }
  }
  return csrOf(rows, support, numItems, maxNeighbours);
}

/**
 * Item-kNN: score(j) = Σ over history items h of decay^age(h) · sim(h, j), where age 0 is the most recent item.
 */
export function itemKnnScorer(similarity: ItemSimilarity, decay = 0.8): SequenceScorer {
  const { rowStart, neighbours, values, numItems } = similarity;
  return {
    numItems,
    scoreInto(history, out) {
      out.fill(0);
      let w = 1;
      for (let h = history.length - 1; h >= 0; h--, w *= decay) {
        const i = history[h] as number;
        if (i < 0 || i >= numItems) continue;
        for (let p = rowStart[i] as number, end = rowStart[i + 1] as number; p < end; p++) {
          out[neighbours[p] as number]! += w * (values[p] as number);
        }
      }
    },
  };
}

/** Item-kNN scores of one history (recency weight `decay` per step back), sparse, normalised to sum 1 (empty: none). */
export function sparseKnnScores(similarity: ItemSimilarity, history: ArrayLike<number>, decay: number): Map<number, number> {
  const { rowStart, neighbours, values, numItems } = similarity;
  const out = new Map<number, number>();
  let w = 1;
  let sum = 0;
  for (let h = history.length - 1; h >= 0; h--, w *= decay) {
    const i = history[h] as number;
    if (i < 0 || i >= numItems) continue;
    for (let p = rowStart[i] as number, end = rowStart[i + 1] as number; p < end; p++) {
      const j = neighbours[p] as number;
      const v = w * (values[p] as number);
      out.set(j, (out.get(j) ?? 0) + v);
      sum += v;
    }
  }
  if (sum > 0) for (const [j, v] of out) out.set(j, v / sum);
  return out;
}

/** Options of {@link sessionKnnScorer}. */
export interface SessionKnnOptions {
  /** Neighbour sessions kept per query. @default 100 */
  neighbours?: number;
  /** Recency weight per step back in the query history (V-SKNN's linear decay is replaced by a geometric one). @default 0.8 */
  decay?: number;
}

/**
 * Session-kNN (V-SKNN style): the query history's items, recency-weighted, are matched against every training
 * sequence holding them; similarity = Σ weights of shared items / sqrt(|query| · |session|); the `neighbours`
 * most similar sessions vote for their items with their similarity.
 */
export function sessionKnnScorer(train: readonly ArrayLike<number>[], numItems: number, options: SessionKnnOptions = {}): SequenceScorer {
  const k = options.neighbours ?? 100;
  const decay = options.decay ?? 0.8;
  const sessions = train.map((s) => Int32Array.from(new Set(Array.from(s))));
  const postingStart = new Int32Array(numItems + 1);
  for (const s of sessions) for (let i = 0; i < s.length; i++) postingStart[(s[i] as number) + 1]! += 1;
  for (let i = 0; i < numItems; i++) postingStart[i + 1]! += postingStart[i] as number;
  const postings = new Int32Array(postingStart[numItems] as number);
  const fill = postingStart.slice(0, numItems);
  sessions.forEach((s, id) => {
    for (let i = 0; i < s.length; i++) postings[fill[s[i] as number]!++] = id;
  });
  const overlap = new Float64Array(sessions.length);
  return {
    numItems,
    scoreInto(history, out) {
      out.fill(0);
      const weights = new Map<number, number>();
      let w = 1;
      for (let h = history.length - 1; h >= 0; h--, w *= decay) {
        const i = history[h] as number;
        if (i >= 0 && i < numItems && !weights.has(i)) weights.set(i, w);
      }
      const touched: number[] = [];
      for (const [i, wi] of weights) {
        for (let p = postingStart[i] as number, end = postingStart[i + 1] as number; p < end; p++) {
          const s = postings[p] as number;
          if (overlap[s] === 0) touched.push(s);
          overlap[s]! += wi;
        }
      }
      const norm = Math.sqrt(weights.size);
      const scored = touched.map((s) => [s, (overlap[s] as number) / (norm * Math.sqrt((sessions[s] as Int32Array).length))] as const);
      for (const s of touched) overlap[s] = 0;
      scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (let n = 0; n < Math.min(k, scored.length); n++) {
        const [s, sim] = scored[n] as readonly [number, number];
        const items = sessions[s] as Int32Array;
        for (let i = 0; i < items.length; i++) out[items[i] as number]! += sim;
      }
    },
  };
}

/**
 * Sequential rules: rule i → j weighted by 1/gap for every j that follows i within `steps` positions of a training
 * sequence, divided like the cosine by sqrt(count_i · count_j) (so frequent items do not drown the others).
 */
export function sequentialRules(train: readonly ArrayLike<number>[], numItems: number, steps = 10, maxNeighbours = 0): ItemSimilarity {
  const rows: Map<number, number>[] = Array.from({ length: numItems }, () => new Map());
  const support = new Float64Array(numItems);
  for (const seq of train) {
    for (let a = 0; a < seq.length; a++) {
      const i = seq[a] as number;
      support[i]! += 1;
      const row = rows[i] as Map<number, number>;
      for (let b = a + 1; b < Math.min(seq.length, a + 1 + steps); b++) {
        const j = seq[b] as number;
        if (j === i) continue;
        row.set(j, (row.get(j) ?? 0) + 1 / (b - a));
      }
    }
  }
  return csrOf(rows, support, numItems, maxNeighbours);
}

/** Counts c(i, j) → CSR rows of c / sqrt(support_i · support_j), each cut to its `maxNeighbours` largest (all when 0). */
function csrOf(rows: readonly Map<number, number>[], support: Float64Array, numItems: number, maxNeighbours: number): ItemSimilarity {
  const kept: [number, number][][] = rows.map((row, i) => {
    const entries: [number, number][] = [];
    for (const [j, c] of row) entries.push([j, c / Math.sqrt((support[i] as number) * (support[j] as number))]);
    if (maxNeighbours > 0 && entries.length > maxNeighbours) {
      entries.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      entries.length = maxNeighbours;
    }
    return entries;
  });
  const rowStart = new Int32Array(numItems + 1);
  kept.forEach((entries, i) => (rowStart[i + 1] = (rowStart[i] as number) + entries.length));
  const total = rowStart[numItems] as number;
  const neighbours = new Int32Array(total);
  const values = new Float32Array(total);
  kept.forEach((entries, i) => {
    let p = rowStart[i] as number;
    for (const [j, v] of entries) {
      neighbours[p] = j;
      values[p++] = v;
    }
  });
  return { numItems, rowStart, neighbours, values };
}

/** A weighted sum of scorers, each normalised to sum 1 per history. */
export function mixScorers(parts: readonly [SequenceScorer, number][]): SequenceScorer {
  const numItems = (parts[0] as [SequenceScorer, number])[0].numItems;
  const row = new Float32Array(numItems);
  return {
    numItems,
    scoreInto(history, out) {
      out.fill(0);
      for (const [scorer, w] of parts) {
        scorer.scoreInto(history, row);
        let sum = 0;
        for (let i = 0; i < numItems; i++) sum += row[i] as number;
        const k = sum > 0 ? w / sum : 0;
        for (let i = 0; i < numItems; i++) out[i]! += k * (row[i] as number);
      }
    },
  };
}

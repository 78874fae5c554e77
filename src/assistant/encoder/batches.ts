/**
 * The encoder's input, pure: USE lite reads a batch as a sparse matrix of token ids (`indices` [tokens, 2] =
 * (sentence, position), `values` [tokens]) and pads every sentence to the batch's longest, so batches group
 * sentences of similar length. Runs in Node.
 */

/** Row indices of `ids` in batches of at most `size`, shortest sentences first (less padding per batch). */
export function lengthBatches(ids: ReadonlyArray<readonly number[]>, size: number): number[][] {
  const order = Array.from(ids.keys()).sort((a, b) => (ids[a] as number[]).length - (ids[b] as number[]).length || a - b);
  const out: number[][] = [];
  for (let start = 0; start < order.length; start += size) out.push(order.slice(start, start + size));
  return out;
}

/** Sparse input of a batch: (sentence, position) pairs and the token ids, built in one pass. An empty sentence gets the unknown id. */
export function sparseTokenInput(batch: ReadonlyArray<readonly number[]>): { indices: Int32Array; values: Int32Array } {
  const total = batch.reduce((n, s) => n + Math.max(1, s.length), 0);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let k = 0;
  batch.forEach((sentence, row) => {
    const tokens = sentence.length > 0 ? sentence : [0];
    tokens.forEach((id, position) => {
      indices[2 * k] = row;
      indices[2 * k + 1] = position;
      values[k++] = id;
    });
  });
  return { indices, values };
}

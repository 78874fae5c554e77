/**
 * The encoder's half of the familiarity gate, pure: a message whose embedding is far from every class's examples
 * (cosine to the nearest class centroid below a floor) is handed off as unfamiliar before the softmax decides. With
 * 512 dense features the softmax gives every string some confident class, keyboard mash included; its embedding
 * is still far from all the shop's intents. The floor is set as the letter floor is: a margin under the 0.5th
 * percentile of held-out in-scope messages, so it costs them at most about 0.5 % (and only with 200 or more of them:
on a small FAQ's few held-out messages it handed off a typo, "i forgot my pasword"). Runs in Node.
 */

/** The floor sits this far (cosine) below the 0.5th percentile of held-out in-scope messages. */
const MARGIN = 0.05;
const QUANTILE = 0.005;
/** Fewer held-out messages than this give no floor: their 0.5th percentile would just be the minimum of a few. */
export const MIN_HELD_OUT = 200;

/** Unit-length mean embedding per class [classes × dim]; a class without examples (or `skip`) stays zero. */
export function classCentroids(embeddings: readonly Float32Array[], labels: ArrayLike<number>, classes: number, dim: number, skip = -1): Float32Array {
  const out = new Float32Array(classes * dim);
  embeddings.forEach((e, i) => {
    const c = labels[i] as number;
    if (c === skip || c < 0 || c >= classes) return;
    for (let j = 0; j < dim; j++) out[c * dim + j] = (out[c * dim + j] as number) + (e[j] as number);
  });
  for (let c = 0; c < classes; c++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += (out[c * dim + j] as number) ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dim; j++) out[c * dim + j] = (out[c * dim + j] as number) * inv;
  }
  return out;
}

/** Cosine of `embedding` to its nearest centroid. */
export function nearness(embedding: Float32Array, centroids: Float32Array, dim: number): number {
  let norm = 0;
  for (let j = 0; j < dim; j++) norm += (embedding[j] as number) ** 2;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  let best = -1;
  for (let base = 0; base < centroids.length; base += dim) {
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += (embedding[j] as number) * (centroids[base + j] as number);
    if (dot * inv > best) best = dot * inv;
  }
  return best;
}

/** The nearness floor from held-out in-scope messages' nearness; null (no check) with fewer than MIN_HELD_OUT. */
export function nearnessFloor(heldInScope: readonly number[]): number | null {
  if (heldInScope.length < MIN_HELD_OUT) return null;
  const sorted = [...heldInScope].sort((a, b) => a - b);
  const q = sorted[Math.floor(QUANTILE * (sorted.length - 1))];
  return q === undefined ? null : q - MARGIN;
}

/**
 * The test-time augmentations `embed()` knows. A module of its own, without TensorFlow.js, so that the few-shot file
 * parser checks a file's `augment` against the same list the image model accepts.
 */

/** `embed()`'s test-time augmentation: `none`, or `crops` (the input square and its five crops, embeddings averaged). */
export type EmbedAugment = 'none' | 'crops';
export const EMBED_AUGMENTS: readonly EmbedAugment[] = ['none', 'crops'];

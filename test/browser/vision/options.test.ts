/**
 * Every option of the vision API, out of range or of the wrong type, is INVALID_OPTION naming the option and the
 * accepted range (`details.option`, `min`, `max`), before any work is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';
import { createFewShotClassifier, openVisualIndex, type ImageModel, type VisualIndex } from '../../../src/vision/index.ts';
import { loadTinyModel, solid } from './tiny-model.ts';

const NUMBERS_OUT = [0, -1, 0.5, NaN, Infinity, -Infinity, '3', null];

async function refused(call: () => Promise<unknown>, option: string, range?: [number, number]): Promise<void> {
  const error = await call().then(() => undefined, (e: unknown) => e) as { code?: string; message?: string; details?: Record<string, unknown> } | undefined;
  expect(error, `${option}: resolved`).toBeDefined();
  expect(error).toMatchObject({ code: 'INVALID_OPTION' });
  expect(error?.message).toContain(option);
  if (range) {
    expect(error?.details).toMatchObject({ option, min: range[0], max: range[1] });
    expect(error?.message).toContain(`from ${range[0]} to ${range[1]}`);
  }
}

let model: ImageModel;
let index: VisualIndex;
const image = solid([10, 200, 30]);
beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
  model = await loadTinyModel();
  index = await openVisualIndex({ name: `options-${crypto.randomUUID().slice(0, 8)}`, model });
  await index.put({ productId: 'p', embedding: Float32Array.of(1, 0, 0, 0) });
});
afterAll(async () => {
  await index.clear();
  index.close();
  model.dispose();
});

describe('visual index options', () => {
  it('search: topK and candidates must be integers in range', async () => {
    for (const value of [...NUMBERS_OUT, 10_001]) await refused(() => index.search(image, { topK: value as number }), 'topK', [1, 10_000]);
    for (const value of [...NUMBERS_OUT, 100_001]) await refused(() => index.search(image, { candidates: value as number }), 'candidates', [1, 100_000]);
    await refused(() => index.search(image, { exact: 'yes' as never }), 'exact');
    await refused(() => index.search(image, { filter: 'red' as never }), 'filter');
  });

  it('putMany: batchSize in range, onProgress a function, checked before anything is written', async () => {
    const product = { productId: 'q', image };
    for (const value of [...NUMBERS_OUT, 1025]) await refused(() => index.putMany([product], { batchSize: value as number }), 'batchSize', [1, 1024]);
    await refused(() => index.putMany([product], { onProgress: 5 as never }), 'onProgress');
    expect(index.get('q')).toBeUndefined();
  });

  it('openVisualIndex: embeddingSize in range', async () => {
    for (const value of [...NUMBERS_OUT, 65_537]) await refused(() => openVisualIndex({ name: 'never-opened', embeddingSize: value as number }), 'embeddingSize', [1, 65_536]);
  });
});

describe('image model options', () => {
  it('classify topK from 1 to the number of labels; embedBatch batchSize and onProgress', async () => {
    for (const value of [...NUMBERS_OUT, 4]) await refused(() => model.classify(image, { topK: value as number }), 'topK', [1, 3]);
    for (const value of [...NUMBERS_OUT, 257]) await refused(() => model.embedBatch([image], { batchSize: value as number }), 'batchSize', [1, 256]);
    await refused(() => model.embedBatch([image], { onProgress: 'log' as never }), 'onProgress');
  });
});

describe('few-shot options', () => {
  it('k from 1 to 1000 and threshold from -1 to 1', async () => {
    for (const value of [...NUMBERS_OUT, 1001]) await refused(() => createFewShotClassifier({ embeddingSize: 4, k: value as number }), 'k', [1, 1000]);
    for (const value of [NaN, Infinity, -1.5, 2, '0.5', null]) await refused(() => createFewShotClassifier({ embeddingSize: 4, threshold: value as number }), 'threshold', [-1, 1]);
    for (const value of [...NUMBERS_OUT, 65_537]) await refused(() => createFewShotClassifier({ embeddingSize: value as number }), 'embeddingSize', [1, 65_536]);
  });

  it('from must be a saved classifier or its file', async () => {
    for (const value of [null, 5, 'few-shot.json']) await refused(() => createFewShotClassifier({ embeddingSize: 4, from: value as never }), 'from');
  });
});

/**
 * Found by the fuzz tier (test/browser/fuzz/few-shot.fuzz.test.ts), its shrunk counterexamples: createFewShotClassifier(null)
 * threw "Cannot read properties of null (reading 'from')", a `from` that is a string threw on the `in` operator, and
 * addExamples('red', [ , ]) stored an example without an embedding, after which metadata and toJSON() threw
 * "reading 'buffer'". Each is INVALID_OPTION / INVALID_INPUT now, and a refused addExamples stores nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { createFewShotClassifier } from '../../../src/vision/index.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { codeOf } from '../../helpers/errors.ts';

describe('few-shot classifier arguments', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('createFewShotClassifier(null) and { from: "file.json" } are INVALID_OPTION', async () => {
    expect(await codeOf(() => createFewShotClassifier(null as never))).toBe('INVALID_OPTION');
    expect(await codeOf(() => createFewShotClassifier({ embeddingSize: 3, from: 'file.json' as never }))).toBe('INVALID_OPTION');
  });

  it('addExamples with a hole is INVALID_INPUT and stores nothing; metadata and toJSON() still work', async () => {
    const trainer = await createFewShotClassifier({ embeddingSize: 3 });
    try {
      await trainer.addExamples('red', [Float32Array.from([1, 0, 0])]);
      // eslint-disable-next-line no-sparse-arrays
      expect(await codeOf(() => trainer.addExamples('blue', [, Float32Array.from([0, 1, 0])] as never))).toBe('INVALID_INPUT');
      expect(trainer.metadata.counts).toEqual({ red: 1 });
      expect(trainer.toJSON().examples).toHaveLength(1);
    } finally {
      trainer.dispose();
    }
  });
});

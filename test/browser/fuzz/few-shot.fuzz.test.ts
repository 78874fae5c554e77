/**
 * Fuzz (browser, WASM): the few-shot classifier fed embeddings (no image model). createFewShotClassifier with
 * hostile options, addExamples with hostile labels and examples (all or nothing), predict with hostile queries:
 * a valid result (scores finite, in [-1, 1], label known or null) or INVALID_INPUT/INVALID_OPTION; no tensor leaks.
 */
import { beforeAll, describe, it } from 'vitest';
import { createFewShotClassifier } from '../../../src/vision/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { fc, fuzz, hostileRecord, hostileValue, resolvesValidOrRejectsTyped } from '../../fuzz/fuzz.ts';

const DIM = 3;
const vector = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: DIM, maxLength: DIM })
  .filter((v) => v.some((x) => Math.abs(x) > 1e-3)).map((v) => Float32Array.from(v));
const example = fc.oneof({ weight: 5, arbitrary: vector }, { weight: 1, arbitrary: fc.constantFrom(new Float32Array(DIM), Float32Array.from([Number.NaN, 0, 1]), new Float32Array(DIM + 2)) }, { weight: 1, arbitrary: hostileValue });
const label = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('red', 'blue', '紅', '__proto__', 'constructor') }, { weight: 1, arbitrary: hostileValue });
const inRange = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= -1 - 1e-4 && x <= 1 + 1e-4;

describe('fuzz: few-shot classifier (WASM)', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('createFewShotClassifier(hostile options): a trainer, or INVALID_OPTION/INVALID_INPUT', async () => {
    const options = fc.oneof(hostileRecord({ embeddingSize: fc.integer({ min: 1, max: 64 }), k: fc.integer({ min: 1, max: 5 }), threshold: fc.double({ min: -1, max: 1, noNaN: true }) }), hostileValue);
    await fuzz('few-shot create hostile options', { numRuns: 1500, timeLimitMs: 8000 }, [options], async (o) => {
      const r = await resolvesValidOrRejectsTyped(() => createFewShotClassifier(o as never), (t) => typeof t.addExamples === 'function');
      if (r.ok) r.value.dispose();
    });
  });

  it('addExamples / predict (hostile labels, examples, queries): all or nothing, finite scores in [-1, 1], no tensor leaked', async () => {
    const trainer = await createFewShotClassifier({ embeddingSize: DIM, k: 2 });
    await trainer.addExamples('red', [Float32Array.from([1, 0, 0])]);
    await trainer.predict(Float32Array.from([1, 0, 0]));
    try {
      await fuzz('few-shot addExamples/predict hostile', { numRuns: 1500, timeLimitMs: 10_000 }, [label, fc.oneof(fc.array(example, { maxLength: 4 }), hostileValue), example], async (l, examples, query) => {
        await expectNoLeak(async () => {
          const before = JSON.stringify(trainer.metadata.counts);
          const r = await resolvesValidOrRejectsTyped(() => trainer.addExamples(l as never, examples as never), () => true);
          if (!r.ok && JSON.stringify(trainer.metadata.counts) !== before) throw new Error(`a refused addExamples changed the counts: ${before} → ${JSON.stringify(trainer.metadata.counts)}`);
          await resolvesValidOrRejectsTyped(() => trainer.predict(query as never), (p) =>
            inRange(p.score) && p.scores.every((s) => inRange(s.score)) && (p.label === null || trainer.metadata.labels.includes(p.label)));
        }, 'few-shot');
      });
    } finally {
      trainer.dispose();
    }
  });
});

/**
 * Fuzz (browser, WASM): every loader given a hostile source and hostile options (non-strings, odd URLs, other
 * origins, indexeddb:// names that do not exist, options of the wrong type) fails with a StorefrontError of a
 * loader's documented codes (never a raw TypeError) or loads; nothing leaks. The only server is the test page's own.
 */
import { beforeAll, describe, it } from 'vitest';
import type { ErrorCode } from '../../../src/core/errors.ts';
import { loadAssistant } from '../../../src/assistant/index.ts';
import { loadIntentModel } from '../../../src/intent/index.ts';
import { loadRecommender } from '../../../src/recommend/index.ts';
import { loadFewShotClassifier, loadImageModel } from '../../../src/vision/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { fc, fuzz, hostileRecord, hostileValue, resolvesValidOrRejectsTyped } from '../../fuzz/fuzz.ts';

const CODES: ErrorCode[] = ['INVALID_INPUT', 'INVALID_OPTION', 'MODEL_LOAD_FAILED', 'ORIGIN_NOT_ALLOWED', 'NOT_FOUND', 'INTEGRITY_MISMATCH'];

const loaders: [string, (source: unknown, options: unknown) => Promise<{ dispose(): void }>][] = [
  ['loadIntentModel', (s, o) => loadIntentModel(s as never, o as never)],
  ['loadRecommender', (s, o) => loadRecommender(s as never, o as never)],
  ['loadAssistant', (s, o) => loadAssistant(s as never, o as never)],
  ['loadImageModel', (s, o) => loadImageModel(s as never, o as never)],
  ['loadFewShotClassifier', (s, o) => loadFewShotClassifier(s as never, o as never)],
];

describe('fuzz: loaders (WASM)', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('loadX(hostile source, hostile options): a typed error of the loaders\' codes, nothing leaked', async () => {
    const source = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom('', '/', '/nope/', 'indexeddb://fuzz-missing', 'indexeddb://', 'https://evil.example/model/', 'http://[::1', 'javascript:alert(1)', 'data:,{}', '/models/..%2f..%2f', '?'.repeat(3000), '/\u0000/') },
      { weight: 1, arbitrary: fc.webUrl() },
      { weight: 2, arbitrary: hostileValue },
    );
    const options = fc.oneof(fc.constant(undefined), hostileRecord({ cache: fc.constantFrom('indexeddb', 'none'), allowedOrigins: fc.array(fc.webUrl(), { maxLength: 2 }), signal: fc.constant(new AbortController().signal) }), hostileValue);
    await fuzz('loaders hostile', { numRuns: 1000, timeLimitMs: 15_000 }, [fc.nat({ max: loaders.length - 1 }), source, options], async (which, s, o) => {
      const [, load] = loaders[which]!;
      await expectNoLeak(async () => {
        const r = await resolvesValidOrRejectsTyped(() => load(s, o), () => true, CODES);
        if (r.ok) r.value.dispose();
      }, 'load');
    });
  });
});

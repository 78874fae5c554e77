/**
 * Found by the fuzz tier (test/browser/fuzz/loaders.fuzz.test.ts), its shrunk counterexamples `loadAssistant(null)`
 * and `loadAssistant('indexeddb://')`: a TypeError ("reading 'load'") and TensorFlow.js's own Error escaped. Both
 * are INVALID_INPUT naming what to pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { loadAssistant } from '../../../src/assistant/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';

async function failure(call: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await call();
  } catch (error) {
    return isStorefrontError(error) ? error : { message: `not a StorefrontError: ${String(error)}` };
  }
  return { message: 'it resolved' };
}

describe('loadAssistant sources that are no source', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('null, 5 and "indexeddb://" are INVALID_INPUT, nothing leaked', async () => {
    for (const source of [null, 5, 'indexeddb://']) {
      const e = await expectNoLeak(() => failure(() => loadAssistant(source as never)), String(source));
      expect(e.code, e.message).toBe('INVALID_INPUT');
      expect(e.message).toMatch(/^Assistant: /);
    }
  });
});

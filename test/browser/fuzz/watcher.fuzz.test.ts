/**
 * Fuzz (browser): watchIntent with hostile options and check() with hostile session ids, over a real history and a
 * stand-in model returning fixed scores: a watcher, or INVALID_OPTION/INVALID_INPUT; a check() resolves to a score in
 * [0, 1] or fails typed.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openHistory, type HistoryStore } from '../../../src/history/index.ts';
import { watchIntent } from '../../../src/intent/index.ts';
import { fc, fuzz, hostileRecord, hostileValue, resolvesValidOrRejectsTyped } from '../../fuzz/fuzz.ts';
import { dbName } from '../history/helpers.ts';

describe('fuzz: watchIntent', () => {
  let history: HistoryStore;
  const model = { predict: async () => 0.7 };
  beforeAll(async () => {
    history = await openHistory({ name: dbName('fuzz-watch'), consent: 'granted' });
    await history.record([{ type: 'view', productId: 'p1', sessionId: 's1', time: Date.now() - 1000 }]);
  });
  afterAll(async () => {
    await history.erase();
    history.close();
  });

  it('watchIntent(hostile options) then check(hostile id): a watcher and scores in [0, 1], or typed errors', async () => {
    const options = fc.oneof(hostileRecord({
      history: fc.constant(history), model: fc.constant(model), onCross: fc.constant(() => {}),
      thresholds: fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { maxLength: 3 }), onScore: fc.constant(() => {}),
      onError: fc.constant(() => {}), features: fc.constant(() => ({})),
    }).map((o) => ({ history, model, onCross: () => {}, ...o })), hostileValue);
    const sessionId = fc.oneof(fc.constantFrom('s1', 'nobody'), hostileValue);
    await fuzz('watchIntent hostile', { numRuns: 800, timeLimitMs: 8000 }, [options, sessionId], async (o, id) => {
      const w = await resolvesValidOrRejectsTyped(() => watchIntent(o as never), (x) => typeof x.check === 'function');
      if (!w.ok) return;
      try {
        await resolvesValidOrRejectsTyped(() => w.value.check(id as never), (s) => typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= 1, ['INVALID_INPUT', 'INVALID_OPTION', 'NOT_FOUND']);
      } finally {
        w.value.close();
      }
    });
  });
});

/**
 * Found by the fuzz tier (test/browser/fuzz/watcher.fuzz.test.ts), its shrunk counterexample `thresholds: 0`:
 * "(options.thresholds ?? [0.5]).map is not a function" escaped watchIntent as a TypeError; onScore and onError of
 * the wrong type were taken and failed later. Each is INVALID_OPTION naming the option.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { openHistory, type HistoryStore } from '../../../src/history/index.ts';
import { watchIntent } from '../../../src/intent/index.ts';
import { dbName } from '../history/helpers.ts';
import { failure } from '../../helpers/errors.ts';

describe('watchIntent options of the wrong type', () => {
  let history: HistoryStore;
  const model = { predict: async () => 0.7 };
  beforeAll(async () => {
    history = await openHistory({ name: dbName('watch-options'), consent: 'granted' });
  });
  afterAll(async () => {
    await history.erase();
    history.close();
  });

  it('thresholds: 0, onScore: 5 and onError: "log" are INVALID_OPTION naming the option', () => {
    const base = { history, model, onCross: () => {} };
    for (const [bad, name] of [[{ thresholds: 0 }, /thresholds/], [{ onScore: 5 }, /onScore/], [{ onError: 'log' }, /onError/]] as const) {
      const e = failure(() => watchIntent({ ...base, ...bad } as never));
      expect(e.code, e.message).toBe('INVALID_OPTION');
      expect(e.message).toMatch(name);
    }
    watchIntent({ ...base, thresholds: [0.3, 0.6] }).close();
  });
});

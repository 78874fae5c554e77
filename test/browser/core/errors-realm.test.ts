import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';

describe('isStorefrontError across realms', () => {
  it('recognises an error created in another iframe', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const win = frame.contentWindow as Window & { eval: (code: string) => unknown; Error: ErrorConstructor };
      // What another copy of storefront-ml inside the iframe would build: same registry symbol, other realm.
      const foreign = win.eval(`(() => {
        const e = new Error('Storage: stopped.');
        e.name = 'StorefrontError';
        e.code = 'STORAGE_FAILED';
        Object.defineProperty(e, Symbol.for('storefront-ml.error'), { value: true });
        return e;
      })()`);
      expect(foreign instanceof Error).toBe(false);
      expect(foreign instanceof win.Error).toBe(true);
      expect(isStorefrontError(foreign)).toBe(true);
      expect(isStorefrontError(foreign, 'STORAGE_FAILED')).toBe(true);
      expect(isStorefrontError(win.eval('new Error("plain")'))).toBe(false);
    } finally {
      frame.remove();
    }
  });
});

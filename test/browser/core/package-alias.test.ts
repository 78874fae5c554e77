import { describe, expect, it } from 'vitest';
import { StorefrontError } from 'storefront-ml';
import { openHistory } from 'storefront-ml/history';
import { wasmPaths } from 'storefront-ml/wasm-vite';
import * as direct from '../../../src/index.ts';

// The browser tier resolves the package name to src/ (tools/harness/aliases.mjs), so code written as a shop would
// write it (the README's snippets, the demo) runs against the same modules as the tests that import src/ directly.
describe('package name in the browser tier', () => {
  it('resolves storefront-ml and its subpaths to the sources', () => {
    expect(StorefrontError).toBe(direct.StorefrontError);
    expect(openHistory).toBe(direct.openHistory);
    expect(Object.keys(wasmPaths).length).toBe(3);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../../src/core/errors.ts';
import { manifestOf, parseManifest, resolveAllowed, sha256Hex, sha256HexSync } from '../../../../src/core/files/index.ts';

function errorOf(fn: () => unknown): { code?: string; field?: unknown } {
  try {
    fn();
  } catch (error) {
    if (isStorefrontError(error)) return { code: error.code, field: error.details.field };
    throw error;
  }
  return {};
}

describe('the model-file layer', () => {
  it('sha256HexSync agrees with node:crypto and WebCrypto on every padding boundary', async () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_003]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
      const expected = createHash('sha256').update(bytes).digest('hex');
      expect(sha256HexSync(bytes)).toBe(expected);
      expect(await sha256Hex(bytes)).toBe(expected);
    }
  });

  it('manifestOf writes { bytes, sha256 } that parseManifest accepts; malformed entries name the field', () => {
    const files = manifestOf({ 'model.json': '{"a":1}', 'weights.bin': new Uint8Array([1, 2, 3]) });
    expect(files['model.json']).toEqual({ bytes: 7, sha256: createHash('sha256').update('{"a":1}').digest('hex') });
    expect(parseManifest(files, 'M', 'meta.json', ['weights.bin'])).toBe(files);
    expect(errorOf(() => parseManifest(files, 'M', 'meta.json', ['other.bin']))).toEqual({ code: 'MODEL_LOAD_FAILED', field: 'files' });
    expect(errorOf(() => parseManifest(undefined, 'M', 'meta.json'))).toEqual({ code: 'MODEL_LOAD_FAILED', field: 'files' });
    expect(errorOf(() => parseManifest({ w: { bytes: 1, sha256: 'XYZ' } }, 'M', 'meta.json'))).toEqual({ code: 'MODEL_LOAD_FAILED', field: 'files["w"]' });
    expect(errorOf(() => parseManifest({ w: { bytes: -1, sha256: '0'.repeat(64) } }, 'M', 'meta.json'))).toEqual({ code: 'MODEL_LOAD_FAILED', field: 'files["w"]' });
  });

  it('resolveAllowed keeps relative and same-origin URLs, refuses other origins unless allowed', () => {
    const page = { baseUrl: 'http://localhost/shop/' };
    expect(resolveAllowed('models/a/model.json', page, 'M', 'the source')).toBe('http://localhost/shop/models/a/model.json');
    expect(resolveAllowed('/models/a/', {}, 'M', 'the source')).toBe('http://localhost/models/a/');
    for (const url of ['https://evil.example/m.json', '//evil.example/m.json', 'data:application/json,{}']) {
      expect(errorOf(() => resolveAllowed(url, page, 'M', 'the source')).code).toBe('ORIGIN_NOT_ALLOWED');
    }
    expect(resolveAllowed('https://cdn.example.com/m.json', { allowedOrigins: ['https://cdn.example.com/'] }, 'M', 'x')).toBe('https://cdn.example.com/m.json');
    expect(resolveAllowed('w.bin', { baseUrl: 'blob:http://localhost/1234' }, 'M', 'x')).toBe('blob:http://localhost/w.bin');
  });

  it('the shipped models carry manifests that match their files (tools/models/write-manifests.mjs --check)', () => {
    const check = (dir: string, metadata: string) => {
      const files = JSON.parse(readFileSync(`${dir}/${metadata}`, 'utf8')).files as Record<string, { bytes: number; sha256: string }>;
      for (const [path, entry] of Object.entries(files)) {
        const bytes = readFileSync(`${dir}/${path}`);
        expect(entry).toEqual({ bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
      return Object.keys(files).sort();
    };
    expect(check('models/purchase-intent', 'metadata.json')).toEqual(['model.json', 'weights.bin']);
    expect(check('models/assistant/faq', 'model.json')).toEqual(['weights.bin']);
  });
});

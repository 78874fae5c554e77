import { beforeAll, describe, expect, it } from 'vitest';
import { createFewShotClassifier, loadFewShotClassifier, type FewShotTrainer } from '../../../src/vision/few-shot.ts';
import type { ImageModel } from '../../../src/vision/image-model.ts';
import { loadError, memoryFetch, serveFiles } from '../../helpers/model-files.ts';

const vector = (i: number) => Float32Array.from({ length: 8 }, (_, k) => (k === i % 8 ? 1 : 0.1));

describe('loadFewShotClassifier checks the file toFiles() wrote', () => {
  let classifier: FewShotTrainer;
  let text: string;
  let file: Record<string, any>;
  const edited = (change: (f: Record<string, any>) => void) => {
    const f = structuredClone(file);
    change(f);
    return JSON.stringify(f);
  };

  beforeAll(async () => {
    classifier = await createFewShotClassifier({ embeddingSize: 8, k: 2 });
    await classifier.addExamples('bags', [vector(0), vector(1)]);
    await classifier.addExamples('shoes', [vector(4), vector(5)]);
    text = (await classifier.toFiles())['few-shot.json'];
    file = JSON.parse(text);
  });

  it('toFiles() writes the examples\' size and SHA-256, and the file loads back over real HTTP', async () => {
    expect(file.integrity).toMatchObject({ bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const url = await serveFiles('few-shot', { 'categories.json': text });
    const copy = await loadFewShotClassifier(new URL(`${url}categories.json`, location.href).href);
    expect(await copy.predict(vector(4))).toEqual(await classifier.predict(vector(4)));
    copy.dispose();
  });

  it('a flipped byte in an embedding is INTEGRITY_MISMATCH', async () => {
    const embedding = file.examples[0].embedding as string;
    const flipped = edited((f) => { f.examples[0].embedding = (embedding[0] === 'A' ? 'B' : 'A') + embedding.slice(1); });
    await loadError(() => loadFewShotClassifier(flipped), 'INTEGRITY_MISMATCH', 'examples');
    await loadError(() => loadFewShotClassifier(edited((f) => { f.examples[1].label = 'shoes'; })), 'INTEGRITY_MISMATCH', 'examples');
  });

  it('a foreign origin is ORIGIN_NOT_ALLOWED and never fetched; an allowed one loads', async () => {
    const evil = 'https://evil.example/categories.json';
    const served = memoryFetch({ [evil]: text });
    await loadError(() => loadFewShotClassifier(evil, { fetch: served.fetch }), 'ORIGIN_NOT_ALLOWED');
    expect(served.seen).toEqual([]);
    const ok = await loadFewShotClassifier(evil, { fetch: served.fetch, allowedOrigins: ['https://evil.example'] });
    expect(ok.labels).toEqual(['bags', 'shoes']);
    ok.dispose();
  });

  it('fields that do not fit are typed errors naming the field', async () => {
    const cases: [string, (f: Record<string, any>) => void][] = [
      ['examples[0].embedding', (f) => { f.embeddingSize = 16; delete f.integrity; }],
      ['embeddingSize', (f) => { f.embeddingSize = 40_000_000; }],
      ['k', (f) => { f.k = 0; }],
      ['threshold', (f) => { f.threshold = 2; }],
      ['examples[1].embedding', (f) => { f.examples[1].embedding = btoa('\u0000\u0000\u00c0\u007f'.repeat(8)); delete f.integrity; }],
      ['examples[0]', (f) => { f.examples[0].label = ''; delete f.integrity; }],
    ];
    for (const [field, change] of cases) await loadError(() => loadFewShotClassifier(edited(change)), 'INVALID_INPUT', field);
    const other = { embeddingSize: 16, metadata: { name: 'other', version: '1' } } as unknown as ImageModel;
    await loadError(() => loadFewShotClassifier(text, { model: other }), 'INVALID_OPTION', 'embeddingSize');
  });
});

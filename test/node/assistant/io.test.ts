import { describe, expect, it } from 'vitest';
import { flattenContent } from '../../../src/assistant/content.ts';
import { artifactsToFiles, artifactsToModel, modelToArtifacts, savedBytes } from '../../../src/assistant/io.ts';
import { trainModel } from '../../../src/assistant/train.ts';
import { SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';

describe('assistant artifacts', () => {
  it('round-trip losslessly, storing only the rows training touched', async () => {
    const model = await trainModel(flattenContent(SHOP_FAQ), { epochs: 2, features: { dim: 4096 } });
    const artifacts = modelToArtifacts({ content: SHOP_FAQ, model });
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(savedBytes(model));
    expect(savedBytes(model)).toBeLessThan(4 * 4096 * model.softmax.classes);
    const back = artifactsToModel(artifacts, 'test');
    expect(back.model.softmax.weights).toEqual(model.softmax.weights);
    expect(back.model.idf).toEqual(model.idf);
    expect(back.model.threshold).toBe(model.threshold);
    expect(back.content).toEqual(SHOP_FAQ);
    const files = artifactsToFiles(artifacts);
    expect(JSON.parse(files.modelJson).weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(files.weights.byteLength).toBe(savedBytes(model));
  });
  it('rejects foreign or truncated artifacts with MODEL_LOAD_FAILED', async () => {
    expect(() => artifactsToModel({ modelTopology: { format: 'layers-model' } }, 'x.json')).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED' }));
    const model = await trainModel(flattenContent(SHOP_FAQ), { epochs: 1, features: { dim: 1024 } });
    const artifacts = modelToArtifacts({ content: SHOP_FAQ, model });
    const cut = { ...artifacts, weightData: (artifacts.weightData as ArrayBuffer).slice(0, 100) };
    expect(() => artifactsToModel(cut, 'cut.json')).toThrow(/holds 100 weight bytes/);
  });
});

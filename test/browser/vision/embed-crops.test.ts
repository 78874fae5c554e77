/**
 * Test-time augmentation: `embed(image, { augment: 'crops' })` averages the input square and its five crops of
 * 87.5 % (corners, centre), and the few-shot option `augment: 'crops'` embeds image queries that way (examples stay
 * one view). Saved as `augment: "crops"`; files without it (every file written before it) load as `none`, and a
 * `none` classifier's file does not gain the field. No tensor is left behind on any path, failures included.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFewShotClassifier, loadFewShotClassifier, type ImageModel } from '../../../src/vision/index.ts';
import { cropViews } from '../../../src/vision/image-model.ts';
import { codeOf } from '../../helpers/errors.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadError } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { loadTinyModel, solid, solidPng } from './tiny-model.ts';

/** A 16×16 image with a colour gradient (so crops differ from the whole). */
function gradient(side = 16): ImageData {
  const data = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data.set([x * 16, y * 16, 255 - x * 8, 255], (y * side + x) * 4);
  return new ImageData(data, side, side);
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe("embed(image, { augment: 'crops' })", () => {
  let model: ImageModel;
  beforeAll(async () => {
    await useWasm();
    model = await loadTinyModel();
  });

  it('cropViews: the square itself, then the corners and the centre, 14 of 16 pixels each, resized back to 16', () => {
    const image = tf.tidy(() => tf.reshape(tf.range(0, 16 * 16 * 3, 1, 'int32'), [1, 16, 16, 3]) as tf.Tensor4D);
    const views = cropViews(image);
    const [px, v] = [image.arraySync()[0] as number[][][], views.arraySync()];
    tf.dispose([image, views]);
    expect(v).toHaveLength(6);
    expect(v[0]).toEqual(px);
    // [view, first pixel of the source crop]: top-left, top-right, bottom-left, bottom-right, centre.
    for (const [view, x0, y0] of [[1, 0, 0], [2, 2, 0], [3, 0, 2], [4, 2, 2], [5, 1, 1]] as const) {
      expect(v[view]?.[0]?.[0]?.[0]).toBeCloseTo(px[y0]?.[x0]?.[0] as number, 3);
      expect(v[view]?.[15]?.[15]?.[0]).toBeCloseTo(px[y0 + 13]?.[x0 + 13]?.[0] as number, 3);
    }
  });

  it('is unit length, equals the plain embedding on a solid image and differs from it on a gradient, without leaking', async () => {
    const [plain, crops] = [await model.embed(solid([200, 30, 90])), await expectNoLeak(() => model.embed(solid([200, 30, 90]), { augment: 'crops' }))];
    expect(Math.hypot(...crops)).toBeCloseTo(1, 5);
    for (let i = 0; i < plain.length; i++) expect(crops[i]).toBeCloseTo(plain[i] as number, 5);
    const [g, gc] = [await model.embed(gradient()), await model.embed(gradient(), { augment: 'crops' })];
    expect(Math.hypot(...gc)).toBeCloseTo(1, 5);
    expect([...gc]).not.toEqual([...g]);
    expect(await model.embed(gradient(), { augment: 'none' })).toEqual(g);
    expect(await model.embed(gradient(), {})).toEqual(g);
  });

  it('a bad augment is INVALID_OPTION, a bad image INVALID_INPUT, dispose() in flight DISPOSED: nothing leaked', async () => {
    for (const augment of ['flip', null, 5, '']) {
      await expectNoLeak(() => expect(model.embed(solid([1, 2, 3]), { augment: augment as never })).rejects.toMatchObject({ code: 'INVALID_OPTION', details: { option: 'augment' } }));
    }
    await expectNoLeak(() => expect(model.embed('not-an-image' as never, { augment: 'crops' })).rejects.toMatchObject({ code: 'INVALID_INPUT' }));
    const image = await solidPng([0, 0, 255]);
    const before = tf.memory().numTensors;
    const other = await loadTinyModel();
    const pending = other.embed(image, { augment: 'crops' });
    other.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(other.embed(image, { augment: 'crops' })).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("few-shot augment: 'crops'", () => {
  let model: ImageModel;
  beforeAll(async () => {
    await useWasm();
    model = await loadTinyModel();
  });

  it('embeds image queries with their crops, embedding queries as given; saves augment: "crops" and loads it back', async () => {
    const trainer = await createFewShotClassifier({ model, head: 'softmax', augment: 'crops' });
    expect(trainer.augment).toBe('crops');
    await trainer.addExamples('red', [solid([250, 0, 0]), solid([200, 40, 20])]);
    await trainer.addExamples('blue', [solid([0, 0, 250]), solid([30, 20, 200])]);
    const query = gradient();
    const p = await expectNoLeak(() => trainer.predict(query));
    expect(p).toEqual(await trainer.predict(await model.embed(query, { augment: 'crops' })));
    expect(p).not.toEqual(await trainer.predict(await model.embed(query)));

    const text = (await trainer.toFiles())['few-shot.json'];
    expect(JSON.parse(text).augment).toBe('crops');
    const copy = await loadFewShotClassifier(text, { model });
    expect([copy.augment, copy.metadata.augment]).toEqual(['crops', 'crops']);
    expect(await copy.predict(query)).toEqual(p);
    const more = await createFewShotClassifier({ from: copy, model });
    expect(more.augment).toBe('crops');
    expect((await createFewShotClassifier({ from: copy, model, augment: 'none' })).augment).toBe('none');
    for (const c of [trainer, copy, more]) c.dispose();
  });

  it('files without augment load as none, none files do not write it, bad values are typed errors, a failed predict leaks nothing', async () => {
    const plain = await createFewShotClassifier({ model });
    expect(plain.augment).toBe('none');
    await plain.addExamples('red', [solid([250, 0, 0])]);
    const file = plain.toJSON();
    expect('augment' in file).toBe(false);
    expect((await loadFewShotClassifier(file)).augment).toBe('none');
    await loadError(() => loadFewShotClassifier({ ...file, augment: 'flip' } as never), 'INVALID_INPUT', 'augment');
    for (const augment of ['flip', null, 1]) expect(await codeOf(() => createFewShotClassifier({ model, augment: augment as never }))).toBe('INVALID_OPTION');
    const crops = await createFewShotClassifier({ model, augment: 'crops' });
    await crops.addExamples('red', [solid([250, 0, 0])]);
    await expectNoLeak(() => expect(crops.predict('not-an-image' as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' }));
    const noModel = await createFewShotClassifier({ embeddingSize: 4, augment: 'crops' });
    await noModel.addExamples('red', [Float32Array.from([1, 0, 0, 0])]);
    await expectNoLeak(() => expect(noModel.predict(solid([1, 2, 3]))).rejects.toMatchObject({ code: 'INVALID_INPUT' }));
    expect((await noModel.predict(Float32Array.from([1, 0.1, 0, 0]))).label).toBe('red');
    for (const c of [plain, crops, noModel]) c.dispose();
  });
});

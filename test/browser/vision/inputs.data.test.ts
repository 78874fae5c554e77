import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageModel } from '../../../src/vision/image-model.ts';
import { loadImageModel } from '../../../src/vision/load-image-model.ts';
import { toPixels } from '../../../src/vision/preprocess.ts';
import { dot } from '../../../src/vision/vectors.ts';
import { code } from '../../helpers/errors.ts';
import { expectNoLeak, expectNoLeakOver } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { MODELS, photo } from './models.ts';

/** A 40×20 JPEG, red left half and blue right half, with an EXIF Orientation tag (6 = rotate 90° clockwise). */
async function exifJpeg(orientation: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(40, 20);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#ff0000';
  ctx.fillRect(0, 0, 20, 20);
  ctx.fillStyle = '#0000ff';
  ctx.fillRect(20, 0, 20, 20);
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 1 })).arrayBuffer());
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  return new Blob([jpeg.slice(0, 2), new Uint8Array(app1), jpeg.slice(2)], { type: 'image/jpeg' });
}

describe('ImageModel inputs', () => {
  let model: ImageModel;
  let jeans: Blob;
  let bitmap: ImageBitmap;
  beforeAll(async () => {
    await useWasm();
    model = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata });
    jeans = await photo('jeans/' + (await (await fetch('/@data/fashion_product_images_224/jeans/?list')).json())[0]);
    bitmap = await createImageBitmap(jeans);
  });
  afterAll(() => {
    model.dispose();
    bitmap.close();
  });

  it('accepts img, canvas, OffscreenCanvas, ImageBitmap, ImageData, VideoFrame and Blob alike', async () => {
    const reference = await model.embed(jeans);
    const img = new Image();
    img.src = URL.createObjectURL(jeans);
    await img.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [224, 224];
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    const offscreen = new OffscreenCanvas(224, 224);
    offscreen.getContext('2d')?.drawImage(bitmap, 0, 0);
    const imageData = canvas.getContext('2d')?.getImageData(0, 0, 224, 224) as ImageData;
    const frame = new VideoFrame(bitmap, { timestamp: 0 });
    const file = new File([jeans], 'jeans.jpg', { type: 'image/jpeg' });
    for (const [name, input] of Object.entries({ img, canvas, offscreen, bitmap, imageData, frame, file })) {
      const e = await model.embed(input);
      expect(dot(e, reference), name).toBeGreaterThan(0.99);
    }
    frame.close();
    URL.revokeObjectURL(img.src);
  });

  it('a <video> frame works once it has data', async () => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [224, 224];
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(bitmap, 0, 0);
    const video = document.createElement('video');
    video.muted = true;
    const early = await code(model.embed(video));
    expect(early).toBe('INVALID_INPUT');
    video.srcObject = canvas.captureStream(10);
    await video.play();
    const timer = setInterval(() => ctx.drawImage(bitmap, 0, 0), 50);
    await new Promise((r) => (video.readyState >= 2 ? r(null) : video.addEventListener('loadeddata', r, { once: true })));
    const e = await model.embed(video);
    clearInterval(timer);
    video.pause();
    expect(dot(e, await model.embed(jeans))).toBeGreaterThan(0.95);
  });

  it('non-square images: crop uses the centred square, pad keeps the whole image', async () => {
    const wide = new OffscreenCanvas(448, 224);
    const ctx = wide.getContext('2d') as OffscreenCanvasRenderingContext2D;
    ctx.fillStyle = '#00ff00';
    ctx.fillRect(0, 0, 448, 224);
    ctx.drawImage(bitmap, 112, 0);
    const reference = await model.embed(bitmap);
    expect(dot(await model.embed(wide), reference)).toBeGreaterThan(0.99);
    const padded = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata, fit: 'pad' });
    expect(dot(await padded.embed(wide), reference)).toBeLessThan(0.95);
    padded.dispose();
  });

  it('respects EXIF orientation of JPEG files', async () => {
    const pixels = async (blob: Blob) => {
      const t = await toPixels(blob, 8, 'stretch');
      const data = await t.array();
      t.dispose();
      return data;
    };
    const upright = await pixels(await exifJpeg(1));
    expect(upright[4]?.[0]?.[0]).toBeGreaterThan(200); // left is red
    expect(upright[4]?.[7]?.[2]).toBeGreaterThan(200); // right is blue
    const rotated = await pixels(await exifJpeg(6)); // 90° clockwise: the left (red) half is now on top
    expect(rotated[0]?.[4]?.[0]).toBeGreaterThan(200);
    expect(rotated[7]?.[4]?.[2]).toBeGreaterThan(200);
    const bmp = await createImageBitmap(await exifJpeg(6), { imageOrientation: 'from-image' });
    expect([bmp.width, bmp.height]).toEqual([20, 40]);
    bmp.close();
  });

  it('0×0, corrupt, huge and non-image inputs are INVALID_INPUT, without leaking', async () => {
    const empty = document.createElement('canvas');
    [empty.width, empty.height] = [0, 0];
    const corrupt = new Blob([new Uint8Array([0xff, 0xd8, 1, 2, 3, 4, 5])], { type: 'image/jpeg' });
    const huge = new ImageData(16_385, 1);
    const broken = new Image();
    broken.src = 'data:image/png;base64,AAAA';
    for (const input of [empty, corrupt, huge, 'jeans.jpg', null, broken]) {
      expect(await expectNoLeak(() => code(model.embed(input as never)))).toBe('INVALID_INPUT');
    }
    expect(await expectNoLeak(() => code(model.embedBatch([bitmap, corrupt])))).toBe('INVALID_INPUT');
    expect(await code(model.classify(bitmap, { topK: 0 }))).toBe('INVALID_OPTION');
  });

  it('classify, embed and embedBatch leak nothing; batches equal single calls', async () => {
    await expectNoLeakOver(10, () => model.classify(bitmap), 'classify');
    await expectNoLeakOver(10, () => model.embed(bitmap), 'embed');
    const shirt = await photo('shirts/' + (await (await fetch('/@data/fashion_product_images_224/shirts/?list')).json())[0]);
    const batch = await expectNoLeak(() => model.embedBatch([bitmap, shirt, jeans], { batchSize: 2 }));
    expect(batch).toHaveLength(3);
    expect(dot(batch[1] as Float32Array, await model.embed(shirt))).toBeCloseTo(1, 4);
    const progress: number[] = [];
    const controller = new AbortController();
    const aborted = await code(model.embedBatch([bitmap, bitmap, bitmap], {
      batchSize: 1,
      signal: controller.signal,
      onProgress: (done) => (progress.push(done), done === 2 && controller.abort()),
    }));
    expect(aborted).toBe('ABORTED');
    expect(progress).toEqual([1, 2]);
  });

  it('dispose is idempotent and later calls throw DISPOSED', async () => {
    const m = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata });
    const before = tf.memory().numTensors;
    m.dispose();
    m.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    expect(await code(m.classify(bitmap))).toBe('DISPOSED');
    expect(await code(m.embed(bitmap))).toBe('DISPOSED');
  });
});

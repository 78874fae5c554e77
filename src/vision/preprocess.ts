/**
 * Turns any image the browser can hold into the model's input: RGB pixels of the square `size`×`size`, chosen
 * by {@link fitRect}. Blobs are decoded with `createImageBitmap(..., { imageOrientation: 'from-image' })`, so a
 * phone photo's EXIF orientation is respected. Cropping and resizing happen in `createImageBitmap` (the browser's
 * scaler, high quality) before pixels become a tensor, so a 12-megapixel photo never becomes a 12-megapixel tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import { MAX_IMAGE_SIDE, fitRect, type ImageFit } from './fit.ts';

/** Every image input the vision API accepts. */
export type ImageInput =
  | HTMLImageElement
  | HTMLCanvasElement
  | HTMLVideoElement
  | OffscreenCanvas
  | ImageBitmap
  | ImageData
  | VideoFrame
  | Blob;

const has = (name: string): boolean => typeof (globalThis as Record<string, unknown>)[name] === 'function';
const is = (value: unknown, name: string): boolean =>
  has(name) && value instanceof ((globalThis as Record<string, unknown>)[name] as new () => unknown);

function invalid(message: string, cause?: unknown, details?: Record<string, unknown>): StorefrontError {
  return new StorefrontError('INVALID_INPUT', message, { cause, details });
}

/** True for values {@link toPixels} may accept (used to tell images from embeddings). */
export function isImageInput(value: unknown): value is ImageInput {
  return ['HTMLImageElement', 'HTMLCanvasElement', 'HTMLVideoElement', 'OffscreenCanvas', 'ImageBitmap', 'ImageData',
    'VideoFrame', 'Blob'].some((name) => is(value, name));
}

type Drawable = Exclude<ImageInput, Blob>;

async function sourceOf(input: ImageInput): Promise<{ source: Drawable; width: number; height: number; owned: boolean }> {
  if (is(input, 'Blob')) {
    try {
      const bitmap = await createImageBitmap(input as Blob, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, owned: true };
    } catch (error) {
      throw invalid(`Image: the ${(input as Blob).type || 'untyped'} Blob of ${(input as Blob).size} bytes could not be decoded ` +
        `(${describeError(error)}). Pass a JPEG, PNG, WebP, GIF or AVIF file.`, error, { type: (input as Blob).type, size: (input as Blob).size });
    }
  }
  if (is(input, 'HTMLImageElement')) {
    const img = input as HTMLImageElement;
    if (!img.complete || img.naturalWidth === 0) {
      try {
        await img.decode();
      } catch (error) {
        throw invalid(`Image: the <img> ${show(img.currentSrc || img.src)} could not be decoded (${describeError(error)}). ` +
          'Check that the URL serves an image and that it finished loading.', error, { src: img.src });
      }
    }
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, owned: false };
  }
  if (is(input, 'HTMLVideoElement')) {
    const video = input as HTMLVideoElement;
    if (video.readyState < 2) {
      throw invalid('Image: the <video> has no current frame yet (readyState < HAVE_CURRENT_DATA). Wait for its "loadeddata" event.');
    }
    return { source: video, width: video.videoWidth, height: video.videoHeight, owned: false };
  }
  if (is(input, 'VideoFrame')) {
    const frame = input as VideoFrame;
    return { source: frame, width: frame.displayWidth, height: frame.displayHeight, owned: false };
  }
  if (['HTMLCanvasElement', 'OffscreenCanvas', 'ImageBitmap', 'ImageData'].some((n) => is(input, n))) {
    const d = input as HTMLCanvasElement | OffscreenCanvas | ImageBitmap | ImageData;
    return { source: d, width: d.width, height: d.height, owned: false };
  }
  throw invalid(`Image: got ${show(input)}. Expected an <img>, <canvas>, <video>, OffscreenCanvas, ImageBitmap, ImageData, VideoFrame, Blob or File.`);
}

/** fromPixels, with a cross-origin (tainted) image reported as INVALID_INPUT instead of a raw SecurityError. */
function readPixels(source: Exclude<Drawable, VideoFrame | OffscreenCanvas>): tf.Tensor3D {
  try {
    return tf.browser.fromPixels(source, 3);
  } catch (error) {
    throw invalid(`Image: its pixels cannot be read (${describeError(error)}). A cross-origin image needs CORS ` +
      '(crossorigin="anonymous" and Access-Control-Allow-Origin on the server).', error);
  }
}

/**
 * Pixels of `input` as an int32 tensor [size, size, 3] (the caller disposes it). Throws INVALID_INPUT for an
 * unsupported value, a 0×0 or undecodable image, or one wider or taller than {@link MAX_IMAGE_SIDE}.
 */
export async function toPixels(input: ImageInput, size: number, fit: ImageFit): Promise<tf.Tensor3D> {
  const { source, width, height, owned } = await sourceOf(input);
  try {
    if (!(width > 0 && height > 0)) {
      throw invalid(`Image: it is ${width}×${height} pixels. Pass an image with content (at least 1×1).`, undefined, { width, height });
    }
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
      throw invalid(`Image: it is ${width}×${height} pixels, over the ${MAX_IMAGE_SIDE}-pixel limit per side. Downscale it first.`,
        undefined, { width, height, max: MAX_IMAGE_SIDE });
    }
    const rect = fitRect(width, height, fit);
    const direct = width === size && height === size && !is(source, 'VideoFrame') && !is(source, 'OffscreenCanvas');
    if (direct) return readPixels(source as Exclude<Drawable, VideoFrame | OffscreenCanvas>);
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(source, rect.x, rect.y, rect.width, rect.height, {
        resizeWidth: size,
        resizeHeight: size,
        resizeQuality: 'high',
      });
    } catch (error) {
      throw invalid(`Image: the ${width}×${height} image could not be resized (${describeError(error)}). Pass a decodable, same-origin image.`, error);
    }
    try {
      return readPixels(bitmap);
    } finally {
      bitmap.close();
    }
  } finally {
    if (owned) (source as ImageBitmap).close();
  }
}

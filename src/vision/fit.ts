/** Which part of an image becomes the model's square input. Pure geometry; runs in Node. */

/**
 * How a non-square image becomes square:
 * - `crop`: the centred square of the shorter side (the image's edges are lost, nothing is distorted);
 * - `pad`: the whole image centred on a square of the longer side, padded with black;
 * - `stretch`: the whole image resized to a square, distorting its aspect ratio.
 */
export type ImageFit = 'crop' | 'pad' | 'stretch';

export const IMAGE_FITS: readonly ImageFit[] = ['crop', 'pad', 'stretch'];

/** Largest width or height accepted, in pixels (browsers' canvas limits start at 16,384 per side on some devices). */
export const MAX_IMAGE_SIDE = 16_384;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The source rectangle to resize to the input square. With `pad` it extends outside the image (negative x/y). */
export function fitRect(width: number, height: number, fit: ImageFit): Rect {
  if (fit === 'stretch' || width === height) return { x: 0, y: 0, width, height };
  const side = fit === 'crop' ? Math.min(width, height) : Math.max(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), width: side, height: side };
}

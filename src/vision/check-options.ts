/** Option checks the vision API shares (numbers go through core/validate's numberIn). */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';

/** INVALID_OPTION unless `onProgress` is a function or left out: checked before any work, not when first called. */
export function checkProgress(subject: string, onProgress: unknown): void {
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new StorefrontError('INVALID_OPTION', `${subject}: onProgress is ${show(onProgress)}. Pass a function (done, total) => void, or leave it out.`,
      { details: { option: 'onProgress', value: onProgress } });
  }
}

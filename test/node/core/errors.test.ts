import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  StorefrontError,
  describeError,
  isStorefrontError,
  throwIfAborted,
  toStorefrontError,
} from '../../../src/core/errors.ts';
import { numberIn, oneOf } from '../../../src/core/validate.ts';

describe('StorefrontError', () => {
  it('carries a code, the cause, details and a name', () => {
    const cause = new TypeError('low level');
    const error = new StorefrontError('MODEL_LOAD_FAILED', 'Model: could not load. Check the URL.', {
      cause,
      details: { url: '/m.json' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StorefrontError');
    expect(error.code).toBe('MODEL_LOAD_FAILED');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ url: '/m.json' });
    expect(Object.isFrozen(error.details)).toBe(true);
    expect(String(error)).toBe('StorefrontError: Model: could not load. Check the URL.');
  });

  it('is recognised by the guard, with and without a code', () => {
    const error = new StorefrontError('ABORTED', 'stopped.');
    expect(isStorefrontError(error)).toBe(true);
    expect(isStorefrontError(error, 'ABORTED')).toBe(true);
    expect(isStorefrontError(error, 'DISPOSED')).toBe(false);
    for (const other of [new Error('x'), null, undefined, 'StorefrontError', { name: 'StorefrontError', code: 'ABORTED' }]) {
      expect(isStorefrontError(other)).toBe(false);
    }
  });

  it('is recognised when it comes from a duplicate copy of the package', async () => {
    // A second module instance: the same source under another URL, as with two bundled copies.
    const url = '../../../src/core/errors.ts?duplicate';
    const copy = (await import(/* @vite-ignore */ url)) as typeof import('../../../src/core/errors.ts');
    expect(copy.StorefrontError).not.toBe(StorefrontError);
    const foreign = new copy.StorefrontError('INVALID_INPUT', 'bad.');
    expect(foreign instanceof StorefrontError).toBe(false);
    expect(isStorefrontError(foreign, 'INVALID_INPUT')).toBe(true);
  });

  it('lists unique codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('helpers', () => {
  it('throwIfAborted throws ABORTED with the reason as cause', () => {
    expect(() => throwIfAborted(undefined)).not.toThrow();
    const controller = new AbortController();
    throwIfAborted(controller.signal);
    controller.abort(new Error('user left'));
    try {
      throwIfAborted(controller.signal, 'Training');
      expect.unreachable();
    } catch (error) {
      expect(isStorefrontError(error, 'ABORTED')).toBe(true);
      expect((error as Error).message).toBe('Training was aborted by its AbortSignal.');
      expect((error as Error).cause).toEqual(new Error('user left'));
    }
  });

  it('toStorefrontError wraps foreign errors and passes ours through', () => {
    const ours = new StorefrontError('DISPOSED', 'gone.');
    expect(toStorefrontError(ours, 'INTERNAL', 'x')).toBe(ours);
    const wrapped = toStorefrontError(new RangeError('r'), 'STORAGE_FAILED', 'History: write failed.');
    expect(wrapped.code).toBe('STORAGE_FAILED');
    expect(wrapped.cause).toBeInstanceOf(RangeError);
  });

  it('describeError handles errors, error-likes and primitives', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError({ message: 'tfjs-style rejection' })).toBe('tfjs-style rejection');
    expect(describeError(42)).toBe('42');
  });

  it('oneOf names the bad value and lists the valid ones', () => {
    expect(oneOf('backend', 'wasm', ['webgpu', 'wasm', 'cpu'])).toBe('wasm');
    expect(() => oneOf('backend', 'webgl2', ['webgpu', 'wasm', 'cpu'])).toThrow(
      'Unsupported backend "webgl2". Expected one of: webgpu, wasm, cpu.',
    );
    try {
      oneOf('backend', 3, ['cpu']);
    } catch (error) {
      expect(isStorefrontError(error, 'INVALID_OPTION')).toBe(true);
    }
  });

  it('numberIn checks range and integrality', () => {
    expect(numberIn('topK', 5, 1, 100, true)).toBe(5);
    expect(() => numberIn('topK', 0, 1, 100, true)).toThrow('Option topK must be an integer from 1 to 100; got 0.');
    expect(() => numberIn('rate', Number.NaN, 0, 1)).toThrow('must be a number from 0 to 1; got NaN.');
    expect(() => numberIn('topK', 2.5, 1, 100, true)).toThrow(/integer/);
  });
});

import { expect } from 'vitest';
import { isStorefrontError } from '../../src/core/errors.ts';

/**
 * Every public member of `T`, checked at compile time: leaving one out of the list is a type error, so a member
 * added to a model's interface is added to its after-dispose test too.
 *
 * @example
 * const MEMBERS = membersOf<IntentModel>()(['threshold', 'metadata', 'predict', …]);
 */
export function membersOf<T>() {
  return <const L extends readonly (keyof T & string)[]>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): L => list;
}

/**
 * Disposes `model` twice (the second call must be a no-op), then proves that reading every member in `members`
 * and calling every method throws (or rejects with) StorefrontError DISPOSED. Methods are called without
 * arguments: the guard must answer before any argument is looked at.
 */
export async function expectDisposedEverywhere(model: { dispose(): void }, members: readonly string[]): Promise<void> {
  model.dispose();
  expect(() => model.dispose()).not.toThrow();
  for (const name of members.filter((m) => m !== 'dispose')) {
    let error: unknown;
    try {
      const value: unknown = (model as Record<string, unknown>)[name];
      if (typeof value !== 'function') expect.unreachable(`${name} was readable after dispose()`);
      await (value as () => unknown)();
      expect.unreachable(`${name}() did not throw after dispose()`);
    } catch (e) {
      error = e;
    }
    expect(isStorefrontError(error, 'DISPOSED'), `${name}: ${String(error)}`).toBe(true);
  }
  // Setting a property is a use too.
  expect(() => { (model as Record<string, unknown>).threshold = 0.5; }).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
}

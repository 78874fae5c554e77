import { describe, expect, expectTypeOf, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { guardDisposed, type ModelLifecycle } from '../../../src/core/lifecycle.ts';
import type { Assistant, FewShotClassifier, FewShotTrainer, ImageModel, IntentModel, Recommender } from '../../../src/index.ts';

class Counter {
  count = 0;
  disposals = 0;
  get doubled(): number { return this.count * 2; }
  add(n: number): number { this.count += n; return this.count; }
  async later(): Promise<number> { return this.add(1); }
  dispose(): void { this.disposals += 1; this.count = -1; }
}

const disposedError = (fn: () => unknown) => {
  try { fn(); } catch (error) { return isStorefrontError(error, 'DISPOSED') ? (error as Error).message : `other: ${String(error)}`; }
  return 'no error';
};

describe('guardDisposed', () => {
  it('passes everything through before dispose(), with `this` the real object and stable method identity', async () => {
    const target = new Counter();
    const model = guardDisposed(target, 'Counter', 'Make a new one.');
    expect(model.add(2)).toBe(2);
    expect(await model.later()).toBe(3);
    expect(model.doubled).toBe(6);
    model.count = 10;
    expect(target.count).toBe(10);
    expect(model.add).toBe(model.add);
    expect(model).toBeInstanceOf(Counter);
  });

  it('after dispose(): reads, sync calls and sets throw, async calls reject, all with DISPOSED; dispose runs once', async () => {
    const target = new Counter();
    const model = guardDisposed(target, 'Counter', 'Make a new one.');
    const add = model.add;
    model.dispose();
    model.dispose();
    expect(target.disposals).toBe(1);
    expect(disposedError(() => model.count)).toBe('Counter: count was used after dispose(). Make a new one.');
    expect(disposedError(() => model.doubled)).toMatch(/^Counter: doubled was used/);
    expect(disposedError(() => model.add(1))).toMatch(/^Counter: add was used/);
    expect(disposedError(() => { model.count = 1; })).toMatch(/^Counter: count was used/);
    const pending = model.later();
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toMatchObject({ code: 'DISPOSED' });
    // A method read before dispose() refuses to run afterwards too.
    expect(disposedError(() => add(1))).toMatch(/^Counter: add was used/);
    expect(target.count).toBe(-1);
  });

  it('leaves what the runtime reads alone: awaiting or printing a disposed model does not throw', async () => {
    const model = guardDisposed(new Counter(), 'Counter', 'Make a new one.');
    model.dispose();
    expect(await Promise.resolve(model)).toBe(model);
    expect(() => String(Object.prototype.toString.call(model))).not.toThrow();
  });
});

describe('the public model interfaces', () => {
  it('all have the lifecycle members, and loaded models no training methods', () => {
    expectTypeOf<IntentModel>().toMatchTypeOf<ModelLifecycle>();
    expectTypeOf<Recommender>().toMatchTypeOf<ModelLifecycle>();
    expectTypeOf<ImageModel>().toMatchTypeOf<ModelLifecycle>();
    expectTypeOf<FewShotClassifier>().toMatchTypeOf<ModelLifecycle>();
    expectTypeOf<Assistant>().toMatchTypeOf<ModelLifecycle>();
    expectTypeOf<IntentModel>().not.toHaveProperty('fit');
    expectTypeOf<Recommender>().not.toHaveProperty('state');
    expectTypeOf<Assistant>().not.toHaveProperty('retrain');
    expectTypeOf<FewShotClassifier>().not.toHaveProperty('addExamples');
    expectTypeOf<FewShotTrainer>().toHaveProperty('addExamples');
    expectTypeOf<IntentModel['metadata']>().not.toBeNullable();
  });
});

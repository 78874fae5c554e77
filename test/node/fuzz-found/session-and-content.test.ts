/**
 * Cases the fuzz tier (test/fuzz/) found in sessionFeatures and the assistant's content check, each kept as its
 * shrunk counterexample: before the fix they threw a raw TypeError or returned NaN features.
 */
import { describe, expect, it } from 'vitest';
import { isStorefrontError, type ErrorCode } from '../../../src/core/errors.ts';
import { flattenContent } from '../../../src/assistant/content.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { sessionFeatures } from '../../../src/intent/session-features.ts';

function expectCode(call: () => unknown, code: ErrorCode, message: RegExp): void {
  let error: unknown;
  try { call(); } catch (e) { error = e; }
  expect(isStorefrontError(error) ? error.code : `not a StorefrontError: ${String(error)}`).toBe(code);
  expect((error as Error).message).toMatch(message);
}

const view: ShopperEvent = { type: 'view', time: Date.UTC(2026, 0, 5, 10), sessionId: 's1', productId: 'p1' };

describe('found by the fuzz tier: sessionFeatures', () => {
  it('previousSessions: NaN is INVALID_OPTION (was "context.previousSessions?.filter is not a function")', () => {
    expectCode(() => sessionFeatures([view], { previousSessions: Number.NaN as never }), 'INVALID_OPTION', /previousSessions/);
  });

  it('events that are not event objects are INVALID_INPUT naming the index and field', () => {
    expectCode(() => sessionFeatures([0 as never]), 'INVALID_INPUT', /events\[0\]/);
    expectCode(() => sessionFeatures('views' as never), 'INVALID_INPUT', /events/);
    expectCode(() => sessionFeatures([view, { ...view, type: 'teleport' as never }]), 'INVALID_INPUT', /events\[1\]\.type/);
  });

  it('a time beyond what a Date holds (1e300) is INVALID_INPUT, where hour_of_day, weekday and Month were NaN/undefined', () => {
    expectCode(() => sessionFeatures([{ ...view, time: 1e300 }]), 'INVALID_INPUT', /events\[0\]\.time/);
  });

  it('NaN from the shop\'s pageStats or visit codes is INVALID_OPTION, not a NaN feature', () => {
    expectCode(() => sessionFeatures([view], { pageStats: () => ({ bounceRate: Number.NaN }) }), 'INVALID_OPTION', /pageStats.*bounceRate/);
    expectCode(() => sessionFeatures([view], { visit: { region: Number.NaN } }), 'INVALID_OPTION', /visit\.region/);
    expect(sessionFeatures([view], { pageStats: () => ({ bounceRate: 0.2 }) }).BounceRates).toBe(0.2);
  });
});

describe('found by the fuzz tier: assistant content', () => {
  it('intents, faq or outOfScope that are not arrays are INVALID_INPUT (was "(content.intents ?? []).entries is not a function")', () => {
    expectCode(() => flattenContent({ intents: {} } as never), 'INVALID_INPUT', /intents must be an array/);
    expectCode(() => flattenContent({ faq: 'faq' } as never), 'INVALID_INPUT', /faq must be an array/);
    const two = { intents: [{ id: 'a', examples: ['x'] }, { id: 'b', examples: ['y'] }] };
    expectCode(() => flattenContent({ ...two, outOfScope: null } as never), 'INVALID_INPUT', /outOfScope must be an array/);
  });

  it('an answer that is neither a string nor strings per language is INVALID_INPUT', () => {
    const content = { intents: [{ id: 'a', examples: ['x'], answer: { en: 5 } }, { id: 'b', examples: ['y'] }] };
    expectCode(() => flattenContent(content as never), 'INVALID_INPUT', /intents\[0\]\.answer/);
  });
});

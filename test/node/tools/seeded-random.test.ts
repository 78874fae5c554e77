import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random.ts';
import { seededRandom as scriptRandom } from '../../../tools/harness/seeded-random.mjs';

describe('tools/harness/seeded-random.mjs', () => {
  it('gives the same floats as src/core/random.ts for the same seed', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1]) {
      const a = seededRandom(seed);
      const b = scriptRandom(seed);
      expect(Array.from({ length: 1000 }, () => b())).toEqual(Array.from({ length: 1000 }, () => a()));
    }
  });
});

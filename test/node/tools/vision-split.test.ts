import { describe, expect, it } from 'vitest';
import { productSplit } from '../../../tools/eval/vision-split.ts';

// Two classes × 12 products, ids 100…123; ids 104 and 111 are the same photo (same bytes) in different blocks.
const photos = Array.from({ length: 24 }, (_, i) => ({
  label: i < 12 ? 'a' : 'b',
  group: i === 11 ? 'g4' : `g${i}`,
  file: `${i < 12 ? 'a' : 'b'}/${100 + i}.jpg`,
}));

describe('product-disjoint split of the vision eval', () => {
  it('keeps blocks of neighbouring product ids on one side and identical photos together', () => {
    const [teach, test] = productSplit(photos, 1, 3);
    expect([...teach, ...test].sort((x, y) => x - y)).toEqual(photos.map((_, i) => i));
    const side = (i: number) => teach.includes(i);
    for (let b = 0; b < 24; b += 3) if (b !== 9) expect(new Set([b, b + 1, b + 2].map(side)).size).toBe(1);
    expect(side(11)).toBe(side(4));
    for (const label of ['a', 'b']) expect(teach.some((i) => photos[i]?.label === label) && test.some((i) => photos[i]?.label === label)).toBe(true);
  });

  it('is deterministic per seed', () => {
    expect(productSplit(photos, 7, 3)).toEqual(productSplit(photos, 7, 3));
  });
});

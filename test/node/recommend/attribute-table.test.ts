import { describe, expect, it } from 'vitest';
import { itemAttributeTable } from '../../../src/recommend/attribute-table.ts';

describe('itemAttributeTable', () => {
  it('gives each distinct attribute a row and each product its mean, padding the rest (and the padding item) with weight 0', () => {
    const table = itemAttributeTable([['red', 'acme'], undefined, ['acme', 'acme'], []])!;
    expect(table.count).toBe(2);
    expect(table.perItem).toBe(2);
    // Five rows of two slots: four products and the padding item.
    expect(Array.from(table.index)).toEqual([0, 1, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(table.weight)).toEqual([0.5, 0.5, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(table.names).toEqual(['red', 'acme']); // row r is names[r]
  });

  it('learns at most maxPerItem attributes of a product, and returns null when no product has one', () => {
    const table = itemAttributeTable([['a', 'b', 'c']], 2)!;
    expect(table.count).toBe(2);
    expect(Array.from(table.weight)).toEqual([0.5, 0.5, 0, 0]);
    expect(itemAttributeTable([undefined, []])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { permuteColumns } from '../../../src/intent/explain.ts';
import { seededRandom } from '../../../src/core/random.ts';
import { crossings } from '../../../src/intent/watcher.ts';

describe('intent watcher crossings', () => {
  it('a first score rises from 0; thresholds are reported in the order crossed', () => {
    expect(crossings(null, 0.6, [0.5, 0.3, 0.9])).toEqual([{ threshold: 0.3, direction: 'up' }, { threshold: 0.5, direction: 'up' }]);
    expect(crossings(0.7, 0.1, [0.3, 0.5])).toEqual([{ threshold: 0.5, direction: 'down' }, { threshold: 0.3, direction: 'down' }]);
    expect(crossings(0.5, 0.5, [0.5])).toEqual([]);
    // Reaching a threshold exactly counts as above it; leaving it downwards crosses it.
    expect(crossings(0.4, 0.5, [0.5])).toEqual([{ threshold: 0.5, direction: 'up' }]);
    expect(crossings(0.5, 0.49, [0.5])).toEqual([{ threshold: 0.5, direction: 'down' }]);
  });
});

describe('permutation of encoded columns', () => {
  it('moves the chosen columns together across rows and leaves the others alone', () => {
    // 4 rows × 3 columns; columns 1 and 2 are one source (a one-hot pair).
    const x = Float32Array.from([0, 1, 0, 10, 0, 1, 20, 1, 0, 30, 0, 1]);
    const out = permuteColumns(x, 3, [1, 2], seededRandom(3));
    expect([0, 1, 2, 3].map((r) => out[r * 3])).toEqual([0, 10, 20, 30]);
    const pairs = [0, 1, 2, 3].map((r) => `${out[r * 3 + 1]}${out[r * 3 + 2]}`).sort();
    expect(pairs).toEqual(['01', '01', '10', '10']);
    expect([...x]).toEqual([0, 1, 0, 10, 0, 1, 20, 1, 0, 30, 0, 1]);
  });
});

/**
 * The plots of docs/plots/ are what tools/docs/plots.mjs draws (run it after changing a point), and every point
 * they draw is a figure that docs/benchmarks.md reports: a plot can neither go stale nor show a number the page
 * does not have.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLOTS, renderPlot } from '../../../tools/docs/plots.mjs';

const benchmarks = readFileSync('docs/benchmarks.md', 'utf8');

describe('docs/plots', () => {
  for (const plot of PLOTS) {
    it(`${plot.file} is what tools/docs/plots.mjs draws, from figures docs/benchmarks.md reports, and the page shows it`, () => {
      expect(readFileSync(`docs/plots/${plot.file}`, 'utf8'), 'run node tools/docs/plots.mjs').toBe(renderPlot(plot));
      const missing = plot.series.flatMap((s) => s.points.filter(([, y]) => !benchmarks.includes(y.toFixed(4))).map(([x, y]) => `${s.label}: (${x}, ${y})`));
      expect(missing, 'points that docs/benchmarks.md does not report').toEqual([]);
      expect(benchmarks).toContain(`(plots/${plot.file})`);
    });
  }
});

/**
 * The reliability chart of one prediction point: observed purchase rate against mean predicted score per bin,
 * with Wilson 95 % bars and dots sized by how many sessions a bin holds; on the diagonal, scores are probabilities.
 */
import type { IntentPointReport } from '../types.ts';
import { html, num, table, type SafeHtml } from './html.ts';
import { dots, errorBars, legend, line, niceMax, niceTicks, plot, reference } from './svg.ts';

/** Both axes share one range, so the diagonal stays the diagonal: [0, 1], or zoomed in when every bin is low. */
function axisRange(point: IntentPointReport): { min: number; max: number; ticks: number[]; format: (x: number) => string } {
  const filled = point.calibration.filter((b) => b.count > 0);
  const top = Math.max(...filled.map((b) => Math.max(b.meanScore as number, b.observedRate as number)), 0);
  const max = top > 0.5 ? 1 : niceMax(top, 0.02);
  const ticks = niceTicks(0, max, 5);
  return { min: 0, max, ticks, format: (x) => num(x, max >= 0.5 ? 1 : max >= 0.1 ? 2 : 3) };
}

export function calibrationFigure(point: IntentPointReport, style: number, id: string, binning: 'quantile' | 'uniform' = 'quantile'): SafeHtml {
  const unit = axisRange(point);
  const filled = point.calibration.filter((b) => b.count > 0);
  const xy = filled.map((b) => [b.meanScore as number, b.observedRate as number] as const);
  const most = Math.max(1, ...filled.map((b) => b.count));
  const svg = plot({
    id,
    title: `Calibration: ${point.name}`,
    description: `Observed share of purchases against the mean predicted score in ${point.calibration.length} ${binning === 'quantile' ? 'equal-count' : 'equal-width'} score bins, ${point.name}. ` +
      `Points on the diagonal mean the scores can be read as probabilities; bars are 95 % intervals, larger dots hold more sessions${unit.max < 1 ? `; both axes end at ${unit.format(unit.max)}, where the highest bin is` : ''}.`,
    x: { ...unit, label: 'Mean predicted score' },
    y: { ...unit, label: 'Observed purchase rate' },
    body: (f) => [
      reference(f, [0, 0], [unit.max, unit.max]),
      errorBars(f, filled.map((b) => ({ x: b.meanScore as number, lo: (b.interval as [number, number])[0], hi: (b.interval as [number, number])[1] })), style),
      line(f, xy, style, { width: 1.5 }),
      dots(f, xy, style, (i) => 2.5 + 5 * Math.sqrt((filled[i]?.count ?? 0) / most)),
    ],
  });
  const rows = point.calibration.map((b) => [
    `${num(b.lo, binning === 'quantile' ? 4 : 1)}–${num(b.hi, binning === 'quantile' ? 4 : 1)}`, b.count, b.positives, num(b.meanScore), num(b.observedRate),
    b.interval ? `${num(b.interval[0])}–${num(b.interval[1])}` : '—',
  ]);
  return html`<figure class="chart" id="${id}-figure">
  <figcaption><h3>Calibration: ${point.name}</h3></figcaption>
  ${svg}
  ${legend([{ name: point.name, style, note: `${point.count} sessions, ${point.positives} purchases` }], 'perfect calibration')}
  ${table(`Reliability table, ${point.name} (${binning === 'quantile' ? 'bins of about equal session counts' : 'equal-width score bins'})`, ['score bin', 'sessions', 'purchases', 'mean score', 'observed rate', '95 % interval'], rows)}
</figure>`;
}

/**
 * The reliability chart of one prediction point: observed purchase rate against mean predicted score per bin,
 * with Wilson 95 % bars and dots sized by how many sessions a bin holds; on the diagonal, scores are probabilities.
 */
import type { IntentPointReport } from '../types.ts';
import { html, num, table, type SafeHtml } from './html.ts';
import { dots, errorBars, legend, line, plot, reference } from './svg.ts';

const unit = { min: 0, max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], format: (x: number) => x.toFixed(1) };

export function calibrationFigure(point: IntentPointReport, style: number, id: string): SafeHtml {
  const filled = point.calibration.filter((b) => b.count > 0);
  const xy = filled.map((b) => [b.meanScore as number, b.observedRate as number] as const);
  const most = Math.max(1, ...filled.map((b) => b.count));
  const svg = plot({
    id,
    title: `Calibration: ${point.name}`,
    description: `Observed share of purchases against the mean predicted score in ${point.calibration.length} score bins, ${point.name}. ` +
      'Points on the diagonal mean the scores can be read as probabilities; bars are 95 % intervals, larger dots hold more sessions.',
    x: { ...unit, label: 'Mean predicted score' },
    y: { ...unit, label: 'Observed purchase rate' },
    body: (f) => [
      reference(f, [0, 0], [1, 1]),
      errorBars(f, filled.map((b) => ({ x: b.meanScore as number, lo: (b.interval as [number, number])[0], hi: (b.interval as [number, number])[1] })), style),
      line(f, xy, style, { width: 1.5 }),
      dots(f, xy, style, (i) => 2.5 + 5 * Math.sqrt((filled[i]?.count ?? 0) / most)),
    ],
  });
  const rows = point.calibration.map((b) => [
    `${num(b.lo, 1)}–${num(b.hi, 1)}`, b.count, b.positives, num(b.meanScore), num(b.observedRate),
    b.interval ? `${num(b.interval[0])}–${num(b.interval[1])}` : '—',
  ]);
  return html`<figure class="chart" id="${id}-figure">
  <figcaption><h3>Calibration: ${point.name}</h3></figcaption>
  ${svg}
  ${legend([{ name: point.name, style, note: `${point.count} sessions, ${point.positives} purchases` }], 'perfect calibration')}
  ${table(`Reliability table, ${point.name}`, ['score bin', 'sessions', 'purchases', 'mean score', 'observed rate', '95 % interval'], rows)}
</figure>`;
}

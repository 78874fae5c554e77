/** The precision–recall chart: one staircase per prediction point; each point's base rate is what guessing gets. */
import type { IntentPointReport } from '../types.ts';
import { area, details, html, num, table, type SafeHtml } from './html.ts';
import { hasBothClasses } from '../intent-report.ts';
import { legend, line, plot } from './svg.ts';

const unit = { min: 0, max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], format: (x: number) => x.toFixed(1) };

export function prFigure(points: readonly IntentPointReport[], id = 'pr'): SafeHtml {
  const svg = plot({
    id,
    title: 'Precision–recall curve',
    description: `Precision against recall as the threshold falls, for ${points.length} prediction point(s). ` +
      `The thin line of the same colour is that point's base rate, which a model that guesses would score.`,
    x: { ...unit, label: 'Recall (share of buyers found)' },
    y: { ...unit, label: 'Precision (share of flagged who buy)' },
    body: (f) => points.flatMap((p, i) => !hasBothClasses(p) ? [] : [
      line(f, [[0, p.baseRate], [1, p.baseRate]], i, { width: 0.8 }),
      line(f, p.pr.map((q) => [q.recall, q.precision] as const), i, { step: 'pre' }),
    ]),
  });
  const rows = points.map((p) => [
    p.name, num(p.baseRate), area(p, p.prAuc), hasBothClasses(p) ? `${num(p.prAuc / p.baseRate, 1)}×` : '—',
    num(p.metrics.precision), num(p.metrics.recall), num(p.metrics.f1),
  ]);
  const all = points.filter(hasBothClasses).map((p) => details(`All ${p.pr.length} plotted points: ${p.name}`, table(`Precision–recall points, ${p.name}`, ['threshold', 'recall', 'precision'],
    p.pr.map((q) => [q.threshold === null ? 'above all' : num(q.threshold, 4), num(q.recall), num(q.precision)]))));
  const threshold = points[0]?.metrics.threshold;
  return html`<figure class="chart" id="${id}-figure">
  <figcaption><h3>Precision–recall curve</h3></figcaption>
  ${svg}
  ${legend(points.map((p, i) => ({ name: p.name, style: i, note: hasBothClasses(p) ? `AP ${num(p.prAuc)}, base rate ${num(p.baseRate)}` : 'one class only: not drawn' })))}
  ${table(`PR-AUC (average precision) per prediction point; precision, recall and F1 at the model's threshold ${num(threshold ?? null)}`,
    ['prediction point', 'base rate', 'PR-AUC', 'lift', 'precision', 'recall', 'F1'], rows)}
  ${all}
</figure>`;
}

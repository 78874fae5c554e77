/** The ROC chart of a purchase-intent report: one curve per prediction point, chance as the diagonal. */
import type { IntentPointReport } from '../types.ts';
import { area, details, html, num, table, type SafeHtml } from './html.ts';
import { hasBothClasses } from '../intent-report.ts';
import { legend, line, plot, reference } from './svg.ts';

const unit = { min: 0, max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], format: (x: number) => x.toFixed(1) };

export function rocFigure(points: readonly IntentPointReport[], id = 'roc'): SafeHtml {
  const svg = plot({
    id,
    title: 'ROC curve',
    description: `True-positive rate against false-positive rate as the threshold falls, for ${points.length} prediction point(s). ` +
      `The diagonal is a model that guesses; the closer a curve runs to the top-left corner, the better it ranks buyers above non-buyers.`,
    x: { ...unit, label: 'False-positive rate (non-buyers flagged)' },
    y: { ...unit, label: 'True-positive rate (buyers found)' },
    body: (f) => [reference(f, [0, 0], [1, 1]), ...points.map((p, i) => (hasBothClasses(p) ? line(f, p.roc.map((q) => [q.fpr, q.tpr] as const), i) : html``))],
  });
  const rows = points.map((p) => [p.name, p.count, p.positives, area(p, p.rocAuc), !hasBothClasses(p) ? '—' : Math.min(p.positives, p.count - p.positives) < 5 ? 'too few' : `± ${num(1.96 * p.rocAucStandardError)}`]);
  const all = points.filter(hasBothClasses).map((p) => details(`All ${p.roc.length} plotted points: ${p.name}`, table(`ROC points, ${p.name}`, ['threshold', 'false-positive rate', 'true-positive rate'],
    p.roc.map((q) => [q.threshold === null ? 'above all' : num(q.threshold, 4), num(q.fpr), num(q.tpr)]))));
  return html`<figure class="chart" id="${id}-figure">
  <figcaption><h3>ROC curve</h3></figcaption>
  ${svg}
  ${legend(points.map((p, i) => ({ name: p.name, style: i, note: hasBothClasses(p) ? `AUC ${num(p.rocAuc)}` : 'one class only: not drawn' })), 'chance (AUC 0.5)')}
  ${table('ROC-AUC per prediction point (± is the 95 % interval, Hanley–McNeil)', ['prediction point', 'sessions', 'purchases', 'ROC-AUC', '95 %'], rows)}
  ${all}
</figure>`;
}

/** HR@K or NDCG@K against K for the model and its baselines on the same leave-one-out test cases. */
import type { RecommendReport } from '../types.ts';
import { details, html, num, table, type SafeHtml } from './html.ts';
import { legend, line, niceMax, niceTicks, plot } from './svg.ts';

/** The cut-offs worth a row in the visible table. */
const HEADLINE = [1, 5, 10, 20, 50];

export function rankingFigure(report: RecommendReport, metric: 'hr' | 'ndcg', id = metric): SafeHtml {
  const name = metric === 'hr' ? 'HR@K' : 'NDCG@K';
  const { ks, series } = report;
  const top = niceMax(Math.max(...series.flatMap((s) => s[metric])));
  const kMin = ks[0] as number;
  const kMax = ks[ks.length - 1] as number;
  const xTicks = kMax - kMin >= 10 ? [kMin, ...niceTicks(kMin, kMax, 5).filter((k) => k > kMin)] : ks;
  const svg = plot({
    id,
    title: `${name} against K`,
    description: metric === 'hr'
      ? `Share of the ${report.cases} test shoppers whose next item is in the top K, for K from ${kMin} to ${kMax}, for the model and each baseline.`
      : `NDCG@K (a hit at rank r counts 1/log2(r+1)) over the ${report.cases} test shoppers, for K from ${kMin} to ${kMax}.`,
    x: { label: 'K (length of the recommended list)', min: kMin, max: kMax, ticks: xTicks },
    y: { label: name, min: 0, max: top, ticks: niceTicks(0, top, 5), format: (y) => num(y, top < 0.1 ? 3 : 2) },
    body: (f) => series.map((s, i) => line(f, ks.map((k, j) => [k, s[metric][j] as number] as const), i)),
  });
  const headline = ks.filter((k) => HEADLINE.includes(k));
  const shown = headline.length > 0 ? headline : ks;
  const rowsFor = (cut: readonly number[]) => cut.map((k) => [k, ...series.map((s) => num(s[metric][ks.indexOf(k)] as number, 4))]);
  const head = ['K', ...series.map((s) => s.name)];
  return html`<figure class="chart" id="${id}-figure">
  <figcaption><h3>${name} against K</h3></figcaption>
  ${svg}
  ${legend(series.map((s, i) => ({ name: s.name, style: i, note: s.name === s.role ? undefined : s.role })))}
  ${table(`${name} at selected K`, head, rowsFor(shown))}
  ${shown.length < ks.length ? details(`${name} at every K (${ks.length} values)`, table(`${name} at every K`, head, rowsFor(ks))) : ''}
</figure>`;
}

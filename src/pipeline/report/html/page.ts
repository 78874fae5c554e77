/**
 * `renderReportHtml(report)`: the evaluation report as one self-contained page. Inline CSS and inline SVG, no
 * script, font or network request, so it opens from file:// and can be mailed as it is. Every string from the
 * report passes through the `html` tag's escaping.
 */
import type { EvaluationReport, IntentReport, RecommendReport } from '../types.ts';
import { calibrationFigure } from './calibration-plot.ts';
import { SafeHtml, area, html, num } from './html.ts';
import { prFigure } from './pr-plot.ts';
import { rankingFigure } from './ranking-plot.ts';
import { rocFigure } from './roc-plot.ts';
import { STYLE } from './style.ts';

const LONG = 4000;

function value(v: unknown): SafeHtml {
  if (v === null || v === undefined) return html`<span class="muted">—</span>`;
  if (typeof v === 'string') return html`${v}`;
  if (typeof v === 'number' || typeof v === 'boolean') return html`${String(v)}`;
  const text = JSON.stringify(v, null, 2) ?? String(v);
  return html`<pre>${text.length > LONG ? `${text.slice(0, LONG)}\n… (${text.length - LONG} more characters in report.json)` : text}</pre>`;
}

/** Values that look like checksums or hashes are set in monospace. */
const HEX = /^[0-9a-f]{16,}$/i;

function keyValues(entries: readonly (readonly [string, unknown])[]): SafeHtml {
  return html`<dl class="kv">${entries.map(([k, v]) => html`<dt>${k}</dt><dd class="${typeof v === 'string' && HEX.test(v) ? 'mono' : ''}">${value(v)}</dd>`)}</dl>`;
}

function card(label: string, main: string, sub?: string): SafeHtml {
  return html`<div class="card"><div class="card-label">${label}</div><div class="card-value">${main}</div>${sub ? html`<div class="muted">${sub}</div>` : ''}</div>`;
}

function intentBody(r: IntentReport): { cards: SafeHtml[]; charts: SafeHtml } {
  const cards = r.points.map((p) => card(p.name, `ROC-AUC ${area(p, p.rocAuc)}`, `PR-AUC ${area(p, p.prAuc)} · base rate ${num(p.baseRate)} · ${p.count} sessions`));
  const charts = html`<section aria-labelledby="curves-h"><h2 id="curves-h">Ranking buyers above non-buyers</h2>
  <div class="grid">${rocFigure(r.points)}${prFigure(r.points)}</div></section>
  <section aria-labelledby="calibration-h"><h2 id="calibration-h">Calibration: can the scores be read as probabilities?</h2>
  <div class="grid">${r.points.map((p, i) => calibrationFigure(p, i, `calibration-${i}`, r.binning))}</div></section>`;
  return { cards, charts };
}

function recommendBody(r: RecommendReport): { cards: SafeHtml[]; charts: SafeHtml } {
  const at = r.ks.indexOf(10) >= 0 ? r.ks.indexOf(10) : r.ks.length - 1;
  const k = r.ks[at] as number;
  const cards = r.series.map((s) => card(s.name === s.role ? s.name : `${s.name} (${s.role})`, `HR@${k} ${num(s.hr[at] as number, 4)}`, `NDCG@${k} ${num(s.ndcg[at] as number, 4)}`));
  const charts = html`<section aria-labelledby="ranking-h"><h2 id="ranking-h">Next-item ranking (leave-one-out, full catalogue, history masked)</h2>
  <p>${r.cases} test shoppers, ${r.numItems} products. Each shopper's last item is hidden; the rankers see the items before it and rank every product.</p>
  <div class="grid">${rankingFigure(r, 'hr')}${rankingFigure(r, 'ndcg')}</div></section>`;
  return { cards, charts };
}

const TITLES = { 'purchase-intent': 'purchase intent', recommender: 'recommender' } as const;

/** The report as one HTML document (a string starting with `<!doctype html>`). */
export function renderReportHtml(report: EvaluationReport): string {
  const body = report.kind === 'purchase-intent' ? intentBody(report) : recommendBody(report);
  const title = `Evaluation report: ${TITLES[report.kind]}, ${report.model.path}`;
  const claimed = report.model.claimed ? Object.entries(report.model.claimed) : [];
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header>
  <p class="eyebrow">storefront-ml evaluate · ${TITLES[report.kind]}</p>
  <h1>${report.model.path}</h1>
  <p class="muted">on <code>${report.events.path}</code> (${report.events.format}${report.events.rows === undefined ? '' : `, ${report.events.rows} rows`}) · ${report.createdAt}</p>
</header>
<main>
<section aria-labelledby="glance-h"><h2 id="glance-h">At a glance</h2>
<p class="evaluated-on"><strong>Evaluated on:</strong> ${report.evaluatedOn}</p>
<div class="cards">${body.cards}</div>
${report.notes.length > 0 ? html`<aside class="notes" aria-label="What this sample can tell"><h3>What this sample can tell</h3><ul>${report.notes.map((n) => html`<li>${n}</li>`)}</ul></aside>` : ''}
</section>
${body.charts}
<section aria-labelledby="provenance-h"><h2 id="provenance-h">Where the numbers come from</h2>
  <h3>Model</h3>${keyValues([['folder', report.model.path], ['format', report.model.format], ...Object.entries(report.model.provenance)])}
  ${claimed.length > 0 ? html`<h3>What the model's metadata claims</h3>${keyValues(claimed)}` : ''}
  <h3>Events</h3>${keyValues([['file', report.events.path], ['format', report.events.format], ['rows', report.events.rows], ['sha256', report.events.sha256]])}
  <h3>Command</h3><pre class="command"><code>${report.command}</code></pre>
  <p class="muted">${report.tool.name} ${report.tool.version} · ${report.format} v${report.version} · the same numbers are in report.json beside this page.</p>
</section>
</main>
</body>
</html>
`;
  return page.value;
}

/** Small reports for the report tests: seeded, with hostile strings where a user's data reaches the page. */
import { seededRandom } from '../../../../src/core/random.ts';
import { intentReport } from '../../../../src/pipeline/report/intent-report.ts';
import { cutoffs, recommendReport } from '../../../../src/pipeline/report/recommend-report.ts';
import { rankingMetrics } from '../../../../src/recommend/metrics.ts';
import { REPORT_FORMAT, type ReportHeader } from '../../../../src/pipeline/report/types.ts';

export const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)></style>&amp;';

export function header(overrides: Partial<ReportHeader> = {}): ReportHeader {
  return {
    format: REPORT_FORMAT, version: 1,
    command: 'storefront-ml evaluate models/x --events events.csv --out report',
    createdAt: '2026-12-01T23:40:00.000Z',
    tool: { name: 'storefront-ml', version: '0.1.0' },
    model: { path: 'models/x', format: 'storefront-ml/purchase-intent', provenance: { data: 'simulated', seed: 1 } },
    evaluatedOn: 'every session of events.csv (the model was trained on other data)',
    events: { path: 'events.csv', format: 'ecommerce-csv', rows: 1234 },
    ...overrides,
  };
}

/** Scores with signal: positives shifted up by `lift`. */
export function scored(n: number, rate: number, lift: number, seed: number) {
  const random = seededRandom(seed);
  const labels = Array.from({ length: n }, () => (random() < rate ? 1 : 0));
  const scores = labels.map((l) => Math.min(1, Math.max(0, 0.6 * random() + lift * l * random())));
  return { labels, scores };
}

export function sampleIntentReport(h = header()) {
  return intentReport(h, [
    { name: 'after 1 event', ...scored(600, 0.05, 0.2, 1) },
    { name: 'after 5 events', ...scored(400, 0.08, 0.5, 2) },
    { name: 'at the first cart addition', ...scored(150, 0.3, 0.6, 3) },
  ], { threshold: 0.4 });
}

export function sampleRecommendReport(h = header({ model: { path: 'models/rec', format: 'storefront-ml/recommender', provenance: {} } })) {
  const random = seededRandom(7);
  const metrics = (scale: number) => rankingMetrics(Int32Array.from({ length: 300 }, () => Math.floor(random() ** 2 * scale)), cutoffs(50));
  return recommendReport(h, {
    numItems: 1000,
    unknownTargets: 3,
    series: [
      { name: 'model', role: 'model', metrics: metrics(400) },
      { name: 'popularity', role: 'baseline', metrics: metrics(900) },
      { name: 'item-kNN', role: 'baseline', metrics: metrics(600) },
    ],
  });
}

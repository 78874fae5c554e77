/**
 * `storefront-ml evaluate` on real data through the built binary: the shipped purchase-intent models on the UCI CSV
 * (their held-out rows, so the report must reproduce the test metrics their metadata records), and models the CLI
 * trains here on the REES46 sample and Amazon Beauty (the report must reproduce the held-out numbers `train` wrote).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir } from '../../tools/harness/plugins.mjs';
import type { IntentReport, RecommendReport } from '../../src/pipeline/report/types.ts';
import { leftovers, runCli, tempDir } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const UCI = path.join(dataDir(), 'online_shoppers_intention/online_shoppers_intention.csv');
const REES = path.join(dataDir(), 'rees46_ecommerce_sample/2019-Oct-sample-5k.csv');
const BEAUTY = path.join(dataDir(), 'amazon_beauty_s3rec/Beauty.txt');
const tmp = tempDir('evaluate-data');
afterAll(() => tmp.remove());
const at = (name: string) => path.join(tmp.dir, name);
const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

async function evaluate<T>(model: string, events: string, name: string, extra: string[] = []): Promise<T> {
  const r = await runCli(['evaluate', model, '--events', events, '--out', at(name), ...extra], { timeoutMs: 600_000 });
  expect(r.code, r.stderr).toBe(0);
  expect(readFileSync(path.join(at(name), 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  return json<T>(path.join(at(name), 'report.json'));
}

describe('evaluate on real data', () => {
  it('the shipped intent models on UCI: scores the 2,466 held-out rows and reproduces metadata.metrics.test', async () => {
    for (const name of ['purchase-intent', 'purchase-intent-live']) {
      const dir = path.join(ROOT, 'models', name);
      const report = await evaluate<IntentReport>(dir, UCI, `uci-${name}`);
      const test = json<{ metrics: { test: { rocAuc: number; prAuc: number; count: number } } }>(path.join(dir, 'metadata.json')).metrics.test;
      expect(report.evaluatedOn).toMatch(/^the 2466 held-out rows/);
      expect(report.points).toHaveLength(1);
      expect(report.points[0]!.count).toBe(test.count);
      expect(report.points[0]!.rocAuc).toBeCloseTo(test.rocAuc, 5);
      expect(report.points[0]!.prAuc).toBeCloseTo(test.prAuc, 5);
    }
  }, 300_000);

  it('REES46: an intent model train intent wrote, on its own log: the held-out shoppers, the same ROC-AUC per point', async () => {
    const model = at('rees-intent');
    const t = await runCli(['train', 'intent', '--events', REES, '--out', model], { timeoutMs: 600_000 });
    expect(t.code, t.stderr).toBe(0);
    const claimed = json<{ provenance: { evaluation: { points: { point: string; rows: number; rocAuc: number | null }[] } } }>(path.join(model, 'metadata.json')).provenance.evaluation.points;
    const report = await evaluate<IntentReport>(model, REES, 'rees-intent-report');
    expect(report.evaluatedOn).toMatch(/^the held-out shoppers of 2019-Oct-sample-5k\.csv/);
    const names: Record<string, string> = { 1: 'after 1 event', 3: 'after 3 events', 5: 'after 5 events', 10: 'after 10 events', first_cart: 'at the first cart addition' };
    for (const c of claimed.filter((p) => p.point !== 'all')) {
      const p = report.points.find((q) => q.name === names[c.point]);
      expect(p?.count, c.point).toBe(c.rows);
      if (c.rocAuc !== null) expect(p!.rocAuc).toBeCloseTo(c.rocAuc, 6);
    }
    // The same log under a model trained elsewhere: every session, 1,898 of them, 50 with a purchase.
    const live = await evaluate<IntentReport>(path.join(ROOT, 'models/purchase-intent-live'), REES, 'rees-live-report');
    expect(live.evaluatedOn).toMatch(/every session of 2019-Oct-sample-5k\.csv: 1898 sessions, 50 with a purchase/);
    expect(live.points[0]).toMatchObject({ name: 'after 1 event', count: 1898, positives: 50 });
  }, 600_000);

  it('REES46 and Amazon Beauty: a recommender train recommend wrote reproduces its held-out HR@10 / NDCG@10 and baselines', async () => {
    for (const [events, name, extra] of [[REES, 'rees', []], [BEAUTY, 'beauty', ['--max-users', '3000']]] as const) {
      const model = at(`${name}-rec`);
      const t = await runCli(['train', 'recommend', '--events', events, '--out', model, '--epochs', '1', ...extra], { timeoutMs: 600_000 });
      expect(t.code, t.stderr).toBe(0);
      const e = json<{ info: { evaluation: Record<string, { hr_10: number; ndcg_10: number; cases: number }> } }>(path.join(model, 'metadata.json')).info.evaluation;
      const report = await evaluate<RecommendReport>(model, events, `${name}-rec-report`, [...extra]);
      expect(report.evaluatedOn).toMatch(/train recommend held out these targets/);
      expect(report.cases).toBe(e.model!.cases);
      for (const [series, key] of [['model', 'model'], ['popularity', 'popularity'], ['item-kNN', 'item_knn']] as const) {
        const s = report.series.find((x) => x.name === series)!;
        expect(s.hr[9]).toBeCloseTo(e[key]!.hr_10, 10);
        expect(s.ndcg[9]).toBeCloseTo(e[key]!.ndcg_10, 10);
      }
    }
    // A different user cut than training's: the report says the splits differ.
    const r = await evaluate<RecommendReport>(at('rees-rec'), REES, 'rees-rec-cut', ['--max-users', '500']);
    expect(r.evaluatedOn).toMatch(/the splits differ/);
    expect(leftovers(at('never'))).toEqual([]);
  }, 900_000);
});

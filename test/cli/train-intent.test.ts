/** `storefront-ml train intent` through the built binary, without the data directory: a made-up log and bad input. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIntentMetadata } from '../../src/intent/check-metadata.ts';
import { leftovers, runCli, tempDir } from '../helpers/cli.ts';

const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const tmp = tempDir('train-intent');
const dir = tmp.dir;
afterAll(() => tmp.remove());

/** A made-up log (labelled so): 240 shoppers, one session each; buyers browse longer and add to the cart. */
function syntheticLog(purchases = true): string {
  const lines = [HEADER];
  for (let u = 0; u < 240; u++) {
    const buyer = purchases && u % 4 === 0;
    const views = buyer ? 6 + (u % 7) : 1 + (u % 9);
    const t0 = Date.UTC(2019, 9, 1 + (u % 20), 8) + u * 60_000;
    const at = (k: number) => new Date(t0 + k * 45_000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    for (let k = 0; k < views; k++) lines.push(`${at(k)},view,${100 + ((u + k) % 30)},1,shoes,acme,${20 + (k % 5)},${u},s${u}`);
    if (buyer || u % 11 === 0) lines.push(`${at(views)},cart,${100 + (u % 30)},1,shoes,acme,22,${u},s${u}`);
    if (buyer) lines.push(`${at(views + 1)},purchase,${100 + (u % 30)},1,shoes,acme,22,${u},s${u}`);
  }
  return `${lines.join('\n')}\n`;
}

const cli = (argv: string[]) => runCli(argv, { cwd: dir });

describe('storefront-ml train intent (made-up log, no data directory)', () => {
  writeFileSync(path.join(dir, 'shop.csv'), syntheticLog());
  writeFileSync(path.join(dir, 'no-purchase.csv'), syntheticLog(false));
  writeFileSync(path.join(dir, 'bad.csv'), `${HEADER}\n2019-10-01 10:00:00 UTC,view,1,1,,,1.0,1,s1\nnot,a,row\n`);

  it('writes the model folder (metadata checked as the loader checks it), with ROC-AUC and PR-AUC per prediction point', async () => {
    const r = await cli(['train', 'intent', '--events', 'shop.csv', '--out', 'model', '--epochs', '20', '--bootstrap', '50', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, command: 'train intent', sessions: 240, purchaseSessions: 60 });
    const points = out.evaluation.points.map((p: { point: string }) => p.point);
    expect(points).toEqual(['1', '3', '5', '10', 'first_cart', 'all']);
    expect(out.evaluation.points.at(-1).rocAucCi).toHaveLength(2);
    for (const p of out.evaluation.points) {
      expect(p.rows).toBeGreaterThan(0);
      if (p.positives > 0 && p.positives < p.rows) expect(p.rocAuc).toBeGreaterThanOrEqual(0);
      if (p.positives >= 5 && p.rows - p.positives >= 5) expect(p.rocAucCi).toHaveLength(2);
      else expect(p.rocAucCi).toBeNull();
    }
    expect(readdirSync(path.join(dir, 'model')).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const metadata = checkIntentMetadata(JSON.parse(readFileSync(path.join(dir, 'model', 'metadata.json'), 'utf8')), 'metadata.json');
    expect(metadata.featureSchema.included).toContain('cart_adds');
    expect(metadata.metrics).toHaveProperty('test_all');
    expect(metadata.files?.['weights.bin']?.bytes).toBe(readFileSync(path.join(dir, 'model', 'weights.bin')).byteLength);
    expect(metadata.provenance).toMatchObject({ tool: expect.stringMatching(/train intent$/), options: { split: 'user' } });
  }, 120_000);

  it('names the line of a malformed row and leaves nothing in --out', async () => {
    const r = await cli(['train', 'intent', '--events', 'bad.csv', '--out', 'bad-out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3/);
    expect(leftovers(path.join(dir, 'bad-out'))).toEqual([]);
  });

  it('says clearly that a log without purchases has nothing to learn', async () => {
    const r = await cli(['train', 'intent', '--events', 'no-purchase.csv', '--out', 'none-out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none of the log's 240 sessions has a purchase/);
    expect(leftovers(path.join(dir, 'none-out'))).toEqual([]);
  });

  it('rejects bad --points as a usage error', async () => {
    const r = await cli(['train', 'intent', '--events', 'shop.csv', '--out', 'x', '--points', '0,first']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--points/);
  });
});

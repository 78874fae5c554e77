import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntentMetadata } from '../../../src/intent/check-metadata.ts';
import { dataDir } from '../../../tools/harness/plugins.mjs';

const SAMPLE = path.join(dataDir(), 'rees46_ecommerce_sample/2019-Oct-sample-5k.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'train-intent-rees46-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// End to end through the built binary (`npm run build` → dist/cli/main.js, the package's bin) on the real REES46 sample.
describe('storefront-ml train intent on the REES46 sample', () => {
  beforeAll(() => { execFileSync('npm', ['run', 'build'], { stdio: 'ignore' }); }, 240_000);

  it('trains, reports every prediction point with its buyers and intervals, and writes the folder', () => {
    const out = path.join(dir, 'intent');
    const r = spawnSync(process.execPath, ['dist/cli/main.js', 'train', 'intent', '--events', SAMPLE, '--out', out, '--json'], { encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ok: true, sessions: 1898, purchaseSessions: 50 });
    const points = result.evaluation.points as { point: string; rows: number; positives: number; rocAuc: number | null; rocAucCi: [number, number] | null }[];
    expect(points.map((p) => p.point)).toEqual(['1', '3', '5', '10', 'first_cart', 'all']);
    const all = points.at(-1)!;
    expect(all.positives).toBeGreaterThan(0);
    expect(all.rocAucCi![0]).toBeLessThanOrEqual(all.rocAuc!);
    expect(readdirSync(out).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const metadata = checkIntentMetadata(JSON.parse(readFileSync(path.join(out, 'metadata.json'), 'utf8')), 'metadata.json');
    expect(metadata.provenance).toMatchObject({ source: { file: '2019-Oct-sample-5k.csv', rows: 4999 }, evaluation: { points: expect.any(Array) } });
  }, 240_000);
});

/**
 * The CLI on real data: the REES46 e-commerce sample, Amazon Beauty (a shopper subset and one epoch, to keep CI
 * short; the full run is the measurement in docs/cli.md) and the real MobileNet files from a loopback mirror of the
 * data directory, tampered or not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir } from '../../tools/harness/plugins.mjs';
import { leftovers, runCli, serveFolder, sha256, tempDir } from '../helpers/cli.ts';

const DATA = dataDir();
const REES46 = path.join(DATA, 'rees46_ecommerce_sample/2019-Oct-sample-5k.csv');
const BEAUTY = path.join(DATA, 'amazon_beauty_s3rec/Beauty.txt');
const tmp = tempDir('cli-data');
afterAll(() => tmp.remove());

describe('train recommend on real logs', () => {
  it('REES46 sample: e-commerce CSV → a model, with popularity and item-kNN ranked on the same held-out cases', async () => {
    const out = path.join(tmp.dir, 'rees46');
    const r = await runCli(['train', 'recommend', '--events', REES46, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.input).toMatchObject({ format: 'ecommerce-csv', rows: 4999, skipped: 0, sha256: sha256(readFileSync(REES46)) });
    expect(result.shoppers).toBeGreaterThan(1000);
    const { evaluation } = JSON.parse(readFileSync(path.join(out, 'metadata.json'), 'utf8')).info;
    expect(evaluation.test_cases).toBeGreaterThan(100);
    // Quality numbers belong to the measurement; here only that the three were ranked on the same cases.
    expect(evaluation.model.cases).toBe(evaluation.test_cases);
    expect(evaluation.popularity.cases).toBe(evaluation.test_cases);
    expect(evaluation.item_knn.cases).toBe(evaluation.test_cases);
    expect(r.stderr).toMatch(/read 4,999 rows \(ecommerce-csv\) from 2019-Oct-sample-5k\.csv/);
  });

  it('Amazon Beauty (S3-Rec file), first 1,000 shoppers, 1 epoch', async () => {
    const out = path.join(tmp.dir, 'beauty');
    const r = await runCli(['train', 'recommend', '--events', BEAUTY, '--out', out, '--epochs', '1', '--max-users', '1000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.input).toMatchObject({ format: 's3rec', rows: 198502 });
    expect(result.shoppers).toBe(1000);
    expect(result.evaluation.test_cases).toBe(1000);
    expect(result.training.seconds_per_epoch).toHaveLength(1);
  });
});

describe('models pull from a loopback mirror of the real files', () => {
  it('mobilenet_v1_025_layers and mobilenet_v1_075_layers: every file verified, the folder complete', async () => {
    for (const [name, folder] of [['mobilenet_v1_025_layers', 'mobilenet_v1_025_224_tfjs/layers'], ['mobilenet_v1_075_layers', 'mobilenet_v1_075_224_tfjs/layers']] as const) {
      const server = await serveFolder(path.join(DATA, folder));
      try {
        const out = path.join(tmp.dir, name);
        const r = await runCli(['models', 'pull', name, '--out', out, '--base-url', server.url, '--json']);
        expect(r.code, r.stderr).toBe(0);
        const pinned = JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../models/vision/${name}/metadata.json`), 'utf8'));
        expect(readdirSync(out).sort()).toEqual([...Object.keys(pinned.files), 'metadata.json'].sort());
        for (const [file, expected] of Object.entries(pinned.files as Record<string, { sha256: string }>)) {
          expect(sha256(readFileSync(path.join(out, file))), file).toBe(expected.sha256);
        }
      } finally {
        await server.close();
      }
    }
  });

  it('mobilenet_v1_025_graph from a TF-Hub-shaped mirror', async () => {
    const server = await serveFolder(path.join(DATA, 'mobilenet_v1_025_224_tfjs/graph_tfhub'));
    try {
      const out = path.join(tmp.dir, 'graph');
      const r = await runCli(['models', 'pull', 'mobilenet_v1_025_graph', '--out', out, '--base-url', server.url]);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['group1-shard1of1', 'metadata.json', 'model.json']);
    } finally {
      await server.close();
    }
  });

  it('a tampered shard → INTEGRITY_MISMATCH, exit 1, nothing in --out', async () => {
    const server = await serveFolder(path.join(DATA, 'mobilenet_v1_025_224_tfjs/layers'), (rel, bytes) => {
      if (rel !== 'group29-shard1of1') return bytes;
      const copy = Buffer.from(bytes);
      copy[1000] = copy[1000]! ^ 0x01;
      return copy;
    });
    try {
      const out = path.join(tmp.dir, 'tampered');
      const r = await runCli(['models', 'pull', 'mobilenet_v1_025_layers', '--out', out, '--base-url', server.url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/\[INTEGRITY_MISMATCH\] .*group29-shard1of1 has SHA-256/);
      expect(leftovers(out)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

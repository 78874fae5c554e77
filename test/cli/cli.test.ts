/**
 * The built CLI end to end, without the data directory: help, usage errors, bad input (nothing left in --out),
 * interruption, and each command on fixtures (the tiny shop log, the shipped FAQ content, a tiny fixture model
 * served over loopback).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRecommenderMetadata } from '../../src/recommend/check-metadata.ts';
import { CLI_MAIN } from '../../tools/harness/cli.mjs';
import { leftovers, runCli, serveFolder, sha256, tempDir } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TINY = path.join(ROOT, 'test/fixtures/events/tiny-shop.csv');
const FAQ_MODEL = path.join(ROOT, 'models/assistant/faq');
const tmp = tempDir('cli');
afterAll(() => tmp.remove());
const out = (name: string) => path.join(tmp.dir, name);

describe('storefront-ml: help and usage', () => {
  it('lists the commands, and npx finds the package\'s own bin', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['train recommend', 'train assistant', 'models pull']) expect(r.stdout).toContain(name);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 failure, 2 usage or bad input/);
    const npx = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn('npx', ['--no-install', 'storefront-ml', '--version'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(npx.code).toBe(0);
    expect(npx.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints each command\'s help with usage, options and examples', async () => {
    for (const args of [['train', 'recommend'], ['train', 'assistant'], ['models', 'pull']]) {
      const r = await runCli([...args, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: storefront-ml ${args.join(' ')}`));
      expect(r.stdout).toMatch(/Options:[\s\S]*--out <dir>[\s\S]*--json[\s\S]*Examples:/);
    }
  });

  it('exits 2 on an unknown option, naming it, and writes nothing', async () => {
    const target = out('unknown-option');
    const r = await runCli(['train', 'recommend', '--events', TINY, '--out', target, '--epoch', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: \[INVALID_OPTION\] Unknown option --epoch for `train recommend`\. Did you mean --epochs\?/);
    expect(r.stdout).toBe('');
    expect(leftovers(target)).toEqual([]);
  });

  it('exits 2 on a missing --events file, with JSON on stdout under --json', async () => {
    const target = out('missing-file');
    const r = await runCli(['train', 'recommend', '--events', 'no/such.csv', '--out', target, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[NOT_FOUND\] --events no\/such\.csv: no such file/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(leftovers(target)).toEqual([]);
  });
});

describe('train recommend', () => {
  it('exits 2 on a malformed row, naming its line, leaving nothing in --out; --skip-invalid counts it instead', async () => {
    const lines = readFileSync(TINY, 'utf8').split('\n');
    const at = lines.findIndex((l, i) => i > 4 && l.includes(',view,'));
    lines[at] = lines[at]!.replace(',view,', ',teleport,');
    const bad = out('bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const target = out('bad-model');
    const r = await runCli(['train', 'recommend', '--events', bad, '--out', target, '--epochs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`\\[INVALID_INPUT\\] bad\\.csv: line ${at + 1} is malformed: unknown event_type "teleport"\\. .*--skip-invalid`));
    expect(leftovers(target)).toEqual([]);
    const skipped = await runCli(['train', 'recommend', '--events', bad, '--out', target, '--epochs', '1', '--skip-invalid', '--json']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(JSON.parse(skipped.stdout).input).toMatchObject({ rows: 102, events: 101, skipped: 1 });
    expect(skipped.stderr).toContain(`skipped 1 malformed row (first: line ${at + 1}: unknown event_type "teleport")`);
  });

  it('writes a folder with provenance, checksums and the held-out evaluation, and reports the backend', async () => {
    const target = out('tiny-model');
    const r = await runCli(['train', 'recommend', '--events', TINY, '--out', target, '--epochs', '2', '--dim', '8', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ok: true, command: 'train recommend', backend: 'wasm', runtime: { backend: 'wasm' } });
    expect(r.stderr).toMatch(/backend: wasm \(SIMD/);
    expect(readdirSync(target).sort()).toEqual(['metadata.json', 'weights.bin']);
    const metadata = JSON.parse(readFileSync(path.join(target, 'metadata.json'), 'utf8'));
    const weights = readFileSync(path.join(target, 'weights.bin'));
    checkRecommenderMetadata(metadata, 'metadata.json', weights.byteLength);
    expect(metadata.files['weights.bin']).toEqual({ bytes: weights.byteLength, sha256: sha256(weights) });
    expect(metadata.dim).toBe(8);
    const { provenance, evaluation } = metadata.info;
    expect(provenance.source).toMatchObject({ file: 'tiny-shop.csv', sha256: sha256(readFileSync(TINY)), format: 'ecommerce-csv', rows: 102 });
    expect(provenance.tool).toMatch(/^storefront-ml \d+\.\d+\.\d+ train recommend$/);
    expect(provenance.options).toMatchObject({ epochs: 2, dim: 8, seed: 1 });
    expect(provenance.training.seconds_per_epoch).toHaveLength(2);
    expect(Date.parse(provenance.createdAt)).toBeGreaterThan(0);
    expect(evaluation.test_cases).toBeGreaterThan(0);
    for (const m of ['model', 'popularity', 'item_knn']) {
      expect(evaluation[m].hr_10).toBeGreaterThanOrEqual(0);
      expect(evaluation[m].ndcg_10).toBeLessThanOrEqual(evaluation[m].hr_10);
    }
  });

  it('--patience rates each epoch on validation, keeps the best one and records the curve', async () => {
    const target = out('tiny-patience');
    const r = await runCli(['train', 'recommend', '--events', TINY, '--out', target, '--epochs', '3', '--dim', '8', '--patience', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const metadata = JSON.parse(readFileSync(path.join(target, 'metadata.json'), 'utf8'));
    const selection = metadata.info.evaluation.epoch_selection;
    expect(selection.patience).toBe(1);
    expect(selection.validation_curve.length).toBeGreaterThanOrEqual(1);
    expect(selection.validation_curve.length).toBeLessThanOrEqual(3);
    const best = Math.max(...selection.validation_curve.map((p: { ndcg_10: number }) => p.ndcg_10));
    expect(selection.validation_curve.find((p: { epoch: number }) => p.epoch === selection.chosen_epoch).ndcg_10).toBe(best);
    expect(r.stderr).toMatch(/epoch 1: validation HR@10 \d\.\d{4} {2}NDCG@10/);
  });

  it('--attributes learns the log\'s categories and brands, or a file\'s attributes, and records where they came from', async () => {
    const fromLog = out('tiny-attributes-log');
    const r = await runCli(['train', 'recommend', '--events', TINY, '--out', fromLog, '--epochs', '1', '--dim', '8', '--attributes', 'log', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const metadata = JSON.parse(readFileSync(path.join(fromLog, 'metadata.json'), 'utf8'));
    expect(metadata.info.provenance.attributes).toMatchObject({ source: 'log' });
    expect(metadata.info.learnedAttributes).toBeGreaterThan(1);
    // The folder has the same arrays as without attributes: they are folded into the products' vectors.
    expect(metadata.weightSpecs.map((w: { name: string }) => w.name)).not.toContain('attributes');
    const file = out('attrs.json');
    writeFileSync(file, JSON.stringify({ 1006: ['phone', 'acme'], 1007: [3] }));
    const fromFile = out('tiny-attributes-file');
    const f = await runCli(['train', 'recommend', '--events', TINY, '--out', fromFile, '--epochs', '1', '--dim', '8', '--attributes', file, '--json']);
    expect(f.code, f.stderr).toBe(0);
    const info = JSON.parse(readFileSync(path.join(fromFile, 'metadata.json'), 'utf8')).info;
    expect(info.provenance.attributes).toEqual({ source: 'attrs.json', sha256: sha256(readFileSync(file)), products: 2 });
    expect(info.learnedAttributes).toBe(3);
    writeFileSync(file, '{"1006": "acme"}');
    const bad = out('tiny-attributes-bad');
    const b = await runCli(['train', 'recommend', '--events', TINY, '--out', bad, '--epochs', '1', '--attributes', file, '--json']);
    expect(b.code).toBe(2);
    expect(JSON.parse(b.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.parse(b.stdout).error.message).toMatch(/attrs\.json: the entry of product "1006" must be an array/);
    expect(leftovers(bad)).toEqual([]);
  });

  it('rejects a bad --patience, and --patience without the evaluation, as INVALID_OPTION', async () => {
    for (const args of [['--patience', '-1'], ['--patience', '1.5'], ['--patience', '2', '--evaluate=false']]) {
      const target = out(`tiny-bad-patience-${args.join('')}`);
      const r = await runCli(['train', 'recommend', '--events', TINY, '--out', target, '--epochs', '1', ...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_OPTION' } });
      expect(leftovers(target)).toEqual([]);
    }
  });

  it('refuses to overwrite a non-empty --out unless --force', async () => {
    const target = out('tiny-model');
    const r = await runCli(['train', 'recommend', '--events', TINY, '--out', target, '--epochs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists and is not empty.*--force/);
    const forced = await runCli(['train', 'recommend', '--events', TINY, '--out', target, '--epochs', '1', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/held-out evaluation/);
  });

  it('stops on SIGTERM with exit 130 and nothing in --out', async () => {
    // Long enough to be interrupted: 3,000 shoppers of 12 products, 200 epochs.
    const log = Array.from({ length: 3000 }, (_, u) => `${u} ${Array.from({ length: 12 }, (_, i) => (u * 13 + i * 7) % 2000).join(' ')}`).join('\n');
    const file = out('long.txt');
    writeFileSync(file, log);
    const target = out('interrupted');
    let sent = false;
    const r = await runCli(['train', 'recommend', '--events', file, '--out', target, '--epochs', '200'], {
      onStderr: (text, child) => {
        if (!sent && text.includes('training (')) { sent = true; child.kill('SIGTERM'); }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted; nothing was written to --out/);
    expect(leftovers(target)).toEqual([]);
  });

  it('leaves nothing at --out when the writing process is killed (SIGKILL) mid-write, and the next run cleans up', async () => {
    const target = out('killed');
    const script = `import { openAtomicDir } from ${JSON.stringify(pathToFileURL(path.join(path.dirname(CLI_MAIN), 'atomic-dir.js')).href)};
      const dir = await openAtomicDir(${JSON.stringify(target)});
      await dir.write('metadata.json', '{}');
      await dir.write('weights.bin', new Uint8Array(1 << 20));
      process.kill(process.pid, 'SIGKILL');`;
    const killed = await new Promise<NodeJS.Signals | null>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
      child.on('close', (_code, signal) => resolve(signal));
    });
    expect(killed).toBe('SIGKILL');
    expect(existsSync(target)).toBe(false);
    expect(leftovers(target)).toHaveLength(1); // the hidden temp folder beside it, never --out
    const r = await runCli(['train', 'recommend', '--events', TINY, '--out', target, '--epochs', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(leftovers(target)).toEqual(['killed']);
  });
});

describe('train assistant', () => {
  it('retrains the shipped FAQ content on WASM in Node to the same weights the browser trained', async () => {
    const target = out('faq');
    const r = await runCli(['train', 'assistant', '--content', path.join(FAQ_MODEL, 'model.json'), '--out', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ok: true, backend: 'wasm', input: { kind: 'assistant model.json' } });
    expect(result.labels).toContain('track_order');
    const model = JSON.parse(readFileSync(path.join(target, 'model.json'), 'utf8'));
    const weights = readFileSync(path.join(target, 'weights.bin'));
    expect(model.format).toBe('storefront-ml/assistant');
    expect(model.files['weights.bin']).toEqual({ bytes: weights.byteLength, sha256: sha256(weights) });
    expect(model.provenance.source.sha256).toBe(sha256(readFileSync(path.join(FAQ_MODEL, 'model.json'))));
    // Same content, same seed, same code path: byte-identical to the committed, browser-trained weights.
    expect(sha256(weights)).toBe(sha256(readFileSync(path.join(FAQ_MODEL, 'weights.bin'))));
  });

  it('exits 2 on content JSON that does not parse (naming the line) or breaks the content rules', async () => {
    const broken = out('broken.json');
    writeFileSync(broken, '{\n  "faq": [\n    { "id": "x", }\n  ]\n}\n');
    const a = await runCli(['train', 'assistant', '--content', broken, '--out', out('broken-model')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/\[INVALID_INPUT\] broken\.json: line 3 is not valid JSON/);
    const invalid = out('invalid.json');
    writeFileSync(invalid, JSON.stringify({ faq: [{ id: 'only', questions: [], answer: 'a' }] }));
    const b = await runCli(['train', 'assistant', '--content', invalid, '--out', out('invalid-model')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/\[INVALID_INPUT\] Assistant content: /);
    expect(leftovers(out('broken-model'))).toEqual([]);
    expect(leftovers(out('invalid-model'))).toEqual([]);
  });
});

describe('models pull (a tiny fixture model over loopback)', () => {
  const fixture = path.join(ROOT, 'test/fixtures/models/tiny-cnn');
  const metadata = out('tiny-metadata.json');

  function writeMetadata(): void {
    const files = Object.fromEntries(['model.json', 'weights.bin'].map((f) => {
      const bytes = readFileSync(path.join(fixture, f));
      return [f, { bytes: bytes.length, sha256: sha256(bytes) }];
    }));
    writeFileSync(metadata, JSON.stringify({ format: 'test', files }));
  }

  it('downloads and verifies every file, writing them with the metadata', async () => {
    writeMetadata();
    const server = await serveFolder(fixture);
    try {
      const target = out('pulled');
      const r = await runCli(['models', 'pull', 'tiny-cnn', '--metadata', metadata, '--base-url', server.url, '--out', target, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, name: 'tiny-cnn', base_url: server.url });
      expect(readdirSync(target).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
      expect(readFileSync(path.join(target, 'weights.bin')).equals(readFileSync(path.join(fixture, 'weights.bin')))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('stops with INTEGRITY_MISMATCH (exit 1) on a tampered file and writes nothing', async () => {
    writeMetadata();
    const server = await serveFolder(fixture, (rel, bytes) => {
      if (rel !== 'weights.bin') return bytes;
      const copy = Buffer.from(bytes);
      copy[10] = copy[10]! ^ 0xff;
      return copy;
    });
    try {
      const target = out('tampered');
      const r = await runCli(['models', 'pull', 'tiny-cnn', '--metadata', metadata, '--base-url', server.url, '--out', target]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error: \[INTEGRITY_MISMATCH\] models pull tiny-cnn: http:\/\/127\.0\.0\.1:\d+\/weights\.bin has SHA-256 [0-9a-f]{64} but its metadata expects/);
      expect(leftovers(target)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('exits 2 on an unknown model name, suggesting the closest', async () => {
    const r = await runCli(['models', 'pull', 'mobilenet_v1_025_layer', '--out', out('nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown model "mobilenet_v1_025_layer"\. Did you mean mobilenet_v1_025_layers\?/);
    const missing = await runCli(['models', 'pull', '--out', out('nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing <name>/);
  });
});

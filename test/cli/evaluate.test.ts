/**
 * `storefront-ml evaluate` end to end through the built binary, without the data directory: model folders written
 * by the library in this test (tiny, trained in a second on the CPU backend), scored on the tiny shop log; bad input
 * exits non-zero with a message that says what to pass, and leaves nothing in --out.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRuntime } from '../../src/runtime/index.ts';
import { trainIntentModel } from '../../src/intent/train.ts';
import { trainRecommender } from '../../src/recommend/create.ts';
import { readEventLog, userSequences } from '../../src/pipeline/event-log.ts';
import { intentDataset } from '../../src/pipeline/intent-dataset.ts';
import type { EvaluationReport } from '../../src/pipeline/report/types.ts';
import { leftovers, runCli, tempDir } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TINY = path.join(ROOT, 'test/fixtures/events/tiny-shop.csv');
const tmp = tempDir('evaluate');
const at = (name: string) => path.join(tmp.dir, name);
const INTENT = at('intent-model');
const REC = at('rec-model');

function writeFolder(dir: string, files: Record<string, string | Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
}

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
  const log = readEventLog(readFileSync(TINY, 'utf8'));
  const data = intentDataset(log.events);
  const intent = await trainIntentModel(data.rows, data.labels, { hidden: [4], epochs: 3, validationSplit: 0.3, seed: 1 });
  writeFolder(INTENT, await intent.toFiles({ provenance: { data: 'tiny-shop.csv, in the test' } }));
  intent.dispose();
  const rec = await trainRecommender(userSequences(log.events).sequences, { epochs: 1, dim: 8, seed: 1 });
  writeFolder(REC, await rec.toFiles());
  rec.dispose();
});
afterAll(() => tmp.remove());

const readReport = (out: string): EvaluationReport => JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));

describe('evaluate', () => {
  it('a purchase-intent folder on an event log: report.json per prediction point, report.html beside it, the path printed', async () => {
    const out = at('intent-report');
    const r = await runCli(['evaluate', INTENT, '--events', TINY, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report: ${path.join(out, 'report.html')}`);
    expect(r.stdout).toMatch(/after 1 event\s+\d+\s+\d+/);
    const report = readReport(out);
    expect(report).toMatchObject({ format: 'storefront-ml/evaluation-report', version: 1, kind: 'purchase-intent', model: { format: 'storefront-ml/purchase-intent' } });
    if (report.kind !== 'purchase-intent') throw new Error('kind');
    expect(report.points.map((p) => p.name)[0]).toBe('after 1 event');
    expect(report.evaluatedOn).toMatch(/every session of tiny-shop\.csv/);
    expect(report.command).toBe(`storefront-ml evaluate ${INTENT} --events ${TINY} --out ${out}`);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg class="plot"');
    expect(html).not.toMatch(/<script|<link/);
  });

  it('a recommender folder: HR@K and NDCG@K for K = 1…50 against popularity and item-kNN; --json prints the report', async () => {
    const out = at('rec-report');
    const r = await runCli(['evaluate', REC, '--events', TINY, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ ok: true, command: 'evaluate', html: path.join(out, 'report.html') });
    expect(json.report).toEqual(readReport(out));
    expect(json.report.kind).toBe('recommender');
    expect(json.report.ks).toHaveLength(50);
    expect(json.report.series.map((s: { name: string }) => s.name)).toEqual(['model', 'popularity', 'item-kNN']);
    expect(json.report.series[0].hr[49]).toBeGreaterThanOrEqual(json.report.series[0].hr[0]);
  });

  it('not a model folder, metadata of an unknown format, a tampered weight file: clear error, non-zero exit, nothing in --out', async () => {
    const empty = at('empty-folder');
    mkdirSync(empty, { recursive: true });
    const unknown = at('unknown-format');
    writeFolder(unknown, { 'metadata.json': JSON.stringify({ format: 'someone-else/model', version: 3 }) });
    const notJson = at('not-json');
    writeFolder(notJson, { 'metadata.json': '{ nope' });
    const tampered = at('tampered');
    writeFolder(tampered, { 'metadata.json': readFileSync(path.join(REC, 'metadata.json'), 'utf8'), 'weights.bin': new Uint8Array(readFileSync(path.join(REC, 'weights.bin'))).map((b, i) => (i === 10 ? b ^ 1 : b)) });
    const cases: [string, number, RegExp][] = [
      [empty, 2, /\[INVALID_INPUT\] Model folder .* has no metadata\.json, so it is not a storefront-ml model folder\. Pass a folder written by/],
      [at('no-such-folder'), 2, /\[NOT_FOUND\] Model folder .*: no such folder\./],
      [TINY, 2, /\[INVALID_INPUT\] Model folder .* is a file, not a folder\./],
      [unknown, 2, /format "someone-else\/model", which evaluate cannot score\. Expected one of: storefront-ml\/recommender, storefront-ml\/purchase-intent\./],
      [notJson, 2, /metadata\.json is not JSON/],
      [tampered, 1, /\[INTEGRITY_MISMATCH\]/],
    ];
    for (const [model, code, message] of cases) {
      const out = at(`bad-${path.basename(model)}`);
      const r = await runCli(['evaluate', model, '--events', TINY, '--out', out]);
      expect(r.code, `${model}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(leftovers(out)).toEqual([]);
    }
  });

  it('events missing, malformed, or of the wrong kind: exit 2 naming the file (and the line), nothing in --out', async () => {
    const lines = readFileSync(TINY, 'utf8').split('\n');
    const bad = lines.findIndex((l, i) => i > 3 && l.includes(',view,'));
    lines[bad] = lines[bad]!.replace(',view,', ',teleport,');
    writeFileSync(at('bad.csv'), lines.join('\n'));
    writeFileSync(at('seq.txt'), 'u1 a b c\nu2 b c d\n');
    writeFileSync(at('garbage.bin'), '\u0000\u0001,,;;\n');
    const cases: [string, string, RegExp][] = [
      [INTENT, at('none.csv'), /\[NOT_FOUND\] --events .*none\.csv: no such file/],
      [INTENT, at('bad.csv'), new RegExp(`\\[INVALID_INPUT\\] bad\\.csv: line ${bad + 1} is malformed: unknown event_type "teleport"`)],
      [INTENT, at('seq.txt'), /S3-Rec sequences have no sessions, times or purchases/],
      [REC, at('garbage.bin'), /cannot tell the format from the first line/],
    ];
    for (const [model, events, message] of cases) {
      const out = at(`bad-events-${path.basename(events)}-${path.basename(model)}`);
      const r = await runCli(['evaluate', model, '--events', events, '--out', out, '--json']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: expect.any(String) } });
      expect(leftovers(out)).toEqual([]);
    }
    const usage = await runCli(['evaluate', '--events', TINY, '--out', at('x')]);
    expect(usage.code).toBe(2);
    const help = await runCli(['evaluate', '--help']);
    expect(help.stdout).toMatch(/^Usage: storefront-ml evaluate <model dir> --events <file> --out <dir>/);
  });
});

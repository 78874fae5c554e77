import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliModel } from '../../../tools/demo/demo-models.mjs';

// The demo's build step (demo/prepare.mjs) runs the real CLI; here on the cheapest command, train assistant (~1 s).
const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'demo-models-'));
const content = path.join(dir, 'content.json');
const out = path.join(dir, 'assistant');
const job = { name: 'node-test-assistant', args: ['train', 'assistant', '--content', content], inputs: [content], out, main: 'model.json' };

describe('the demo\'s CLI build step', () => {
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(ROOT, 'node_modules/.cache/storefront-ml-demo', `${job.name}.sha256`), { force: true });
  });

  it('runs the CLI once, skips it while the inputs are unchanged, and runs it again when they change', () => {
    writeFileSync(content, readFileSync(path.join(ROOT, 'models/assistant/faq/model.json')));
    rmSync(path.join(ROOT, 'node_modules/.cache/storefront-ml-demo', `${job.name}.sha256`), { force: true });
    expect(cliModel(job).skipped).toBe(false);
    const first = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    expect(first.provenance.tool).toMatch(/^storefront-ml [\d.]+ train assistant$/);
    expect(cliModel(job).skipped).toBe(true);
    const doc = JSON.parse(readFileSync(content, 'utf8'));
    doc.modelTopology.content.faq[0].answer = 'Changed.';
    writeFileSync(content, JSON.stringify(doc));
    expect(cliModel(job).skipped).toBe(false); // another input
    rmSync(out, { recursive: true });
    expect(cliModel(job).skipped).toBe(false); // the folder went missing
    expect(cliModel(job).skipped).toBe(true);
  }, 120_000);
});

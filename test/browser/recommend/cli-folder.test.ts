/**
 * What the CLI writes, the browser loads as it is: the built `storefront-ml` (run through the storefrontCli browser
 * command, tools/harness/cli.mjs) trains on the tiny shop log and the shipped FAQ content and writes under
 * results/served/, which this page fetches over HTTP like any hosted model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { loadAssistant, loadRecommender } from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    storefrontCli: (args: string[]) => Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  }
}

const folder = `results/served/cli-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

describe('a folder written by the CLI', () => {
  beforeAll(useWasm);

  it('train recommend → loadRecommender(folder) as it is, with the provenance and evaluation the CLI recorded', async () => {
    const run = await commands.storefrontCli(['train', 'recommend', '--events', 'test/fixtures/events/tiny-shop.csv', '--out', `${folder}/recommend`, '--epochs', '2', '--dim', '8', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const written = JSON.parse(run.stdout) as { files: Record<string, { sha256: string }>; input: { sha256: string } };
    const hosted = await (await fetch(`/${folder}/recommend/metadata.json`)).json() as { files: unknown };
    expect(hosted.files).toEqual(written.files);
    await expectNoLeak(async () => {
      const recommender = await loadRecommender(`/${folder}/recommend/`);
      try {
        const info = recommender.metadata.info as { provenance: { source: { sha256: string; file: string } }; evaluation: { test_cases: number } };
        expect(info.provenance.source).toMatchObject({ file: 'tiny-shop.csv', sha256: written.input.sha256 });
        expect(info.evaluation.test_cases).toBeGreaterThan(0);
        const known = recommender.productIds;
        const list = await recommender.recommend([
          { type: 'view', productId: known[0] as string, time: 1, sessionId: 's' },
          { type: 'cart_add', productId: known[1] as string, time: 2, sessionId: 's' },
        ], { topK: 3 });
        expect(list).toHaveLength(3);
        for (const r of list) expect(known).toContain(r.productId);
        expect((await recommender.popular({ topK: 2 })).length).toBe(2);
      } finally {
        recommender.dispose();
      }
    }, 'loading and using a CLI-written recommender');
  });

  it('train assistant → loadAssistant(folder/model.json) as it is', async () => {
    const run = await commands.storefrontCli(['train', 'assistant', '--content', 'models/assistant/faq/model.json', '--out', `${folder}/assistant`]);
    expect(run.code, run.stderr).toBe(0);
    await expectNoLeak(async () => {
      const assistant = await loadAssistant(`/${folder}/assistant/model.json`);
      try {
        expect(assistant.metadata.labels).toContain('track_order');
        const answer = await assistant.answer('where is my order');
        expect(answer.label).toBe('track_order');
      } finally {
        assistant.dispose();
      }
    }, 'loading and using a CLI-written assistant');
  });
});

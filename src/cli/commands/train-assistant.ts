/**
 * `storefront-ml train assistant`: the shop's FAQ and intents (AssistantContent JSON, or a saved assistant's
 * model.json, whose content is reused) → trainAssistant (the library's own) → the folder assistant.toFiles()
 * writes (model.json with its weights manifest, weights.bin), which loadAssistant('<dir>/model.json') loads as it is.
 * Provenance goes in model.json's top-level `provenance` (the loader ignores it).
 */
import { StorefrontError, describeError } from '../../core/errors.ts';
import { trainAssistant, type Assistant, type AssistantContent } from '../../assistant/index.ts';
import { getRuntimeInfo } from '../../runtime/index.ts';
import { withAtomicDir } from '../atomic-dir.ts';
import type { Command } from '../command.ts';
import { readInputFile } from '../input-file.ts';
import { BACKEND_OPTION, describeRuntime, startNodeRuntime, type CliBackend } from '../node-runtime.ts';

/** The content in `text`: AssistantContent JSON, or a saved assistant's model.json (its modelTopology.content). */
export function contentFromJson(text: string, name: string): { content: AssistantContent; source: 'content' | 'assistant model.json' } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec(describeError(error));
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 1;
    throw new StorefrontError('INVALID_INPUT', `${name}: line ${line} is not valid JSON (${describeError(error)}). Fix the file: it holds { "intents": [...], "faq": [...], "outOfScope": [...] }.`, { cause: error, details: { line } });
  }
  const doc = value as { format?: unknown; modelTopology?: { content?: unknown } } | null;
  if (doc && typeof doc === 'object' && doc.format === 'storefront-ml/assistant') {
    if (!doc.modelTopology || typeof doc.modelTopology.content !== 'object') {
      throw new StorefrontError('INVALID_INPUT', `${name}: an assistant model.json without modelTopology.content. Pass the content JSON instead.`);
    }
    return { content: doc.modelTopology.content as AssistantContent, source: 'assistant model.json' };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new StorefrontError('INVALID_INPUT', `${name}: expected a JSON object { "intents": [...], "faq": [...], "outOfScope": [...] }.`);
  }
  return { content: doc as AssistantContent, source: 'content' };
}

export const trainAssistantCommand: Command = {
  name: 'train assistant',
  summary: 'Train the customer-service assistant on the shop\'s FAQ and intents; write a folder loadAssistant() loads.',
  usage: 'train assistant --content <file> --out <dir> [options]',
  description: [
    '--content is JSON in the AssistantContent shape (src/assistant/content.ts):',
    '  { "intents": [{ "id", "examples": [...], "answer"? }], "faq": [{ "id", "questions": [...], "answer" }],',
    '    "outOfScope": [...], "handoffAnswer"? }    (answers: a string, or { "en": ..., "zh": ... })',
    'or a saved assistant\'s model.json (e.g. models/assistant/faq/model.json), whose content is retrained.',
    '',
    'Writes <dir>/model.json (format storefront-ml/assistant: content, calibration, files manifest with the weights\'',
    'bytes and SHA-256, provenance) and <dir>/weights.bin. In the page: await loadAssistant(\'/models/assistant/model.json\').',
  ].join('\n'),
  options: [
    { name: 'content', type: 'string', valueName: '<file>', required: true, description: 'The FAQ and intents (JSON).' },
    { name: 'out', type: 'string', valueName: '<dir>', required: true, description: 'Folder to write (created; atomic: nothing is left there on failure).' },
    { name: 'force', type: 'boolean', description: 'Replace --out if it exists and is not empty.' },
    { name: 'epochs', type: 'number', valueName: '<n>', integer: true, min: 1, max: 1000, description: 'Passes over the messages (default: enough for 300 steps, at most 100).' },
    { name: 'seed', type: 'number', valueName: '<n>', integer: true, min: 0, max: 2 ** 31 - 1, default: 42, description: 'Seed of the shuffling and the calibration split.' },
    { name: 'holdout', type: 'number', valueName: '<x>', min: 0, max: 0.9, default: 0.2, description: 'Share of each class\'s examples held out to calibrate the hand-off threshold.' },
    { name: 'threshold', type: 'number', valueName: '<x>', min: 0, max: 1, description: 'Fixed hand-off threshold instead of choosing one on the held-out messages.' },
    BACKEND_OPTION,
  ],
  examples: [
    'storefront-ml train assistant --content shop-faq.json --out public/models/assistant/',
    'storefront-ml train assistant --content models/assistant/faq/model.json --out /tmp/faq --json',
  ],
  async run(ctx) {
    const o = ctx.options;
    const file = await readInputFile(String(o.content), ctx.cwd, '--content');
    const { content, source } = contentFromJson(file.text(), file.name);
    const runtime = await startNodeRuntime(o.backend as CliBackend);
    ctx.log(`read ${source} from ${file.name}: ${content.intents?.length ?? 0} intents, ${content.faq?.length ?? 0} FAQ entries, ${content.outOfScope?.length ?? 0} out-of-scope messages`);
    ctx.log(`backend: ${describeRuntime(runtime)}`);
    const bars = new Map<string, ReturnType<typeof ctx.progress>>();
    let assistant: Assistant | undefined;
    try {
      assistant = await trainAssistant(content, {
        seed: o.seed as number,
        holdout: o.holdout as number,
        ...(typeof o.epochs === 'number' ? { epochs: o.epochs } : {}),
        ...(typeof o.threshold === 'number' ? { threshold: o.threshold } : {}),
        signal: ctx.signal,
        onProgress: (p) => {
          let bar = bars.get(p.phase);
          if (!bar) {
            for (const b of bars.values()) b.finish();
            bar = ctx.progress({ label: p.phase === 'calibrate' ? 'training (calibration split)' : 'training (all messages)', total: p.epochs, unit: 'epochs' });
            bars.set(p.phase, bar);
          }
          bar.update(p.epoch, `loss ${p.loss.toFixed(3)}`);
        },
      });
      for (const b of bars.values()) b.finish();
      const meta = assistant.metadata;
      const files = await assistant.toFiles();
      const info = getRuntimeInfo() ?? runtime;
      const modelJson = JSON.parse(files['model.json']) as Record<string, unknown>;
      modelJson.provenance = {
        tool: `storefront-ml ${ctx.version} train assistant`,
        createdAt: new Date().toISOString(),
        source: { file: file.name, sha256: file.sha256, bytes: file.bytes.byteLength, kind: source },
        options: { seed: o.seed, holdout: o.holdout, epochs: o.epochs ?? null, threshold: o.threshold ?? null },
        runtime: { backend: info.backend, wasm: info.wasm, tfjs: info.tfjsVersion, node: process.version },
      };
      await withAtomicDir(String(o.out), { force: o.force === true }, async (dir) => {
        await dir.write('model.json', JSON.stringify(modelJson));
        await dir.write('weights.bin', files['weights.bin']);
      });
      const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)} %`);
      return {
        summary: [
          `trained the assistant on ${meta.labels.length} classes in ${meta.trainSeconds.toFixed(1)} s on ${describeRuntime(info)}`,
          `held-out (${meta.validation.rows} messages): in-scope accuracy ${pct(meta.validation.inScopeAccuracy)}, out-of-scope recall ${pct(meta.validation.oosRecall)} at hand-off threshold ${meta.threshold.toFixed(3)}`,
          `wrote ${String(o.out)} (model.json, weights.bin ${(files['weights.bin'].byteLength / 1024).toFixed(0)} kB)`,
        ],
        data: {
          out: String(o.out), backend: info.backend, runtime: info, input: { file: file.name, sha256: file.sha256, kind: source },
          labels: meta.labels, threshold: meta.threshold, temperature: meta.temperature, validation: meta.validation,
          train_seconds: meta.trainSeconds, files: modelJson.files,
        },
      };
    } catch (error) {
      for (const b of bars.values()) b.finish('stopped');
      throw error;
    } finally {
      assistant?.dispose();
    }
  },
};

/**
 * `storefront-ml models pull <name> --out <dir>`: downloads a supported public model's files, verifies each against
 * the size and SHA-256 pinned in our metadata.json (the library's own file layer: fetchVerified), and writes them
 * with that metadata.json into an atomic folder that loadImageModel('<dir>/') loads as it is.
 */
import { StorefrontError } from '../../core/errors.ts';
import { fetchVerified } from '../../core/files/index.ts';
import { withAtomicDir } from '../atomic-dir.ts';
import type { Command } from '../command.ts';
import { CATALOG, packagePath, readPinnedMetadata } from '../models-catalog.ts';
import path from 'node:path';
import { suggest } from '../args.ts';

function folderUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new StorefrontError('INVALID_OPTION', `--base-url ${url} is not a URL. Pass e.g. http://mirror.example/models/mobilenet_v1_025/.`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StorefrontError('INVALID_OPTION', `--base-url ${url}: only http and https are supported.`);
  }
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}

export const modelsPullCommand: Command = {
  name: 'models pull',
  summary: 'Download a supported public model (the ImageNet MobileNets), verified against our pinned SHA-256s.',
  usage: 'models pull <name> --out <dir> [--base-url <url>]',
  description: [
    'Models:',
    ...CATALOG.map((m) => `  ${m.name.padEnd(26)} ${m.description}\n  ${''.padEnd(26)} from ${m.baseUrl}`),
    '',
    'Every file is checked against the bytes and SHA-256 in models/vision/<name>/metadata.json; a mismatch stops',
    'with INTEGRITY_MISMATCH (exit 1) and nothing is written. <dir> gets the model files plus that metadata.json:',
    'host it and call loadImageModel(\'/models/<name>/\').',
    '--base-url fetches from a mirror (a folder holding the same files); --metadata pulls any model described by a',
    'metadata.json with a "files" manifest (then <name> is only a label and --base-url is required).',
  ].join('\n'),
  positionals: [{ name: 'name', description: `One of: ${CATALOG.map((m) => m.name).join(', ')}.` }],
  options: [
    { name: 'out', type: 'string', valueName: '<dir>', required: true, description: 'Folder to write (created; atomic).' },
    { name: 'base-url', type: 'string', valueName: '<url>', description: 'Fetch the files from this folder URL instead (a mirror).' },
    { name: 'metadata', type: 'string', valueName: '<file>', description: 'A metadata.json pinning the files, instead of ours for <name>.' },
    { name: 'force', type: 'boolean', description: 'Replace --out if it exists and is not empty.' },
  ],
  examples: [
    'storefront-ml models pull mobilenet_v1_025_layers --out public/models/mobilenet_v1_025/',
    'storefront-ml models pull mobilenet_v1_075_layers --out m/ --base-url https://mirror.example/mobilenet_v1_0.75_224/',
  ],
  async run(ctx) {
    const name = ctx.positionals[0] as string;
    const given = ctx.options.metadata;
    const model = CATALOG.find((m) => m.name === name);
    if (!model && typeof given !== 'string') {
      const hint = suggest(name, CATALOG.map((m) => m.name));
      throw new StorefrontError('INVALID_OPTION', `Unknown model "${name}".${hint ? ` Did you mean ${hint}?` : ''} Supported: ${CATALOG.map((m) => m.name).join(', ')}.`, { details: { name } });
    }
    if (typeof given === 'string' && typeof ctx.options['base-url'] !== 'string') {
      throw new StorefrontError('INVALID_OPTION', '--metadata needs --base-url: the folder URL serving the files it lists.');
    }
    const metadataFile = typeof given === 'string' ? path.resolve(ctx.cwd, given) : packagePath((model as { metadata: string }).metadata);
    const pinned = readPinnedMetadata(metadataFile, `models pull ${name}`);
    const mirror = typeof ctx.options['base-url'] === 'string';
    const base = mirror ? folderUrl(String(ctx.options['base-url'])) : (model as { baseUrl: string }).baseUrl;
    const query = mirror ? '' : model?.query ?? '';
    const total = Object.values(pinned.files).reduce((s, f) => s + f.bytes, 0);
    const count = Object.keys(pinned.files).length;
    ctx.log(`pulling ${name}: ${count} files, ${(total / 1024 ** 2).toFixed(1)} MB from ${base}`);
    const bar = ctx.progress({ label: `downloading ${name}`, total, bytes: true });
    const started = performance.now();
    let files: Map<string, ArrayBuffer>;
    try {
      files = await fetchVerified(pinned.files, (p) => new URL(p, base).href + query, {
        subject: `models pull ${name}`, signal: ctx.signal, onProgress: (p) => bar.update(p.loaded),
      });
      bar.finish();
    } catch (error) {
      bar.finish('failed');
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    await withAtomicDir(String(ctx.options.out), { force: ctx.options.force === true }, async (dir) => {
      for (const [p, bytes] of files) await dir.write(p, bytes);
      if (!files.has('metadata.json')) await dir.write('metadata.json', pinned.text);
    });
    return {
      summary: [
        `pulled ${name}: ${count} files, ${(total / 1024 ** 2).toFixed(1)} MB in ${seconds.toFixed(1)} s, every SHA-256 as pinned`,
        `wrote ${String(ctx.options.out)} (metadata.json + the model files); load it with loadImageModel('<url of the folder>/')`,
      ],
      data: { name, out: String(ctx.options.out), base_url: base, files: pinned.files, bytes: total, seconds },
    };
  },
};

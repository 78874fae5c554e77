#!/usr/bin/env node
// @ts-check
/**
 * Writes the metadata.json that loadImageModel() needs for a MobileNet-family TF.js model directory: size and
 * SHA-256 of model.json and every weight shard, input size and range, labels, embedding and output nodes.
 *
 *   node models/vision/write-metadata.mjs <model dir> [--out <file>] [--name <name>] [--version <v>]
 *        [--input-range -1,1] [--labels <labels.json>] [--output <node>|none] [--output-activation softmax|none]
 *        [--label-offset 0] [--embedding <node>] [--input-node <node>] [--source <text>]
 *
 * Defaults: --out <model dir>/metadata.json; layers models: output = the model's output layer, embedding = the
 * layer feeding the first global/average pooling layer; graph models need --output and --embedding.
 * Sizes (input side, embedding length) are read by loading the model with TensorFlow.js's CPU backend.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const [dir, ...rest] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node models/vision/write-metadata.mjs <model dir> [--out file] [options]; see the header of this file');
  process.exit(1);
}
/** @type {Record<string, string>} */
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[String(rest[i]).replace(/^--/, '')] = String(rest[i + 1]);

const sha = (/** @type {Buffer} */ b) => createHash('sha256').update(b).digest('hex');
const modelFile = 'model.json';
const modelBytes = readFileSync(path.join(dir, modelFile));
const json = JSON.parse(modelBytes.toString('utf8'));
const isGraph = Array.isArray(json.modelTopology?.node);

/** @type {Record<string, { bytes: number, sha256: string }>} */
const files = { [modelFile]: { bytes: modelBytes.length, sha256: sha(modelBytes) } };
/** @type {Buffer[]} */
const shards = [];
/** @type {any[]} */
const weightSpecs = [];
for (const group of json.weightsManifest) {
  weightSpecs.push(...group.weights);
  for (const p of group.paths) {
    const bytes = readFileSync(path.join(dir, p));
    files[p] = { bytes: bytes.length, sha256: sha(bytes) };
    shards.push(bytes);
  }
}
const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
await tf.setBackend('cpu');
const handler = tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData });

let inputSize;
let embeddingNode = opt.embedding;
let outputNode = opt.output === 'none' ? null : opt.output;
let embeddingSize;
let inputNode = opt['input-node'];
if (isGraph) {
  if (!embeddingNode || opt.output === undefined) throw new Error('graph models need --embedding <node> and --output <node>|none');
  const model = await tf.loadGraphModel(handler);
  inputNode ??= model.inputs[0]?.name;
  inputSize = Number(opt['input-size'] ?? model.inputs[0]?.shape?.[1] ?? 224);
  const emb = /** @type {tf.Tensor} */ (model.execute({ [String(inputNode)]: tf.zeros([1, inputSize, inputSize, 3]) }, embeddingNode));
  embeddingSize = emb.shape[emb.shape.length - 1];
  model.dispose();
} else {
  const model = await tf.loadLayersModel(handler);
  inputSize = Number(model.inputs[0]?.shape[1]);
  if (!embeddingNode) {
    const pool = model.layers.find((l) => /^(Global)?AveragePooling2D$/.test(l.getClassName()));
    if (!pool) throw new Error('no pooling layer found: pass --embedding <layer>');
    embeddingNode = /** @type {any} */ (pool).inboundNodes[0].inboundLayers[0].name;
  }
  if (outputNode === undefined) outputNode = model.outputs[0]?.sourceLayer.name ?? null;
  const shape = /** @type {number[]} */ (model.getLayer(String(embeddingNode)).outputShape);
  embeddingSize = shape[shape.length - 1];
  model.dispose();
}

const labels = outputNode && opt.labels ? JSON.parse(readFileSync(opt.labels, 'utf8')) : null;
const labelList = labels === null ? null : Array.isArray(labels) ? labels : labels.labels;
if (outputNode && !labelList) throw new Error('a model with an output node needs --labels <labels.json> (or --output none)');
const [lo, hi] = (opt['input-range'] ?? '-1,1').split(',').map(Number);

const metadata = {
  format: 'storefront-ml/vision-model@1',
  name: opt.name ?? path.basename(path.resolve(dir)),
  version: opt.version ?? '1',
  modelFormat: isGraph ? 'graph' : 'layers',
  modelFile,
  inputSize,
  inputRange: [lo, hi],
  ...(inputNode ? { inputNode } : {}),
  outputNode: outputNode ?? null,
  outputActivation: opt['output-activation'] ?? (isGraph ? 'softmax' : 'none'),
  labelOffset: Number(opt['label-offset'] ?? 0),
  embeddingNode,
  embeddingSize,
  ...(opt.source ? { source: opt.source } : {}),
  files,
  labels: outputNode ? labelList : null,
};
const out = opt.out ?? path.join(dir, 'metadata.json');
writeFileSync(out, JSON.stringify(metadata, null, 1) + '\n');
console.log(`wrote ${out}: ${metadata.modelFormat}, ${Object.keys(files).length} files, embedding ${embeddingNode} (${embeddingSize}), output ${outputNode}`);

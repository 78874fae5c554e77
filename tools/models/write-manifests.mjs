#!/usr/bin/env node
// @ts-check
/**
 * Adds (or refreshes) the `files` manifest — `{ "<path>": { bytes, sha256 } }` — of the shipped non-vision models,
 * without retraining: the weights' bytes are read, never rewritten. Loaders check every file against it.
 *
 * - models/purchase-intent/metadata.json and models/purchase-intent-live/metadata.json list model.json and
 *   weights.bin (metadata.json is fetched first).
 * - models/assistant/faq/model.json lists weights.bin (model.json is the assistant's metadata; it cannot hash itself).
 *
 * Vision models have their own writer (models/vision/write-metadata.mjs), which already records the same shape.
 *
 * Usage: node tools/models/write-manifests.mjs [--check]   (--check: exit 1 when a manifest is missing or stale)
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const check = process.argv.includes('--check');

/** @param {string} file */
function entry(file) {
  const bytes = readFileSync(file);
  return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * @param {string} folder the model's folder under the repo root
 * @param {string} metadataName the JSON file that carries the manifest
 * @param {string[]} listed the files it lists, relative to the folder
 * @param {(json: object) => string} format how that JSON file is written back
 */
function writeManifest(folder, metadataName, listed, format) {
  const dir = path.join(root, folder);
  const metadataPath = path.join(dir, metadataName);
  const text = readFileSync(metadataPath, 'utf8');
  const json = JSON.parse(text);
  const files = Object.fromEntries(listed.map((p) => [p, entry(path.join(dir, p))]));
  const next = format({ ...json, files });
  if (next === text) {
    console.log(`${folder}/${metadataName}: manifest up to date`);
    return true;
  }
  if (check) {
    console.error(`${folder}/${metadataName}: manifest missing or stale; run node tools/models/write-manifests.mjs`);
    return false;
  }
  writeFileSync(metadataPath, next);
  console.log(`${folder}/${metadataName}: wrote files for ${listed.join(', ')}`);
  return true;
}

const pretty = (/** @type {object} */ json) => `${JSON.stringify(json, null, 2)}\n`;
const compact = (/** @type {object} */ json) => JSON.stringify(json);

const ok = [
  writeManifest('models/purchase-intent', 'metadata.json', ['model.json', 'weights.bin'], pretty),
  writeManifest('models/purchase-intent-live', 'metadata.json', ['model.json', 'weights.bin'], pretty),
  writeManifest('models/assistant/faq', 'model.json', ['weights.bin'], compact),
].every(Boolean);
process.exit(ok ? 0 : 1);

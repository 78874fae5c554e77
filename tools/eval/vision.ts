/**
 * `npm run eval -- vision [--images <dir>] [--train <dir> --test <dir>] [--model <dir> [--metadata <file>]] [--k 3] [--out v.json]`
 *   [--split product [--block 6]] [--seed 1] [--stage val] [--augment flip|crops] [--backbone mobilenet_v1_075] [--head softmax]
 * - `--augment crops`: few-shot queries embedded with `augment: 'crops'` (the image and its five crops at 87.5 %).
 * - `--head softmax`: the few-shot head's softmax rule (createFewShotClassifier({ head: 'softmax' })) instead of kNN.
 * - `--split product`: halves that keep products apart (vision-split.ts); P@5 then queries the test half against the
 *   teaching half. `--stage val` splits the teaching half again (validation, to choose on). `fine_five_shot_accuracy`:
 *   5-shot on look-alike categories from labels.csv (footwear/accessories × gender). `cl2n_*`: the same with
 *   centred, re-normalised embeddings (SimpleShot CL2N). `--augment flip`: embeddings averaged with the mirror image's.
 *
 * Product-photo recognition quality per backbone, on folders of class sub-folders (default: the data directory's
 * fashion_product_images_224, 8 classes × 60):
 * - `accuracy`: few-shot head (kNN, our createFewShotClassifier) taught on one half, tested on the other
 *   (stratified, seed 1; byte-identical photos kept in the same half), or taught on --train and tested on --test;
 * - `five_shot_accuracy`: the same head taught with 5 random photos per class from the teaching half, mean of 10 seeds;
 * - `precision_at_5`: visual search, each photo queries all others (or each test photo queries the training
 *   photos): share of the top 5 in the query's class;
 * - `precision_at_5_approx` / `_int8_only`: the same through the index's approximate search (int8 scan, default
 *   candidates re-ranked exactly / int8 ranking alone), with `recall_at_5_*` against the index's exact search;
 * - `knn5_accuracy`: plain 5-nearest-neighbour majority vote on the same split, the baseline the head must not lose to.
 * `metrics` repeats the default backbone's (MobileNet v1 α0.75). `--model <dir>` evaluates one model folder that
 * holds model.json + metadata.json instead of the shared MobileNets (`--metadata <file>` when metadata.json lives
 * elsewhere, e.g. `--model ../shared/data/mobilenet_v1_025_224_tfjs/layers --metadata models/vision/mobilenet_v1_025_layers/metadata.json`).
 */
import { seededRandom } from '../../src/core/random.ts';
import { createFewShotClassifier, type FewShotHead } from '../../src/vision/few-shot.ts';
import { loadImageModel } from '../../src/vision/load-image-model.ts';
import { sha256Hex } from '../../src/core/files/index.ts';
import { DEFAULT_CANDIDATES, VectorScorer } from '../../src/vision/vector-scorer.ts';
import { topKIndices } from '../../src/core/top-k.ts';
import { VectorStore, dot } from '../../src/vision/vectors.ts';
import type { Row, Suite } from '../harness/types.ts';
import { productSplit, shuffle, type Photo } from './vision-split.ts';


const BACKBONES: Record<string, { url: string; metadata?: string }> = {
  mobilenet_v1_075: { url: '/@data/mobilenet_v1_075_224_tfjs/layers/', metadata: '/models/vision/mobilenet_v1_075_layers/metadata.json' },
  mobilenet_v1_025: { url: '/@data/mobilenet_v1_025_224_tfjs/layers/', metadata: '/models/vision/mobilenet_v1_025_layers/metadata.json' },
  mobilenet_v2_nsfwjs: { url: '/@data/nsfwjs_mobilenet_v2_224_tfjs/', metadata: '/models/vision/mobilenet_v2_nsfwjs_backbone/metadata.json' },
};
const DEFAULT = 'mobilenet_v1_075';

export async function readFolder(base: string): Promise<Photo[]> {
  const files = (await (await fetch(`${base}?list`)).json()) as string[];
  const images = files.filter((f) => /^[^/]+\/[^/]+\.(jpe?g|png|webp)$/i.test(f));
  if (images.length === 0) throw new Error(`${base} has no <class>/<image> files`);
  return Promise.all(images.map(async (f) => {
    const blob = await (await fetch(base + f)).blob();
    return { label: f.split('/')[0] as string, group: await sha256Hex(await blob.arrayBuffer()), blob, file: f };
  }));
}

/** Stratified half/half split by class, identical photos (same bytes) on the same side. */
function split(photos: Photo[], seed: number): [number[], number[]] {
  const random = seededRandom(seed);
  const teach: number[] = [];
  const test: number[] = [];
  for (const label of [...new Set(photos.map((p) => p.label))].sort()) {
    const groups = new Map<string, number[]>();
    photos.forEach((p, i) => p.label === label && groups.set(p.group, [...(groups.get(p.group) ?? []), i]));
    const order = shuffle([...groups.values()], random);
    const total = order.reduce((s, g) => s + g.length, 0);
    let taken = 0;
    for (const g of order) (taken < total / 2 ? teach : test).push(...g), (taken += g.length);
  }
  return [teach, test];
}

/** Finer look-alike categories from labels.csv: footwear and accessories split by gender (class__Men, class__Women…). */
const FINE_CLASSES = new Set(['casual_shoes', 'watches', 'sunglasses', 'handbags', 'backpacks']);
export async function fineLabels(base: string, photos: Photo[]): Promise<(string | null)[]> {
  const response = await fetch(`${base}labels.csv`);
  if (!response.ok) return photos.map(() => null);
  const gender = new Map<string, string>();
  for (const line of (await response.text()).trim().split('\n').slice(1)) {
    const cells = line.split(',');
    gender.set(cells[0] as string, cells[2] as string);
  }
  return photos.map((p) => (FINE_CLASSES.has(p.label) && gender.has(p.file) ? `${p.label}__${gender.get(p.file)}` : null));
}

/** 5-shot accuracy on fine categories with ≥ 5 teaching and ≥ 3 test photos, mean of 10 seeds. */
async function fineFiveShot(emb: Float32Array[], fine: (string | null)[], teach: number[], test: number[], rule: HeadRule, query = emb): Promise<{ accuracy: number; categories: number }> {
  const count = (side: number[], label: string) => side.filter((i) => fine[i] === label).length;
  const kept = [...new Set(fine.filter((l): l is string => l !== null))].sort().filter((l) => count(teach, l) >= 5 && count(test, l) >= 3);
  if (kept.length < 2) return { accuracy: NaN, categories: kept.length };
  const labels = fine.map((l) => l ?? '');
  const testKept = test.filter((i) => kept.includes(labels[i] as string));
  let sum = 0;
  for (let s = 0; s < 10; s++) {
    const random = seededRandom(2000 + s);
    const five = kept.flatMap((label) => shuffle(teach.filter((i) => labels[i] === label), random).slice(0, 5));
    sum += await headAccuracy(emb, labels, five, testKept, rule, query);
  }
  return { accuracy: sum / 10, categories: kept.length };
}

/** SimpleShot's CL2N: subtract the teaching photos' mean embedding, L2-normalise again. */
function centred(emb: Float32Array[], teach: number[]): Float32Array[] {
  const size = (emb[0] as Float32Array).length;
  const mean = new Float32Array(size);
  for (const i of teach) for (let d = 0; d < size; d++) mean[d] = (mean[d] as number) + ((emb[i] as Float32Array)[d] as number) / teach.length;
  return emb.map((v) => {
    const out = v.map((x, d) => x - (mean[d] as number));
    const norm = Math.hypot(...out) || 1;
    return out.map((x) => x / norm);
  });
}

/** The photo mirrored left-right (test-time augmentation), as an OffscreenCanvas. */
export async function flipped(blob: Blob): Promise<OffscreenCanvas> {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.translate(bitmap.width, 0);
  context.scale(-1, 1);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas;
}

/** Mean of two unit vectors, normalised again. */
function meanOf(a: Float32Array, b: Float32Array): Float32Array {
  const out = a.map((x, d) => x + (b[d] as number));
  const norm = Math.hypot(...out) || 1;
  return out.map((x) => x / norm);
}

/** The few-shot head's settings of a run: `--k` and `--head knn|softmax`. */
interface HeadRule { k: number; head: FewShotHead }

/** Taught with `emb`, queried with `query` (the same, or each photo embedded with `augment: 'crops'`). */
async function headAccuracy(emb: Float32Array[], labels: string[], teach: number[], test: number[], rule: HeadRule, query = emb): Promise<number> {
  const head = await createFewShotClassifier({ embeddingSize: (emb[0] as Float32Array).length, k: rule.k, head: rule.head });
  const byLabel = new Map<string, Float32Array[]>();
  for (const i of teach) byLabel.set(labels[i] as string, [...(byLabel.get(labels[i] as string) ?? []), emb[i] as Float32Array]);
  for (const [label, vectors] of byLabel) await head.addExamples(label, vectors);
  let right = 0;
  for (const i of test) if ((await head.predict(query[i] as Float32Array)).label === labels[i]) right++;
  head.dispose();
  return right / test.length;
}

function knnAccuracy(emb: Float32Array[], labels: string[], teach: number[], test: number[], k: number): number {
  let right = 0;
  for (const i of test) {
    const scores = teach.map((j) => dot(emb[i] as Float32Array, emb[j] as Float32Array));
    const votes = new Map<string, number>();
    for (const r of topKIndices(scores, k)) votes.set(labels[teach[r] as number] as string, (votes.get(labels[teach[r] as number] as string) ?? 0) + 1);
    const best = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (best === labels[i]) right++;
  }
  return right / test.length;
}

function precisionAt5(emb: Float32Array[], labels: string[], queries: number[], gallery: number[]): number {
  let sum = 0;
  for (const q of queries) {
    const others = gallery.filter((g) => g !== q);
    const scores = others.map((g) => dot(emb[q] as Float32Array, emb[g] as Float32Array));
    const top = topKIndices(scores, 5);
    sum += top.filter((r) => labels[others[r] as number] === labels[q]).length / 5;
  }
  return sum / queries.length;
}

/**
 * Visual search as the index runs it (VectorScorer), forced onto the approximate path (int8 scan → `candidates` →
 * exact re-rank): P@5 and recall@5 against the index's exact search. `candidates: 5` ranks by the int8 scores alone.
 */
async function approximateSearch(emb: Float32Array[], labels: string[], queries: number[], gallery: number[], candidates: number): Promise<{ p5: number; recall5: number }> {
  const store = new VectorStore((emb[0] as Float32Array).length, gallery.length);
  gallery.forEach((g) => store.set(String(g), emb[g] as Float32Array));
  const scorer = new VectorScorer(store);
  let p5 = 0;
  let found = 0;
  for (const q of queries) {
    const accept = (row: number) => gallery[row] !== q;
    const exact = new Set((await scorer.topK(emb[q] as Float32Array, 5, { accept, exact: true })).map((h) => h.row));
    const hits = await scorer.topK(emb[q] as Float32Array, 5, { accept, exact: false, candidates });
    p5 += hits.filter((h) => labels[gallery[h.row] as number] === labels[q]).length / 5;
    found += hits.filter((h) => exact.has(h.row)).length;
  }
  scorer.dispose();
  return { p5: p5 / queries.length, recall5: found / (5 * queries.length) };
}

const suite: Suite = {
  description: 'Vision: few-shot head accuracy, 5-shot accuracy and visual-search P@5 per MobileNet backbone',
  async run({ options, data, log }) {
    const k = Number(options.k ?? 3);
    const rule: HeadRule = { k, head: options.head === 'softmax' ? 'softmax' : 'knn' };
    const seed = Number(options.seed ?? 1);
    const folder = (value: unknown, fallback: string) => (typeof value === 'string' ? value : data.url(fallback) + '/');
    let photos: Photo[];
    let teach: number[];
    let test: number[];
    if (typeof options.train === 'string' && typeof options.test === 'string') {
      const [a, b] = [await readFolder(options.train), await readFolder(options.test)];
      photos = [...a, ...b];
      teach = a.map((_, i) => i);
      test = b.map((_, i) => a.length + i);
    } else {
      photos = await readFolder(folder(options.images, 'fashion_product_images_224'));
      [teach, test] = options.split === 'product' ? productSplit(photos, seed, Number(options.block ?? 6)) : split(photos, seed);
      // --stage val: the teaching half split again the same way (validation, to choose on); test stays untouched.
      if (options.stage === 'val') [teach, test] = options.split === 'product' ? productSplit(photos, seed + 100, Number(options.block ?? 6), teach) : [teach.filter((_, n) => n % 2 === 0), teach.filter((_, n) => n % 2 === 1)];
    }
    const fine = options.train ? photos.map(() => null) : await fineLabels(folder(options.images, 'fashion_product_images_224'), photos);
    const labels = photos.map((p) => p.label);
    log(`${photos.length} photos, ${new Set(labels).size} classes; teach ${teach.length}, test ${test.length}`);
    const backbones: Record<string, { url: string; metadata?: string }> = typeof options.model === 'string'
      ? { model: { url: options.model, ...(typeof options.metadata === 'string' ? { metadata: options.metadata } : {}) } }
      : typeof options.backbone === 'string' ? { [options.backbone]: BACKBONES[options.backbone] as { url: string; metadata?: string } } : BACKBONES;

    const results: Record<string, Record<string, number>> = {};
    const table: Row[] = [];
    for (const [name, where] of Object.entries(backbones)) {
      const model = await loadImageModel(where.url, where.metadata ? { metadata: where.metadata } : {});
      const t0 = performance.now();
      let emb = await model.embedBatch(photos.map((p) => p.blob), { batchSize: 16 });
      // --augment flip: each photo's embedding averaged with its mirror image's (one more forward pass).
      if (options.augment === 'flip') {
        const mirrored = await model.embedBatch(await Promise.all(photos.map((p) => flipped(p.blob))), { batchSize: 16 });
        emb = emb.map((v, i) => meanOf(v, mirrored[i] as Float32Array));
      }
      const msPerImage = (performance.now() - t0) / photos.length;
      // --augment crops: the few-shot queries embedded as the classifier's augment: 'crops' embeds image queries
      // (model.embed with { augment: 'crops' }); teaching photos and visual search stay one view.
      let query = emb;
      let cropsMs = NaN;
      if (options.augment === 'crops') {
        const t1 = performance.now();
        query = [];
        for (const p of photos) query.push(await model.embed(p.blob, { augment: 'crops' }));
        cropsMs = (performance.now() - t1) / photos.length;
      }
      model.dispose();
      const accuracy = await headAccuracy(emb, labels, teach, test, rule, query);
      const knn5 = knnAccuracy(emb, labels, teach, test, 5);
      const shots: number[] = [];
      for (let s = 0; s < 10; s++) {
        const random = seededRandom(1000 + s);
        const five = [...new Set(labels)].flatMap((label) => shuffle(teach.filter((i) => labels[i] === label), random).slice(0, 5));
        shots.push(await headAccuracy(emb, labels, five, test, rule, query));
      }
      const fiveShot = shots.reduce((s, v) => s + v, 0) / shots.length;
      const disjoint = Boolean(options.train) || options.split === 'product';
      const queries = disjoint ? test : photos.map((_, i) => i);
      const gallery = disjoint ? teach : photos.map((_, i) => i);
      const p5 = precisionAt5(emb, labels, queries, gallery);
      const approx = await approximateSearch(emb, labels, queries, gallery, DEFAULT_CANDIDATES);
      const int8Only = await approximateSearch(emb, labels, queries, gallery, 5);
      const fineShot = await fineFiveShot(emb, fine, teach, test, rule, query);
      const cl2n = centred(emb, teach);
      const cl2nAccuracy = await headAccuracy(cl2n, labels, teach, test, rule);
      const cl2nFine = await fineFiveShot(cl2n, fine, teach, test, rule);
      const cl2nP5 = precisionAt5(cl2n, labels, disjoint ? test : photos.map((_, i) => i), disjoint ? teach : photos.map((_, i) => i));
      results[name] = {
        fine_five_shot_accuracy: fineShot.accuracy, fine_categories: fineShot.categories,
        cl2n_accuracy: cl2nAccuracy, cl2n_fine_five_shot_accuracy: cl2nFine.accuracy, cl2n_precision_at_5: cl2nP5,
        accuracy, five_shot_accuracy: fiveShot, precision_at_5: p5, knn5_accuracy: knn5, embed_ms_per_image: msPerImage, crops_ms_per_query: cropsMs, embedding_size: emb[0]?.length ?? 0,
        precision_at_5_approx: approx.p5, recall_at_5_approx: approx.recall5, precision_at_5_int8_only: int8Only.p5, recall_at_5_int8_only: int8Only.recall5,
      };
      table.push({ backbone: name, dim: emb[0]?.length ?? 0, accuracy, five_shot_accuracy: fiveShot, five_shot_min: Math.min(...shots), precision_at_5: p5,
        p5_approx: approx.p5, p5_int8_only: int8Only.p5, recall5_int8_only: int8Only.recall5, knn5_accuracy: knn5, fine_five_shot: fineShot.accuracy, embed_ms_per_image: msPerImage, crops_ms_per_query: cropsMs });
      log(`${name}: accuracy ${accuracy.toFixed(4)}, 5-shot ${fiveShot.toFixed(4)}, fine 5-shot ${fineShot.accuracy.toFixed(4)} (${fineShot.categories} categories), P@5 ${p5.toFixed(4)} (approximate search ${approx.p5.toFixed(4)}, ` +
        `int8 ranking alone ${int8Only.p5.toFixed(4)}, recall@5 ${int8Only.recall5.toFixed(4)}), 5-NN ${knn5.toFixed(4)}`);
    }
    const main = results[DEFAULT] ?? Object.values(results)[0] ?? {};
    return {
      metrics: {
        accuracy: main.accuracy ?? NaN, five_shot_accuracy: main.five_shot_accuracy ?? NaN, precision_at_5: main.precision_at_5 ?? NaN,
        precision_at_5_approx: main.precision_at_5_approx ?? NaN, precision_at_5_int8_only: main.precision_at_5_int8_only ?? NaN,
        recall_at_5_int8_only: main.recall_at_5_int8_only ?? NaN, fine_five_shot_accuracy: main.fine_five_shot_accuracy ?? NaN,
      },
      table,
      backbones: results,
      default_backbone: results[DEFAULT] ? DEFAULT : Object.keys(results)[0],
      protocol: { k, head: rule.head, augment: options.augment ?? 'none', seed, stage: options.stage === 'val' ? 'validation (teaching half split again)' : 'test', split: options.split === 'product' ? `product id blocks of ${Number(options.block ?? 6)}` : 'stratified by photo', teach: teach.length, test: test.length, five_shot_seeds: 10 },
    };
  },
};

export default suite;

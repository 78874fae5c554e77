/**
 * `npm run eval -- vision-levers --backend wasm --views [--save <dir> | --cache <dir>]`: the second round of issue 17's
 * few-shot levers, on the same three VALIDATION splits as vision-levers.ts (never a test half), conv_pw_13 only:
 * - query-time augmentation: a query's embedding is the normalised mean of the unit embeddings of several views
 *   (mirror, centre crops, the 5 crops at 87.5 %), the teaching examples plain, averaged the same way, or each view
 *   taught as its own example;
 * - rules beyond the library's two: kNN with other k and similarity-weighted votes, the softmax head with label
 *   smoothing, and the fusion of the softmax head's probabilities with the kNN scores;
 * - `--grid`: the softmax head's temperature × weight decay × steps × label smoothing (full-teaching errors only;
 *   5-shot and fine 5-shot for the best rows).
 * - `--scales 256,288,320`: the third round. Each photo also embedded with the input upscaled to those sizes (MobileNet
 *   is convolutional up to its global average pool, so only metadata.inputSize changes), and by MobileNet v1 α0.25,
 *   whose unit embedding is concatenated to α0.75's (`cat<w>`: α0.25's part weighted w). No cache in this mode.
 * `--power <β>`: every embedding power-transformed (x^β, renormalised) first.
 * Embedding every photo in 9 views takes a few minutes: `--save <dir>` writes them (views.bin, views.json) and
 * `--cache <dir>` reads them back instead of running the model.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../src/core/random.ts';
import { loadImageModel } from '../../src/vision/load-image-model.ts';
import { scoreCategories } from '../../src/vision/few-shot-knn.ts';
import { topKIndices } from '../../src/core/top-k.ts';
import { dot, l2Normalize } from '../../src/vision/vectors.ts';
import type { Row, SuiteContext, SuiteResult } from '../harness/types.ts';
import { shuffle, type Photo } from './vision-split.ts';

const MODEL = '/@data/mobilenet_v1_075_224_tfjs/layers/';
const METADATA = '/models/vision/mobilenet_v1_075_layers/metadata.json';

/** A view of a photo: the part `share` of each side, placed at (ax, ay) ∈ [0, 1]² (0.5 = centred), maybe mirrored. */
interface View { share: number; ax: number; ay: number; mirror: boolean }
export const VIEWS: Record<string, View> = {
  plain: { share: 1, ax: 0.5, ay: 0.5, mirror: false },
  flip: { share: 1, ax: 0.5, ay: 0.5, mirror: true },
  c95: { share: 0.95, ax: 0.5, ay: 0.5, mirror: false },
  c875: { share: 0.875, ax: 0.5, ay: 0.5, mirror: false },
  c875f: { share: 0.875, ax: 0.5, ay: 0.5, mirror: true },
  tl: { share: 0.875, ax: 0, ay: 0, mirror: false },
  tr: { share: 0.875, ax: 1, ay: 0, mirror: false },
  bl: { share: 0.875, ax: 0, ay: 1, mirror: false },
  br: { share: 0.875, ax: 1, ay: 1, mirror: false },
};

export async function viewOf(blob: Blob, v: View): Promise<Blob | OffscreenCanvas> {
  if (v.share === 1 && !v.mirror) return blob;
  const bitmap = await createImageBitmap(blob);
  const [w, h] = [Math.round(bitmap.width * v.share), Math.round(bitmap.height * v.share)];
  const canvas = new OffscreenCanvas(w, h);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  if (v.mirror) {
    context.translate(w, 0);
    context.scale(-1, 1);
  }
  context.drawImage(bitmap, Math.round((bitmap.width - w) * v.ax), Math.round((bitmap.height - h) * v.ay), w, h, 0, 0, w, h);
  bitmap.close();
  return canvas;
}

function meanOf(vs: Float32Array[]): Float32Array {
  const out = new Float32Array((vs[0] as Float32Array).length);
  for (const v of vs) for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) + (v[j] as number);
  return l2Normalize(out);
}

/** A trained rule: every class's score for a query (classes sorted), argmax = the prediction. */
type Scorer = (q: Float32Array) => Float64Array;
type Rule = (teach: { x: Float32Array; label: string }[], classes: string[]) => Promise<Scorer>;

const knn = (k: number): Rule => async (teach, classes) => {
  const examples = teach.map((t) => ({ label: t.label, embedding: t.x }));
  return (q) => {
    const out = new Float64Array(classes.length).fill(-Infinity);
    for (const s of scoreCategories(examples, q, k)) out[classes.indexOf(s.label)] = s.score;
    return out;
  };
};

/** Votes of the `k` nearest examples, each weighted exp(β · cosine) (β 0 = plain majority, ties by the summed weight). */
const weightedKnn = (k: number, beta: number): Rule => async (teach, classes) => (q) => {
  const sims = teach.map((t) => dot(t.x, q));
  const out = new Float64Array(classes.length);
  for (const r of topKIndices(sims, k)) {
    const c = classes.indexOf((teach[r] as { label: string }).label);
    out[c] = (out[c] as number) + Math.exp(beta * ((sims[r] as number) - 1)) + 1e-9 * (sims[r] as number);
  }
  return out;
};

/** The library's softmax head (few-shot-softmax.ts), with label smoothing `smoothing` added. */
export async function trainHead(teach: { x: Float32Array; label: string }[], classes: string[], tau: number, decay: number, steps: number, smoothing = 0, lr = 0.5): Promise<Float32Array[]> {
  const d = (teach[0] as { x: Float32Array }).x.length;
  const n = teach.length;
  const x = new Float32Array(n * d);
  teach.forEach((t, i) => x.set(t.x, i * d));
  const X = tf.tensor2d(x, [n, d]);
  const Y = tf.tidy(() => {
    const hot = tf.oneHot(tf.tensor1d(teach.map((t) => classes.indexOf(t.label)), 'int32'), classes.length).toFloat();
    return smoothing > 0 ? tf.add(tf.mul(hot, 1 - smoothing), smoothing / classes.length) : hot;
  });
  const seen = tf.tidy(() => tf.greater(tf.sum(tf.oneHot(tf.tensor1d(teach.map((t) => classes.indexOf(t.label)), 'int32'), classes.length), 0), 0));
  let w = tf.tidy(() => {
    const sums = tf.matMul(tf.oneHot(tf.tensor1d(teach.map((t) => classes.indexOf(t.label)), 'int32'), classes.length).toFloat(), X, true, false);
    return tf.div(sums, tf.maximum(tf.norm(sums, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
  });
  try {
    for (let s = 0; s < steps; s++) {
      const next = tf.tidy(() => {
        const p = tf.softmax(tf.mul(tf.matMul(X, w, false, true), tau));
        const grad = tf.add(tf.mul(tf.matMul(tf.sub(p, Y), X, true, false), tau / n), tf.mul(w, decay));
        return tf.sub(w, tf.mul(grad, lr)) as tf.Tensor2D;
      });
      w.dispose();
      w = next;
    }
    const flat = (await w.data()) as Float32Array;
    const present = (await seen.data()) as Uint8Array;
    return classes.map((_, c) => (present[c] ? flat.slice(c * d, (c + 1) * d) : new Float32Array(d).fill(NaN)));
  } finally {
    tf.dispose([w, X, Y, seen]);
  }
}

function softmaxOf(z: Float64Array, tau: number): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  const e = z.map((v) => (Number.isFinite(v) ? Math.exp(tau * (v - max)) : 0));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

const softmax = (tau: number, decay: number, steps = 100, smoothing = 0): Rule => async (teach, classes) => {
  const W = await trainHead(teach, classes, tau, decay, steps, smoothing);
  return (q) => softmaxOf(Float64Array.from(W, (w) => (Number.isNaN(w[0]) ? -Infinity : dot(w, q))), tau);
};

/** `alpha` × the softmax head's probabilities + (1 − alpha) × softmax(β × the kNN-k scores). */
const fusion = (alpha: number, beta: number, k = 3): Rule => async (teach, classes) => {
  const [head, near] = [await softmax(10, 1e-3)(teach, classes), await knn(k)(teach, classes)];
  return (q) => {
    const [a, b] = [head(q), softmaxOf(near(q), beta)];
    return a.map((v, c) => alpha * v + (1 - alpha) * (b[c] as number));
  };
};

const argmax = (s: Float64Array): number => topKIndices(s, 1)[0] as number;

interface Setup { teach: string[]; mode: 'plain' | 'mean' | 'each'; query: string[] }

/**
 * `--scales`: the plain photo embedded at each input size (`s<size>`), and α0.75's unit embedding concatenated with
 * α0.25's weighted w (`cat0.5`, `cat1`), each renormalised.
 */
async function scaledViews(photos: Photo[], sizes: number[], msPerPhoto: Record<string, number>, log: (line: string) => void): Promise<Record<string, Float32Array[]>> {
  const out: Record<string, Float32Array[]> = {};
  const embed = async (name: string, url: string, metadataUrl: string, inputSize?: number) => {
    const metadata = await (await fetch(metadataUrl)).json();
    const model = await loadImageModel(url, { metadata: { ...metadata, ...(inputSize ? { inputSize } : {}) } });
    const t0 = performance.now();
    out[name] = await model.embedBatch(photos.map((p) => p.blob), { batchSize: 16 });
    msPerPhoto[name] = (performance.now() - t0) / photos.length;
    log(`${name}: ${(msPerPhoto[name] as number).toFixed(1)} ms/photo`);
    model.dispose();
  };
  for (const size of sizes) await embed(`s${size}`, MODEL, METADATA, size);
  await embed('a025', '/@data/mobilenet_v1_025_224_tfjs/layers/', '/models/vision/mobilenet_v1_025_layers/metadata.json');
  return out;
}


export async function runViews({ data, log, options }: SuiteContext, photos: Photo[], fine: (string | null)[], splits: Record<string, [number[], number[]]>): Promise<SuiteResult> {
  const labels = photos.map((p) => p.label);
  const classes = [...new Set(labels)].sort();
  // Embeddings per view: from the cache, or the model (and saved with --save).
  const emb: Record<string, Float32Array[]> = {};
  const names = Object.keys(VIEWS);
  const msPerPhoto: Record<string, number> = {};
  let artifacts: SuiteResult['artifacts'];
  if (typeof options.cache === 'string') {
    const meta = (await (await fetch(`${options.cache}views.json`)).json()) as { files: string[]; views: string[]; size: number; ms_per_photo: Record<string, number> };
    if (meta.files.join('\n') !== photos.map((p) => p.file).join('\n')) throw new Error('the cache holds other photos');
    const flat = new Float32Array(await (await fetch(`${options.cache}views.bin`)).arrayBuffer());
    meta.views.forEach((v, vi) => { emb[v] = photos.map((_, i) => flat.slice((vi * photos.length + i) * meta.size, (vi * photos.length + i + 1) * meta.size)); });
    Object.assign(msPerPhoto, meta.ms_per_photo);
  } else {
    const model = await loadImageModel(MODEL, { metadata: METADATA });
    for (const v of names) {
      const t0 = performance.now();
      emb[v] = await model.embedBatch(await Promise.all(photos.map((p) => viewOf(p.blob, VIEWS[v] as View))), { batchSize: 16 });
      msPerPhoto[v] = (performance.now() - t0) / photos.length;
      log(`${v}: ${(msPerPhoto[v] as number).toFixed(1)} ms/photo`);
    }
    model.dispose();
    if (typeof options.scales === 'string') Object.assign(emb, await scaledViews(photos, String(options.scales).split(',').map(Number), msPerPhoto, log));
    if (options.save) {
      const size = (emb.plain?.[0] as Float32Array).length;
      const flat = new Float32Array(names.length * photos.length * size);
      names.forEach((v, vi) => (emb[v] as Float32Array[]).forEach((e, i) => flat.set(e, (vi * photos.length + i) * size)));
      let binary = '';
      const bytes = new Uint8Array(flat.buffer);
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      artifacts = {
        'views.bin': { base64: btoa(binary) },
        'views.json': { text: JSON.stringify({ files: photos.map((p) => p.file), views: names, size, ms_per_photo: msPerPhoto }) },
      };
    }
  }
  // --power β: the power transform of few-shot work on ReLU features (Hu et al. 2021, "PT-MAP"): each coordinate
  // x → sign(x)·|x|^β, then unit length again, before any rule sees it (β 1: unchanged).
  const power = typeof options.power === 'string' ? Number(options.power) : 1;
  if (!(power > 0 && power <= 1)) throw new Error(`--power takes a number in (0, 1], got ${JSON.stringify(options.power)}`);
  if (power !== 1) {
    for (const v of Object.keys(emb)) {
      emb[v] = (emb[v] as Float32Array[]).map((e) => l2Normalize(Float32Array.from(e, (x) => Math.sign(x) * Math.abs(x) ** power)));
    }
    log(`power transform β ${power} on every view`);
  }
  const averaged = new Map<string, Float32Array[]>();
  const avg = (views: string[]): Float32Array[] => {
    const key = views.join('+');
    if (!averaged.has(key)) averaged.set(key, views.length === 1 ? emb[views[0] as string] as Float32Array[] : photos.map((_, i) => meanOf(views.map((v) => (emb[v] as Float32Array[])[i] as Float32Array))));
    return averaged.get(key) as Float32Array[];
  };
  const taught = (s: Setup, ids: number[], lab: (i: number) => string) => (s.mode === 'each'
    ? ids.flatMap((i) => s.teach.map((v) => ({ x: (emb[v] as Float32Array[])[i] as Float32Array, label: lab(i) })))
    : ids.map((i) => ({ x: avg(s.mode === 'mean' ? s.query : ['plain'])[i] as Float32Array, label: lab(i) })));

  /** Full-teaching errors per split (and, unless `quick`, 5-shot, fine 5-shot and P@5) of one setup × rule. */
  async function measure(s: Setup, rule: Rule, quick: boolean): Promise<Row> {
    const row: Row = {};
    const query = avg(s.query);
    const gallery = avg(s.mode === 'mean' ? s.query : ['plain']);
    let wrong = 0;
    for (const [sname, [teach, test]] of Object.entries(splits)) {
      const score = await rule(taught(s, teach, (i) => labels[i] as string), classes);
      const right = test.filter((i) => classes[argmax(score(query[i] as Float32Array))] === labels[i]).length;
      wrong += test.length - right;
      row[`${sname}_wrong`] = test.length - right;
      if (quick) continue;
      // 5 examples per category from the teaching half, mean accuracy over 10 seeded draws.
      const fiveShot = async (lab: (i: number) => string | null, kept: string[], queries: number[], seed: number) => {
        let sum = 0;
        for (let r = 0; r < 10; r++) {
          const random = seededRandom(seed + r);
          const five = kept.flatMap((l) => shuffle(teach.filter((i) => lab(i) === l), random).slice(0, 5));
          const p = await rule(taught(s, five, (i) => lab(i) as string), kept);
          sum += queries.filter((i) => kept[argmax(p(query[i] as Float32Array))] === lab(i)).length / queries.length / 10;
        }
        return sum;
      };
      const shot = await fiveShot((i) => labels[i] as string, classes, test, 1000);
      const count = (side: number[], l: string) => side.filter((i) => fine[i] === l).length;
      const kept = [...new Set(fine.filter((l): l is string => l !== null))].sort().filter((l) => count(teach, l) >= 5 && count(test, l) >= 3);
      const fineShot = await fiveShot((i) => fine[i] ?? null, kept, test.filter((i) => kept.includes(fine[i] as string)), 2000);
      let p5 = 0;
      for (const q of test) p5 += topKIndices(teach.map((g) => dot(query[q] as Float32Array, gallery[g] as Float32Array)), 5).filter((r) => labels[teach[r] as number] === labels[q]).length / 5 / test.length;
      row[`${sname}_5shot`] = shot;
      row[`${sname}_fine`] = fineShot;
      row[`${sname}_p5`] = p5;
    }
    row.wrong_total = wrong;
    return row;
  }

  const table: Row[] = [];
  const describe = (s: Setup) => ({ teach: s.mode === 'plain' ? 'plain' : s.mode === 'mean' ? 'mean of the query views' : s.teach.join('+'), query: s.query.join('+') });
  const five = ['c875', 'tl', 'tr', 'bl', 'br'];
  if (typeof options.scales === 'string') {
    const sizes = String(options.scales).split(',').map((x) => `s${x}`);
    for (const w of [0.5, 1]) emb[`cat${w}`] = photos.map((_, i) => {
      const [big, small] = [(emb.plain as Float32Array[])[i] as Float32Array, (emb.a025 as Float32Array[])[i] as Float32Array];
      const joined = new Float32Array(big.length + small.length);
      joined.set(big);
      joined.set(small.map((x) => x * w), big.length);
      return l2Normalize(joined);
    });
    const setups: Setup[] = [
      { teach: ['plain'], mode: 'plain', query: ['plain'] }, { teach: ['plain'], mode: 'plain', query: ['plain', ...five] },
      ...sizes.flatMap((v): Setup[] => [
        { teach: ['plain'], mode: 'plain', query: [v] }, { teach: [v], mode: 'mean', query: [v] },
        { teach: ['plain'], mode: 'plain', query: ['plain', v] }, { teach: ['plain', v], mode: 'mean', query: ['plain', v] },
        { teach: ['plain'], mode: 'plain', query: ['plain', v, ...five] },
      ]),
      { teach: ['a025'], mode: 'mean', query: ['a025'] }, { teach: ['cat0.5'], mode: 'mean', query: ['cat0.5'] }, { teach: ['cat1'], mode: 'mean', query: ['cat1'] },
    ];
    const rules: Record<string, Rule> = { knn3: knn(3), knn1: knn(1), 'softmax τ10 λ1e-3': softmax(10, 1e-3) };
    for (const s of setups) {
      for (const [rname, rule] of Object.entries(rules)) {
        const t0 = performance.now();
        const row: Row = { ...describe(s), rule: rname, ...(await measure(s, rule, options.quick === true)), seconds: (performance.now() - t0) / 1000 };
        table.push(row);
        log(JSON.stringify(row));
      }
    }
    return { metrics: { configurations: table.length }, table, results: table, protocol: { splits: Object.keys(splits), ms_per_photo: msPerPhoto }, ...(artifacts ? { artifacts } : {}) };
  }
  if (options.grid) {
    const setups: Setup[] = [
      { teach: ['plain'], mode: 'plain', query: ['plain'] }, { teach: ['plain', 'flip'], mode: 'each', query: ['plain'] },
      { teach: ['plain'], mode: 'plain', query: ['plain', ...five] }, { teach: ['plain', 'flip'], mode: 'each', query: ['plain', 'flip', ...five] },
    ];
    const points: [number, number, number, number][] = [];
    for (const tau of [5, 10, 15, 20, 30]) for (const decay of [0, 3e-4, 1e-3, 3e-3, 1e-2]) points.push([tau, decay, 100, 0]);
    for (const steps of [50, 200]) points.push([10, 1e-3, steps, 0]);
    for (const smoothing of [0.05, 0.1, 0.2]) for (const tau of [10, 20]) points.push([tau, 1e-3, 100, smoothing]);
    for (const s of setups) {
      for (const [tau, decay, steps, smoothing] of points) {
        const t0 = performance.now();
        const row: Row = { ...describe(s), rule: `softmax τ${tau} λ${decay} ${steps} steps ls${smoothing}`, ...(await measure(s, softmax(tau, decay, steps, smoothing), true)), seconds: (performance.now() - t0) / 1000 };
        table.push(row);
        log(JSON.stringify(row));
      }
    }
    return { metrics: { configurations: table.length }, table, results: table, protocol: { splits: Object.keys(splits), ms_per_photo: msPerPhoto }, ...(artifacts ? { artifacts } : {}) };
  }

  // --more: the second round, after the first showed the 5 crops at query time and mirror teaching.
  const setups: Setup[] = options.more ? [
    { teach: ['plain', 'flip'], mode: 'each', query: ['plain', ...five] }, { teach: ['plain', 'flip'], mode: 'each', query: ['plain', 'flip', ...five] },
    { teach: ['plain', ...five], mode: 'each', query: ['plain', ...five] }, { teach: ['plain', ...five], mode: 'each', query: ['plain'] },
    { teach: ['plain'], mode: 'plain', query: five }, { teach: ['plain'], mode: 'plain', query: ['tl', 'tr', 'bl', 'br'] }, { teach: ['plain'], mode: 'plain', query: ['plain', 'c875'] },
  ] : [
    ...[['plain'], ['plain', 'flip'], ['plain', 'c95'], ['plain', 'flip', 'c95'], ['plain', 'flip', 'c875'], ['plain', 'c875', 'c875f', 'flip'], ['plain', ...five], ['plain', 'flip', ...five]]
      .map((query): Setup => ({ teach: ['plain'], mode: 'plain', query })),
    ...[['plain', 'flip'], ['plain', 'c95'], ['plain', 'flip', 'c95'], ['plain', 'flip', 'c875'], ['plain', 'flip', ...five]]
      .map((query): Setup => ({ teach: query, mode: 'mean', query })),
    ...[['plain', 'flip'], ['plain', 'flip', 'c95'], ['plain', 'flip', 'c875', 'c875f'], ['plain', 'flip', 'c95', 'c875']].flatMap((teach): Setup[] => [
      { teach, mode: 'each', query: ['plain'] }, { teach, mode: 'each', query: ['plain', 'flip'] }]),
  ];
  const rules: Record<string, Rule> = {
    knn3: knn(3), 'softmax τ10 λ1e-3': softmax(10, 1e-3), 'fusion 0.5 β20': fusion(0.5, 20),
  };
  const onlyPlain: Record<string, Rule> = {
    knn1: knn(1), knn2: knn(2), knn5: knn(5), knn7: knn(7), 'vote5 β0': weightedKnn(5, 0), 'vote7 β10': weightedKnn(7, 10), 'vote10 β20': weightedKnn(10, 20),
    'fusion 0.5 β10': fusion(0.5, 10), 'fusion 0.7 β20': fusion(0.7, 20), 'fusion 0.3 β20': fusion(0.3, 20), 'fusion 0.5 β50': fusion(0.5, 50),
    'softmax τ10 λ1e-3 ls0.1': softmax(10, 1e-3, 100, 0.1),
  };
  for (const s of setups) {
    const extra = options.more ? { 'fusion 0.7 β10': fusion(0.7, 10), knn1: knn(1) } : s.mode !== 'mean' && s.query.length <= 2 && (s.mode === 'plain' || s.teach.length === 2) ? onlyPlain : {};
    for (const [rname, rule] of Object.entries({ ...rules, ...extra })) {
      const t0 = performance.now();
      const row: Row = { ...describe(s), rule: rname, ...(await measure(s, rule, options.quick === true)), seconds: (performance.now() - t0) / 1000 };
      table.push(row);
      log(JSON.stringify(row));
    }
  }
  void data;
  return { metrics: { configurations: table.length }, table, results: table, protocol: { splits: Object.keys(splits), ms_per_photo: msPerPhoto, views: VIEWS }, ...(artifacts ? { artifacts } : {}) };
}

/**
 * `npm run eval -- vision-levers --backend wasm [--k 3]`: issue 17's levers for the few-shot head, measured on
 * VALIDATION splits only (it never reads a product split's test half):
 * - `val1`: `--split product --seed 1` (the validation split, teaching half against test half);
 * - `val1s` / `val2s`: `--stage val` inside the teaching half of seed 1 / seed 2 (seed 2's test half untouched).
 * Levers: features (the final block conv_pw_13 alone, or concatenated with an earlier block's pooled output, each
 * part L2-normalised), teaching augmentation (each teaching photo also taught as its mirror image, and as a centre
 * crop; queries stay one plain forward pass), and the head's rule (kNN-k mean as the library does, cosine to the
 * normalised class mean, a softmax head with weight decay started from those means).
 * `--curve`: the library's softmax head (src/vision/few-shot-softmax.ts) by training steps, with training seconds.
 * `--views [--grid | --more]`: query-time views, more rules and a softmax grid (vision-levers-views.ts).
 */
import { seededRandom } from '../../src/core/random.ts';
import { loadImageModel } from '../../src/vision/load-image-model.ts';
import { scoreCategories } from '../../src/vision/few-shot-knn.ts';
import { topKIndices } from '../../src/core/top-k.ts';
import { dot, l2Normalize } from '../../src/vision/vectors.ts';
import { parseMetadata } from '../../src/vision/metadata.ts';
import { SOFTMAX_DEFAULTS, scoreSoftmax, trainSoftmaxHead } from '../../src/vision/few-shot-softmax.ts';
import type { Row, Suite, SuiteResult } from '../harness/types.ts';
import { productSplit, shuffle, type Photo } from './vision-split.ts';
import { fineLabels, flipped, readFolder } from './vision.ts';
import { runViews } from './vision-levers-views.ts';

const MODEL = '/@data/mobilenet_v1_075_224_tfjs/layers/';
const METADATA = '/models/vision/mobilenet_v1_075_layers/metadata.json';
const NODES: Record<string, number> = { conv_pw_13_relu: 768, conv_pw_12_relu: 768, conv_pw_11_relu: 384 };

/** The photo's centre `share` (e.g. 0.8), as an OffscreenCanvas the model then fits as usual. */
async function centreCrop(blob: Blob, share: number): Promise<OffscreenCanvas> {
  const bitmap = await createImageBitmap(blob);
  const [w, h] = [Math.round(bitmap.width * share), Math.round(bitmap.height * share)];
  const canvas = new OffscreenCanvas(w, h);
  (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).drawImage(bitmap, (bitmap.width - w) / 2, (bitmap.height - h) / 2, w, h, 0, 0, w, h);
  bitmap.close();
  return canvas;
}

/** Parts concatenated, each already unit-length, scaled so the whole is unit-length; `weights` scale the parts. */
function concat(parts: Float32Array[], weights: number[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  parts.forEach((p, i) => { for (const x of p) out[o++] = x * (weights[i] as number); });
  return l2Normalize(out);
}

type Rule = (teach: { x: Float32Array; label: string }[], labels: string[]) => (q: Float32Array) => string;

const knnRule = (k: number): Rule => (teach) => {
  const examples = teach.map((t) => ({ label: t.label, embedding: t.x }));
  return (q) => (scoreCategories(examples, q, k)[0] as { label: string }).label;
};

function means(teach: { x: Float32Array; label: string }[], classes: string[]): Float32Array[] {
  const d = (teach[0] as { x: Float32Array }).x.length;
  return classes.map((c) => {
    const m = new Float32Array(d);
    for (const t of teach) if (t.label === c) for (let j = 0; j < d; j++) m[j] = (m[j] as number) + (t.x[j] as number);
    return l2Normalize(m);
  });
}

const protoRule: Rule = (teach) => {
  const classes = [...new Set(teach.map((t) => t.label))].sort();
  const protos = means(teach, classes);
  return (q) => classes[topKIndices(protos.map((p) => dot(p, q)), 1)[0] as number] as string;
};

/** Softmax head on cosine logits (scale `tau`), weights started at the class means, L2 decay `decay`, full-batch GD. */
const softmaxRule = (tau: number, decay: number, steps = 100, lr = 0.5): Rule => (teach) => {
  const classes = [...new Set(teach.map((t) => t.label))].sort();
  const W = means(teach, classes);
  const d = (W[0] as Float32Array).length;
  const C = classes.length;
  const y = teach.map((t) => classes.indexOf(t.label));
  const grad = classes.map(() => new Float32Array(d));
  for (let s = 0; s < steps; s++) {
    for (const g of grad) g.fill(0);
    teach.forEach((t, n) => {
      const z = W.map((w) => tau * dot(w, t.x));
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < C; c++) {
        const coef = (tau * ((e[c] as number) / sum - (c === y[n] ? 1 : 0))) / teach.length;
        const g = grad[c] as Float32Array;
        for (let j = 0; j < d; j++) g[j] = (g[j] as number) + coef * (t.x[j] as number);
      }
    });
    for (let c = 0; c < C; c++) {
      const w = W[c] as Float32Array;
      const g = grad[c] as Float32Array;
      for (let j = 0; j < d; j++) w[j] = (w[j] as number) - lr * ((g[j] as number) + decay * (w[j] as number));
    }
  }
  return (q) => classes[topKIndices(W.map((w) => dot(w, q)), 1)[0] as number] as string;
};

const suite: Suite = {
  description: 'Vision levers (validation splits only): features × teaching augmentation × head rule',
  async run(context): Promise<SuiteResult> {
    const { data, log, options } = context;
    const base = data.url('fashion_product_images_224') + '/';
    const photos: Photo[] = await readFolder(base);
    const labels = photos.map((p) => p.label);
    const fine = await fineLabels(base, photos);
    const block = 6;
    const splits: Record<string, [number[], number[]]> = {};
    splits.val1 = productSplit(photos, 1, block);
    splits.val1s = productSplit(photos, 101, block, splits.val1[0]);
    splits.val2s = productSplit(photos, 102, block, productSplit(photos, 2, block)[0]);
    for (const [n, [a, b]] of Object.entries(splits)) log(`${n}: teach ${a.length}, test ${b.length}`);
    // --views [--grid]: query-time views, more rules, the softmax grid (vision-levers-views.ts).
    if (options.views) return runViews(context, photos, fine, splits);

    // Embeddings per node × view (plain, mirrored, centre crop).
    const rawMeta = await (await fetch(METADATA)).json();
    const views: Record<string, () => Promise<(Blob | OffscreenCanvas)[]>> = {
      plain: async () => photos.map((p) => p.blob),
      flip: () => Promise.all(photos.map((p) => flipped(p.blob))),
      crop: () => Promise.all(photos.map((p) => centreCrop(p.blob, Number(options.crop ?? 0.8)))),
    };
    const emb: Record<string, Record<string, Float32Array[]>> = {};
    if (options.curve) {
      // --curve: the library's softmax head (trainSoftmaxHead) by training steps, with its training seconds.
      const model = await loadImageModel(MODEL, { metadata: METADATA });
      const plain = await model.embedBatch(photos.map((p) => p.blob), { batchSize: 16 });
      model.dispose();
      const table: Row[] = [];
      for (const steps of [0, 10, 25, 50, 100, 200, 400]) {
        const row: Row = { steps };
        let wrong = 0;
        let seconds = 0;
        let fiveShot = 0;
        for (const [sname, [teach, test]] of Object.entries(splits)) {
          const t0 = performance.now();
          const head = await trainSoftmaxHead(teach.map((i) => ({ label: labels[i] as string, embedding: plain[i] as Float32Array })), { ...SOFTMAX_DEFAULTS, steps });
          seconds += (performance.now() - t0) / 1000;
          const right = test.filter((i) => scoreSoftmax(head, plain[i] as Float32Array)[0]?.label === labels[i]).length;
          wrong += test.length - right;
          row[`${sname}_acc`] = right / test.length;
          let shot = 0;
          for (let s = 0; s < 10; s++) {
            const random = seededRandom(1000 + s);
            const five = [...new Set(labels)].flatMap((l) => shuffle(teach.filter((i) => labels[i] === l), random).slice(0, 5));
            const h = await trainSoftmaxHead(five.map((i) => ({ label: labels[i] as string, embedding: plain[i] as Float32Array })), { ...SOFTMAX_DEFAULTS, steps });
            shot += test.filter((i) => scoreSoftmax(h, plain[i] as Float32Array)[0]?.label === labels[i]).length / test.length / 10;
          }
          row[`${sname}_5shot`] = shot;
          fiveShot += shot / 3;
        }
        row.wrong_total = wrong;
        row.mean_5shot = fiveShot;
        row.train_seconds_per_head = seconds / 3;
        table.push(row);
        log(JSON.stringify(row));
      }
      return { metrics: { points: table.length }, table, curve: table, protocol: { splits: Object.keys(splits), settings: SOFTMAX_DEFAULTS } };
    }
    for (const [node, size] of Object.entries(NODES)) {
      const model = await loadImageModel(MODEL, { metadata: parseMetadata({ ...rawMeta, embeddingNode: node, embeddingSize: size }) });
      emb[node] = {};
      for (const [view, make] of Object.entries(views)) {
        const t0 = performance.now();
        (emb[node] as Record<string, Float32Array[]>)[view] = await model.embedBatch(await make(), { batchSize: 16 });
        log(`${node} ${view}: ${((performance.now() - t0) / photos.length).toFixed(1)} ms/photo`);
      }
      model.dispose();
    }
    const features: Record<string, (view: string) => Float32Array[]> = {
      f13: (v) => emb.conv_pw_13_relu?.[v] as Float32Array[],
      'f11+13': (v) => (emb.conv_pw_13_relu?.[v] as Float32Array[]).map((x, i) => concat([emb.conv_pw_11_relu?.[v]?.[i] as Float32Array, x], [1, 1])),
      'f12+13': (v) => (emb.conv_pw_13_relu?.[v] as Float32Array[]).map((x, i) => concat([emb.conv_pw_12_relu?.[v]?.[i] as Float32Array, x], [1, 1])),
      'f11+12+13': (v) => (emb.conv_pw_13_relu?.[v] as Float32Array[]).map((x, i) => concat([emb.conv_pw_11_relu?.[v]?.[i] as Float32Array, emb.conv_pw_12_relu?.[v]?.[i] as Float32Array, x], [1, 1, 1])),
    };
    const augments: Record<string, string[]> = { none: ['plain'], flip: ['plain', 'flip'], 'flip+crop': ['plain', 'flip', 'crop'] };
    const k = Number(options.k ?? 3);
    const rules: Record<string, (m: number) => Rule> = {
      [`knn${k}`]: () => knnRule(k),
      [`knn${k}×views`]: (m) => knnRule(k * m),
      proto: () => protoRule,
      'softmax τ10 λ1e-3': () => softmaxRule(10, 1e-3),
      'softmax τ20 λ1e-2': () => softmaxRule(20, 1e-2),
    };

    const table: Row[] = [];
    const results: Record<string, unknown>[] = [];
    for (const [fname, feat] of Object.entries(features)) {
      const byView = Object.fromEntries(Object.keys(views).map((v) => [v, feat(v)])) as Record<string, Float32Array[]>;
      const plain = byView.plain as Float32Array[];
      // P@5 depends on the features only (the gallery is the catalogue's plain photos).
      const p5: Record<string, number> = {};
      for (const [sname, [teach, test]] of Object.entries(splits)) {
        let sum = 0;
        for (const q of test) {
          const top = topKIndices(teach.map((g) => dot(plain[q] as Float32Array, plain[g] as Float32Array)), 5);
          sum += top.filter((r) => labels[teach[r] as number] === labels[q]).length / 5;
        }
        p5[sname] = sum / test.length;
      }
      for (const [aname, aviews] of Object.entries(augments)) {
        const taught = (ids: number[], lab: (i: number) => string) => ids.flatMap((i) => aviews.map((v) => ({ x: (byView[v] as Float32Array[])[i] as Float32Array, label: lab(i) })));
        for (const [rname, makeRule] of Object.entries(rules)) {
          if (rname.includes('×views') && aviews.length === 1) continue;
          const rule = makeRule(aviews.length);
          const row: Row = { features: fname, teach_augment: aname, rule: rname };
          let wrong = 0;
          let total = 0;
          for (const [sname, [teach, test]] of Object.entries(splits)) {
            const predict = rule(taught(teach, (i) => labels[i] as string), labels);
            const right = test.filter((i) => predict(plain[i] as Float32Array) === labels[i]).length;
            wrong += test.length - right;
            total += test.length;
            let shot = 0;
            for (let s = 0; s < 10; s++) {
              const random = seededRandom(1000 + s);
              const five = [...new Set(labels)].flatMap((l) => shuffle(teach.filter((i) => labels[i] === l), random).slice(0, 5));
              const p = rule(taught(five, (i) => labels[i] as string), labels);
              shot += test.filter((i) => p(plain[i] as Float32Array) === labels[i]).length / test.length / 10;
            }
            const count = (side: number[], l: string) => side.filter((i) => fine[i] === l).length;
            const kept = [...new Set(fine.filter((l): l is string => l !== null))].sort().filter((l) => count(teach, l) >= 5 && count(test, l) >= 3);
            const testKept = test.filter((i) => kept.includes(fine[i] as string));
            let fineShot = 0;
            for (let s = 0; s < 10; s++) {
              const random = seededRandom(2000 + s);
              const five = kept.flatMap((l) => shuffle(teach.filter((i) => fine[i] === l), random).slice(0, 5));
              const p = rule(taught(five, (i) => fine[i] as string), labels);
              fineShot += testKept.filter((i) => p(plain[i] as Float32Array) === fine[i]).length / testKept.length / 10;
            }
            row[`${sname}_acc`] = right / test.length;
            row[`${sname}_5shot`] = shot;
            row[`${sname}_fine`] = fineShot;
            row[`${sname}_p5`] = p5[sname] as number;
          }
          row.wrong_total = wrong;
          row.of = total;
          table.push(row);
          results.push({ ...row });
          log(JSON.stringify(row));
        }
      }
    }
    return { metrics: { configurations: table.length }, table, results, protocol: { splits: Object.keys(splits), block, k, crop: Number(options.crop ?? 0.8) } };
  },
};

export default suite;

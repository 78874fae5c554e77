#!/usr/bin/env node
// @ts-check
/**
 * Prepares the demo shop's catalogue before `vite` serves or builds it. With the data directory (env
 * STOREFRONT_DATA, default ../shared/data) it copies the 480 real product photos and the ImageNet MobileNet into
 * demo/public/data/ (git-ignored: never committed); without it, it writes a small generated catalogue and says so.
 * The purchase-intent and assistant models shipped in models/ are copied beside them. The recommender is trained
 * here, at build time, by the package's own CLI (`storefront-ml train recommend`) from a SIMULATED event log of the
 * catalogue (tools/demo/simulate-events.mjs); the page loads that folder and never trains.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliModel } from '../tools/demo/demo-models.mjs';
import { simulateEventLog } from '../tools/demo/simulate-events.mjs';
import { REPO_ROOT, dataDir } from '../tools/harness/plugins.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, 'public', 'data');
const PHOTOS = 'fashion_product_images_224';
const MOBILENET = 'mobilenet_v1_025_224_tfjs';

/** Base prices per category, in euros; each product varies around it deterministically. */
const BASE_PRICE = /** @type {Record<string, number>} */ ({
  Tshirts: 19, Shirts: 35, Jeans: 49, 'Casual Shoes': 65, Watches: 120, Handbags: 75, Sunglasses: 45, Backpacks: 55,
});

/** @param {string} articleType */
const singular = (articleType) => ({ Tshirts: 'T-shirt', Watches: 'Watch', Jeans: 'Jeans', Sunglasses: 'Sunglasses', 'Casual Shoes': 'Casual shoes' })[articleType]
  ?? articleType.replace(/s$/, '');

/** @param {number} id @param {string} articleType */
function priceFor(id, articleType) {
  const base = BASE_PRICE[articleType] ?? 30;
  const wobble = ((id * 2654435761) % 1000) / 1000; // deterministic in [0, 1)
  return Math.round(base * (0.7 + 0.6 * wobble)) - 0.01;
}

/** @param {string} root */
function realCatalogue(root) {
  const lines = readFileSync(path.join(root, PHOTOS, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  const products = lines.map((line) => {
    const [file = '', id = '', gender = '', , , articleType = '', colour = '', season = '', year = '', usage = ''] = line.split(',');
    const who = { Men: "Men's", Women: "Women's", Unisex: 'Unisex', Boys: "Boys'", Girls: "Girls'" }[gender] ?? gender;
    return {
      productId: id,
      title: `${who} ${colour.toLowerCase()} ${singular(articleType).toLowerCase()}`.replace(/^\w/, (c) => c.toUpperCase()),
      category: file.split('/')[0] ?? '',
      categoryName: articleType,
      price: priceFor(Number(id), articleType),
      image: `data/catalogue/${file}`,
      attributes: { gender, colour, season, year, usage },
    };
  });
  rmSync(path.join(OUT, 'catalogue'), { recursive: true, force: true });
  for (const p of products) {
    const target = path.join(OUT, p.image.replace(/^data\//, ''));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(root, PHOTOS, p.image.replace(/^data\/catalogue\//, '')), target);
  }
  return { source: 'real', description: `${products.length} real product photos (Myntra, via the Kaggle Fashion Product Images data set)`, products };
}

function generatedCatalogue() {
  /** @type {[string, string, string][]} */
  const categories = [['tshirts', 'Tshirts', '#3b82f6'], ['jeans', 'Jeans', '#1e3a8a'], ['watches', 'Watches', '#6b7280'], ['backpacks', 'Backpacks', '#065f46']];
  const products = [];
  rmSync(path.join(OUT, 'catalogue'), { recursive: true, force: true });
  mkdirSync(path.join(OUT, 'catalogue', 'generated'), { recursive: true });
  for (const [category, name, colour] of categories) {
    for (let i = 0; i < 6; i++) {
      const id = `gen-${category}-${i + 1}`;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="224" height="224"><rect width="224" height="224" fill="#fff"/>` +
        `<rect x="${40 + i * 4}" y="${40 + i * 3}" width="${120 - i * 6}" height="${140 - i * 5}" rx="16" fill="${colour}" opacity="${0.5 + i * 0.08}"/>` +
        `<text x="112" y="205" font-family="sans-serif" font-size="16" text-anchor="middle">${name} ${i + 1}</text></svg>`;
      writeFileSync(path.join(OUT, 'catalogue', 'generated', `${id}.svg`), svg);
      products.push({
        productId: id, title: `Generated ${singular(name).toLowerCase()} ${i + 1}`, category, categoryName: name,
        price: priceFor(i + 7, name), image: `data/catalogue/generated/${id}.svg`, attributes: { generated: 'yes' },
      });
    }
  }
  return { source: 'generated', description: `${products.length} generated placeholder products (no data directory found)`, products };
}

const root = dataDir();
mkdirSync(OUT, { recursive: true });
const hasPhotos = existsSync(path.join(root, PHOTOS, 'labels.csv'));
const catalogue = hasPhotos ? realCatalogue(root) : generatedCatalogue();

// The ImageNet MobileNet α0.25 (Keras layers export) with the metadata.json the vision loader checks it against.
const modelOut = path.join(OUT, 'models', 'mobilenet');
for (const dir of ['mobilenet', 'purchase-intent']) rmSync(path.join(OUT, 'models', dir), { recursive: true, force: true });
if (existsSync(path.join(root, MOBILENET, 'layers'))) {
  cpSync(path.join(root, MOBILENET, 'layers'), modelOut, { recursive: true });
  copyFileSync(path.join(HERE, '../models/vision/mobilenet_v1_025_layers/metadata.json'), path.join(modelOut, 'metadata.json'));
}
// The purchase-intent models this repository ships (models/; trained on real sessions, not on the simulated log): the
// live model the gauge uses and the UCI analytics model. The assistant is trained by the CLI below.
for (const dir of ['purchase-intent-live', 'purchase-intent']) {
  cpSync(path.join(HERE, '../models', dir), path.join(OUT, 'models', dir), { recursive: true });
}
const imageModel = existsSync(modelOut) ? 'data/models/mobilenet/' : null;
console.log(`demo: ${catalogue.description}; MobileNet ${existsSync(modelOut) ? 'copied from' : 'not found in'} ${root}`);

// The SIMULATED event log (the file name says so; so do the model's provenance and the page), and the recommender
// the CLI trains from it. The page computes its trending list from the log's last two days (recentViews).
const log = simulateEventLog(catalogue.products);
const logFile = path.join(OUT, 'simulated-events.csv');
writeFileSync(logFile, log.csv);
writeFileSync(path.join(OUT, 'simulated-recent-views.json'), JSON.stringify({ end: log.end, views: log.recentViews }));
const t0 = performance.now();
const recommender = cliModel({
  name: 'recommender',
  // The old in-page training's shape (a small catalogue needs no more); the CLI's held-out evaluation stays on, so the
  // metadata carries HR@10 against popularity and item-kNN.
  args: ['train', 'recommend', '--events', path.relative(REPO_ROOT, logFile), '--epochs', '8', '--dim', '32', '--window', '10'],
  inputs: [logFile],
  out: path.join(OUT, 'models', 'recommender'),
});
console.log(recommender.skipped
  ? `demo: recommender kept (its inputs are unchanged; checked in ${((performance.now() - t0) / 1000).toFixed(1)} s)`
  : `demo: recommender trained by \`storefront-ml train recommend\` on ${log.events} simulated events (build ${(recommender.buildMs / 1000).toFixed(1)} s, train ${(recommender.trainMs / 1000).toFixed(1)} s)`);

// The bilingual FAQ assistant, retrained by `storefront-ml train assistant` from the content of the shipped one.
const assistant = cliModel({
  name: 'assistant',
  args: ['train', 'assistant', '--content', 'models/assistant/faq/model.json'],
  inputs: [path.join(HERE, '../models/assistant/faq/model.json')],
  out: path.join(OUT, 'models', 'assistant', 'faq'),
  main: 'model.json',
});
console.log(assistant.skipped ? 'demo: assistant kept (its inputs are unchanged)'
  : `demo: assistant trained by \`storefront-ml train assistant\` from models/assistant/faq's content (build ${(assistant.buildMs / 1000).toFixed(1)} s, train ${(assistant.trainMs / 1000).toFixed(1)} s)`);

const simulated = {
  events: log.events, shoppers: log.shoppers, sessions: log.sessions, purchaseSessions: log.purchaseSessions,
  log: 'data/simulated-events.csv', recentViews: 'data/simulated-recent-views.json',
};
writeFileSync(path.join(OUT, 'catalogue.json'), JSON.stringify({ ...catalogue, imageModel, recommender: 'data/models/recommender/', simulated }));

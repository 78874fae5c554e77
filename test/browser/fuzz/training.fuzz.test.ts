/**
 * Fuzz (browser, WASM): the calls that change a model or a store. intent adapt() on rows with hostile columns and
 * hostile outcomes either adapts to finite scores or fails typed with the weights untouched; the recommender's
 * setCatalog is all-or-nothing; trainAssistant on damaged content fails with INVALID_INPUT before training or
 * trains an assistant whose answers hold; openHistory with hostile options opens a store or fails with
 * INVALID_OPTION. No call leaves a tensor behind.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { trainAssistant } from '../../../src/assistant/index.ts';
import { openHistory } from '../../../src/history/index.ts';
import { trainIntentModel, type IntentModel, type IntentRow } from '../../../src/intent/index.ts';
import { trainRecommender, type Recommender } from '../../../src/recommend/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { fc, fuzz, hostileRecord, hostileValue, isRankedList, resolvesValidOrRejectsTyped } from '../../fuzz/fuzz.ts';
import { dbName } from '../history/helpers.ts';
import { syntheticSessions } from '../intent/synthetic.ts';

const inUnit = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;

describe('fuzz: training and state changes (WASM)', () => {
  let intent: IntentModel;
  let recommender: Recommender;
  const { rows, labels } = syntheticSessions(120);

  beforeAll(async () => {
    await useWasm();
    intent = await trainIntentModel(rows, labels, { hidden: [8], epochs: 2, seed: 2 });
    const sequences = Array.from({ length: 30 }, (_, u) => Array.from({ length: 5 }, (_, k) => `${u % 2 ? 'b' : 'a'}${(u + k) % 8}`));
    recommender = await trainRecommender(sequences, { dim: 4, window: 3, epochs: 1, batchSize: 32, negatives: 4, seed: 3 });
    await intent.predict(rows[0]!);
    await recommender.popular();
  }, 240_000);
  afterAll(() => {
    intent?.dispose();
    recommender?.dispose();
  });

  it('intent adapt (hostile rows and outcomes): adapts to finite scores, or fails typed and leaves the scores as they were', async () => {
    const columns = Object.keys(rows[0]!);
    const row = fc.tuple(fc.nat({ max: rows.length - 1 }), fc.option(fc.tuple(fc.constantFrom(...columns), hostileValue), { freq: 2 }))
      .map(([r, change]) => (change ? { ...rows[r], [change[0]]: change[1] } : { ...rows[r] }));
    const outcome = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 1, true, false) }, { weight: 1, arbitrary: hostileValue });
    const batch = fc.array(fc.tuple(row, outcome), { minLength: 1, maxLength: 6 });
    await fuzz('intent adapt hostile', { numRuns: 1000, timeLimitMs: 12_000 }, [batch, fc.oneof(fc.constant(undefined), hostileRecord({ epochs: fc.integer({ min: 1, max: 3 }), learningRate: fc.double({ min: 1e-5, max: 0.1, noNaN: true }) }))], async (pairs, options) => {
      const probe = rows.slice(0, 3);
      const before = Array.from(await intent.predictBatch(probe));
      await expectNoLeak(async () => {
        const r = await resolvesValidOrRejectsTyped(() => intent.adapt(pairs.map(([x]) => x as IntentRow), pairs.map(([, y]) => y) as never, options as never), () => true);
        const after = Array.from(await intent.predictBatch(probe));
        if (!after.every(inUnit)) throw new Error(`scores after adapt: ${after.join(', ')}`);
        if (!r.ok && after.some((s, i) => s !== before[i])) throw new Error('a refused adapt() changed the scores');
      }, 'adapt');
      intent.reset();
    });
  });

  it('recommender setCatalog (hostile products): applied whole, or INVALID_INPUT with the catalogue as it was', async () => {
    const product = hostileRecord({
      productId: fc.constantFrom('a1', 'a2', 'b3', 'new'), category: fc.constantFrom('hair', 'skin'),
      price: fc.double({ min: 0, max: 1e6, noNaN: true }), attributes: fc.array(fc.constantFrom('red', 'soft')),
    });
    await fuzz('recommender setCatalog hostile', { numRuns: 4000, timeLimitMs: 8000 }, [fc.oneof(fc.array(product, { maxLength: 6 }), hostileValue)], async (products) => {
      recommender.setCatalog([{ productId: 'a1', price: 10, category: 'hair' }]);
      const before = await recommender.popular({ category: 'hair', topK: 20 });
      const r = await resolvesValidOrRejectsTyped(() => recommender.setCatalog(products as never), () => true);
      const after = await recommender.popular({ category: 'hair', topK: 20 });
      if (!isRankedList(after, 20)) throw new Error('popular() after setCatalog is not a ranked list');
      if (!r.ok && JSON.stringify(after) !== JSON.stringify(before)) throw new Error('a refused setCatalog() changed the catalogue');
    });
  });

  it('trainAssistant (damaged content): INVALID_INPUT before training, or an assistant whose answers hold', async () => {
    const content = {
      intents: [{ id: 'track', examples: ['where is my order', 'track my parcel'] }, { id: 'refund', examples: ['i want a refund', 'money back please'], answer: 'See returns.' }],
      faq: [{ id: 'hours', questions: ['when are you open', 'opening hours'], answer: { en: 'Nine to five.', zh: '九点到五点。' } }],
      outOfScope: ['write me a poem'],
    };
    const damaged = fc.tuple(fc.constantFrom('intents', 'faq', 'outOfScope', 'intents.0', 'intents.0.examples', 'intents.1.answer', 'faq.0.answer', 'faq.0.id', 'handoffAnswer'), hostileValue)
      .map(([path, value]) => {
        const copy = structuredClone(content) as Record<string, unknown>;
        const keys = path.split('.');
        let at = copy as Record<string, unknown>;
        for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
        at[keys.at(-1)!] = value;
        return copy;
      });
    await fuzz('trainAssistant damaged content', { numRuns: 500, timeLimitMs: 15_000 }, [damaged], async (c) => {
      await expectNoLeak(async () => {
        const r = await resolvesValidOrRejectsTyped(() => trainAssistant(c as never, { seed: 1, epochs: 1 }), () => true);
        if (r.ok) {
          const a = await r.value.answer('where is my order');
          r.value.dispose();
          if (!inUnit(a.confidence) || (a.answer !== null && typeof a.answer !== 'string')) throw new Error(`answer ${JSON.stringify(a.answer)}, confidence ${a.confidence}`);
        }
      }, 'trainAssistant');
    });
  });

  it('openHistory (hostile options): a store, or INVALID_OPTION', async () => {
    const options = fc.oneof(hostileRecord({
      consent: fc.constantFrom('granted', 'pending', 'denied'), name: fc.constant('x').map(() => dbName('fuzz-open')),
      encrypt: fc.boolean(), retention: hostileRecord({ maxAgeMs: fc.integer({ min: 1, max: 1e10 }), maxEvents: fc.integer({ min: 1, max: 1e5 }) }),
      onQuota: fc.constantFrom('prune', 'error'), durability: fc.constantFrom('default', 'strict', 'relaxed'),
      onCorrupt: fc.constant(() => {}), now: fc.constant(() => Date.now()),
    }), hostileValue);
    await fuzz('openHistory hostile options', { numRuns: 1000, timeLimitMs: 10_000 }, [options], async (o) => {
      const r = await resolvesValidOrRejectsTyped(() => openHistory(o as never), (s) => typeof s.count === 'function');
      if (r.ok) {
        await r.value.count();
        await r.value.erase().catch(() => {});
        r.value.close();
      }
    });
  });
});

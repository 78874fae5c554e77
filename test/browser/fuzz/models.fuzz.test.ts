/**
 * Fuzz (browser, WASM): the models' public calls under fast-check. Purchase intent's predict/predictBatch/classify
 * on rows with hostile columns, the recommender's lists on hostile events, ids and options, the assistant's
 * answer() on random unicode: each resolves to a valid result (finite scores in range, lists sorted, no NaN) or
 * fails with INVALID_INPUT/INVALID_OPTION, and no call leaves a tensor behind.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { trainAssistant, type Assistant } from '../../../src/assistant/index.ts';
import { trainIntentModel, type IntentModel, type IntentRow } from '../../../src/intent/index.ts';
import { trainRecommender, type Recommender } from '../../../src/recommend/index.ts';
import { SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { fc, fuzz, hostileRecord, hostileValue, isRankedList, resolvesValidOrRejectsTyped } from '../../fuzz/fuzz.ts';
import { hostileEvents, validEvents } from '../../fuzz/events.ts';
import { syntheticSessions } from '../intent/synthetic.ts';

const inUnit = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;

describe('fuzz: models (WASM)', () => {
  let intent: IntentModel;
  let recommender: Recommender;
  let assistant: Assistant;
  const { rows, labels } = syntheticSessions(200);

  beforeAll(async () => {
    await useWasm();
    intent = await trainIntentModel(rows, labels, { hidden: [8], epochs: 2, seed: 2 });
    const sequences = Array.from({ length: 40 }, (_, u) => Array.from({ length: 5 }, (_, k) => `${u % 2 ? 'b' : 'a'}${(u + k) % 8}`));
    recommender = await trainRecommender(sequences, { dim: 4, window: 3, epochs: 1, batchSize: 32, negatives: 4, seed: 3 });
    recommender.setCatalog([{ productId: 'a1', price: 10, category: 'hair' }, { productId: 'b2', price: 30, category: 'skin' }]);
    assistant = await trainAssistant(SHOP_FAQ, { seed: 1, epochs: 2 });
    // One warm-up call each, so lazily made weights do not count as leaks.
    await intent.predict(rows[0]!);
    await recommender.recommend([]);
  }, 240_000);
  afterAll(() => {
    intent?.dispose();
    recommender?.dispose();
    assistant?.dispose();
  });

  /** A real row with one to three columns replaced by hostile values (or a hostile value for the row). */
  const columns = Object.keys(rows[0]!);
  const hostileRow = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.nat({ max: rows.length - 1 }), fc.array(fc.tuple(fc.constantFrom(...columns, '__proto__', 'extra'), hostileValue), { minLength: 1, maxLength: 3 }))
      .map(([r, changes]) => {
        const row: Record<string, unknown> = { ...rows[r] };
        for (const [column, value] of changes) Object.defineProperty(row, column, { value, enumerable: true, configurable: true, writable: true });
        return row;
      }) },
    { weight: 1, arbitrary: hostileValue },
  );

  it('intent predict / predictBatch / classify (hostile rows): scores in [0, 1] or INVALID_INPUT, no tensor leaked', async () => {
    await fuzz('intent predict hostile', { numRuns: 3000, timeLimitMs: 12_000 }, [hostileRow, fc.array(hostileRow, { maxLength: 4 }), fc.nat({ max: 2 })], async (row, batch, which) => {
      await expectNoLeak(async () => {
        if (which === 0) await resolvesValidOrRejectsTyped(() => intent.predict(row as IntentRow), inUnit);
        else if (which === 1) await resolvesValidOrRejectsTyped(() => intent.predictBatch(batch as IntentRow[]), (s) => s.length === batch.length && s.every(inUnit));
        else await resolvesValidOrRejectsTyped(() => intent.classify(row as IntentRow), (c) => inUnit(c.score) && (c.label === 'purchase' || c.label === 'no_purchase'));
      }, 'intent call');
    });
  });

  it('intent predict on real rows stays a finite score in [0, 1] for any values inside the checked ranges', async () => {
    const realRow = fc.record({
      Administrative: fc.integer({ min: 0, max: 1000 }), ProductRelated: fc.integer({ min: 0, max: 10_000 }),
      ProductRelated_Duration: fc.double({ min: 0, max: 1e6, noNaN: true }), BounceRates: fc.double({ min: 0, max: 1, noNaN: true }),
      ExitRates: fc.double({ min: 0, max: 1, noNaN: true }), PageValues: fc.double({ min: 0, max: 1e5, noNaN: true }),
      Month: fc.constantFrom('Feb', 'Mar', 'May', 'Nov', 'Dec', 'Unknown'), Weekend: fc.boolean(),
    }, { requiredKeys: [] });
    await fuzz('intent predict valid', { numRuns: 2000, timeLimitMs: 8000 }, [realRow, fc.nat({ max: rows.length - 1 })], async (values, r) => {
      const row = { ...rows[r], ...values } as IntentRow;
      await resolvesValidOrRejectsTyped(() => intent.predict(row), inUnit);
    });
  });

  const productId = fc.oneof(fc.constantFrom('a1', 'a2', 'b3', 'missing', '__proto__', 'constructor'), hostileValue);
  const listOptions = fc.oneof(
    { weight: 4, arbitrary: hostileRecord({
      topK: fc.integer({ min: 1, max: 12 }), diversity: fc.double({ min: 0, max: 1, noNaN: true }),
      exclude: fc.array(fc.constantFrom('a1', 'a2')), category: fc.constantFrom('hair', 'skin'),
      priceRange: fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 50, max: 1e9, noNaN: true })),
      filter: fc.constant((id: string) => id !== 'a3'), excludeSeen: fc.boolean(), excludePurchased: fc.boolean(),
    }) },
    { weight: 1, arbitrary: hostileValue },
  );
  const topKOf = (o: unknown) => (typeof (o as { topK?: unknown } | null)?.topK === 'number' ? (o as { topK: number }).topK : 10);

  it('recommender recommend / similar / boughtTogether / popular / embedding (hostile arguments): ranked finite lists or INVALID_INPUT/INVALID_OPTION, no tensor leaked', async () => {
    const events = fc.oneof(validEvents.map((list) => list.map((e) => ({ ...e, productId: e.productId === undefined ? undefined : `a${e.time % 8}` }))), hostileEvents);
    await fuzz('recommender lists hostile', { numRuns: 4000, timeLimitMs: 12_000 }, [fc.nat({ max: 4 }), events, productId, listOptions], async (which, ev, id, options) => {
      await expectNoLeak(async () => {
        // With diversity the list is in MMR order and each score is the product's relevance, so only then unsorted.
        const diverse = typeof (options as { diversity?: unknown } | null)?.diversity === 'number' && (options as { diversity: number }).diversity > 0;
        const ranked = (list: unknown) => isRankedList(list, topKOf(options), !diverse);
        if (which === 0) await resolvesValidOrRejectsTyped(() => recommender.recommend(ev as never, options as never), ranked);
        else if (which === 1) await resolvesValidOrRejectsTyped(() => recommender.similar(id as never, options as never), ranked, ['INVALID_INPUT', 'INVALID_OPTION', 'NOT_FOUND']);
        else if (which === 2) await resolvesValidOrRejectsTyped(() => recommender.boughtTogether(id as never, options as never), ranked, ['INVALID_INPUT', 'INVALID_OPTION', 'NOT_FOUND']);
        else if (which === 3) await resolvesValidOrRejectsTyped(() => recommender.popular(options as never), ranked);
        else await resolvesValidOrRejectsTyped(() => recommender.embedding(id as never), (v) => v === null || (v instanceof Float32Array && v.every(Number.isFinite)));
      }, 'recommender call');
    });
  });

  it('assistant answer (random unicode, any length): never throws, confidence in [0, 1], a hand-off has a text', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'binary-ascii', maxLength: 200 }),
      fc.constantFrom('', ' ', '\u0000', '\uD800', 'x'.repeat(20_000), '我的订单在哪', 'where is my order?', '🛒'.repeat(500)),
    );
    await fuzz('assistant answer unicode', { numRuns: 5000, timeLimitMs: 12_000 }, [text], async (t) => {
      const a = await expectNoLeak(() => assistant.answer(t), 'answer');
      if (!inUnit(a.confidence)) throw new Error(`confidence ${a.confidence}`);
      if (a.handoff && typeof a.answer !== 'string') throw new Error('a hand-off without a text');
      if (!a.alternatives.every((c) => inUnit(c.score))) throw new Error('an alternative score outside [0, 1]');
    });
  });

  it('assistant answer (hostile non-strings): INVALID_INPUT', async () => {
    await fuzz('assistant answer hostile', { numRuns: 1000, timeLimitMs: 5000 }, [hostileValue.filter((v) => typeof v !== 'string')], async (v) => {
      await resolvesValidOrRejectsTyped(() => assistant.answer(v as string).then(() => { throw new Error('answered a non-string'); }), () => false, ['INVALID_INPUT']);
    });
  });
});

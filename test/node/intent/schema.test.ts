import { describe, expect, it } from 'vitest';
import { encodeRows, encodedNames, encodedSources, fitSchema, sourceColumns, type IntentRow } from '../../../src/intent/schema.ts';
import { stratifiedFolds, stratifiedSplit } from '../../../src/core/random.ts';
import { parseUciCsv } from '../../../src/intent/uci.ts';

const rows: IntentRow[] = [
  { ProductRelated: 0, PageValues: 0, BounceRates: 0.2, Month: 'Nov', VisitorType: 'Returning_Visitor', Weekend: false, Browser: 1 },
  { ProductRelated: 3, PageValues: null, BounceRates: 0.0, Month: 'Nov', VisitorType: 'New_Visitor', Weekend: true, Browser: 2 },
  { ProductRelated: 7, PageValues: 12, BounceRates: 0.1, Month: 'June', VisitorType: 'Returning_Visitor', Weekend: 'TRUE', Browser: 1 },
];

describe('intent feature schema', () => {
  const schema = fitSchema(rows, { minCount: 1 });

  it('imputes the training median, log1p-transforms counts and standardises', () => {
    const pv = schema.numeric.find((n) => n.name === 'PageValues');
    expect(pv).toMatchObject({ transform: 'log1p', impute: 6 }); // median of 0 and 12
    // log1p values 0, ln 7, ln 13 → mean and population sd.
    const xs = [0, Math.log(7), Math.log(13)];
    const mean = xs.reduce((a, b) => a + b) / 3;
    expect(pv?.mean).toBeCloseTo(mean, 10);
    const br = schema.numeric.find((n) => n.name === 'BounceRates');
    expect(br).toMatchObject({ transform: 'identity' });
    expect(br?.mean).toBeCloseTo(0.1, 10);
    // A column absent everywhere imputes 0 and keeps sd 1.
    expect(schema.numeric.find((n) => n.name === 'Informational')).toMatchObject({ impute: 0, mean: 0, sd: 1 });
  });

  it('one-hot encodes categories seen in training; Month in calendar order, Weekend normalised', () => {
    expect(schema.categorical.find((c) => c.name === 'Month')?.values).toEqual(['June', 'Nov']);
    expect(schema.categorical.find((c) => c.name === 'Weekend')?.values).toEqual(['FALSE', 'TRUE']);
    expect(schema.categorical.find((c) => c.name === 'Browser')?.values).toEqual(['1', '2']);
    const names = encodedNames(schema);
    expect(names.slice(0, 10)).toEqual([
      'Administrative', 'Administrative_Duration', 'Informational', 'Informational_Duration', 'ProductRelated',
      'ProductRelated_Duration', 'BounceRates', 'ExitRates', 'PageValues', 'SpecialDay',
    ]);
    expect(names).toContain('Month=Nov');
    expect(encodedSources(schema)).toHaveLength(names.length);
    expect(sourceColumns(schema)[encodedSources(schema)[names.indexOf('Month=Nov')] as number]).toBe('Month');
  });

  it('encodes live records: extra fields ignored, "Jun" read as June, unseen values all zeros, missing imputed', () => {
    const names = encodedNames(schema);
    const live = { PageValues: 12, Month: 'Jun', VisitorType: 'Other', Weekend: true, sessionId: 's1', cartAdds: 3 } as IntentRow;
    const x = encodeRows(schema, [live]);
    const at = (name: string) => x[names.indexOf(name)];
    expect(at('Month=June')).toBe(1);
    expect(at('Month=Nov')).toBe(0);
    expect(at('VisitorType=Returning_Visitor')).toBe(0);
    expect(at('VisitorType=New_Visitor')).toBe(0);
    expect(at('Weekend=TRUE')).toBe(1);
    const pv = schema.numeric.find((n) => n.name === 'PageValues');
    expect(at('PageValues')).toBeCloseTo((Math.log1p(12) - (pv?.mean ?? 0)) / (pv?.sd ?? 1), 5);
    // ProductRelated missing → median 3.
    const pr = schema.numeric.find((n) => n.name === 'ProductRelated');
    expect(at('ProductRelated')).toBeCloseTo((Math.log1p(3) - (pr?.mean ?? 0)) / (pr?.sd ?? 1), 5);
  });

  it('drops rare categories and excluded columns', () => {
    const s = fitSchema(rows, { minCount: 2, exclude: ['PageValues'] });
    expect(s.categorical.find((c) => c.name === 'Month')?.values).toEqual(['Nov']);
    expect(encodedNames(s)).not.toContain('PageValues');
    expect(s.excluded).toEqual(['PageValues']);
  });
});

describe('UCI CSV and split', () => {
  const csv = [
    'Administrative,Administrative_Duration,Informational,Informational_Duration,ProductRelated,ProductRelated_Duration,BounceRates,ExitRates,PageValues,SpecialDay,Month,OperatingSystems,Browser,Region,TrafficType,VisitorType,Weekend,Revenue',
    '0,0,0,0,1,0,0.2,0.2,0,0,Feb,1,1,1,1,Returning_Visitor,FALSE,FALSE',
    ',,,,,,,,0,0,Mar,2,2,1,2,New_Visitor,TRUE,TRUE',
  ].join('\n');

  it('parses rows, empty cells as null, Revenue as the label', () => {
    const { rows: parsed, labels } = parseUciCsv(csv);
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({ ProductRelated: 1, BounceRates: 0.2, Month: 'Feb', Browser: '1', Weekend: 'FALSE' });
    expect(parsed[1]?.Administrative).toBeNull();
    expect([...labels]).toEqual([0, 1]);
  });

  it('stratified split keeps the prevalence and is deterministic per seed', () => {
    const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const a = stratifiedSplit(labels, 0.2, 7);
    expect(a.test).toHaveLength(200);
    expect(a.test.filter((i) => labels[i] === 1)).toHaveLength(40);
    expect(new Set([...a.train, ...a.test]).size).toBe(1000);
    expect(stratifiedSplit(labels, 0.2, 7)).toEqual(a);
    expect(stratifiedSplit(labels, 0.2, 8).test).not.toEqual(a.test);
  });

  it('stratified folds give every fold the same size and prevalence, deterministically per seed', () => {
    const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const fold = stratifiedFolds(labels, 5, 7);
    for (let k = 0; k < 5; k++) {
      const rows = [...fold.keys()].filter((i) => fold[i] === k);
      expect(rows).toHaveLength(200);
      expect(rows.filter((i) => labels[i] === 1)).toHaveLength(40);
    }
    expect(stratifiedFolds(labels, 5, 7)).toEqual(fold);
    expect(stratifiedFolds(labels, 5, 8)).not.toEqual(fold);
  });
});

describe('derived and shop columns', () => {
  it('computes derived columns from the row; a cart addition counts as an Administrative page', async () => {
    const { DERIVED_COLUMNS, numberOf } = await import('../../../src/intent/schema.ts');
    const uci = { Administrative: 2, Informational: 1, ProductRelated: 5, Administrative_Duration: 30, Informational_Duration: 10, ProductRelated_Duration: 100 };
    // Without PageValues, BounceRates and ExitRates the analytics columns are missing (null), not 0.
    expect(DERIVED_COLUMNS.map((c) => numberOf(uci, c))).toEqual([2, 8, 140, 0.25, 20, 15, 10, null, null, null, null, null]);
    const live = { ...uci, cart_adds: 2 };
    expect(DERIVED_COLUMNS.map((c) => numberOf(live, c))).toEqual([4, 10, 140, 0.4, 20, 7.5, 10, null, null, null, null, null]);
    const analytics = { ...uci, PageValues: 20, BounceRates: 0.02, ExitRates: 0.05 };
    expect(DERIVED_COLUMNS.slice(7).map((c) => numberOf(analytics, c))).toEqual([1, 4, 100, 0.05 - 0.02, 0.02 * 0.05]);
    expect(numberOf({ PageValues: 0, ProductRelated: 0 }, 'page_value_positive')).toBe(0);
    expect(numberOf({ PageValues: 5, ProductRelated: 0 }, 'page_value_per_product_page')).toBe(0);
    expect(numberOf({ Administrative: 0, Administrative_Duration: 0 }, 'administrative_seconds_per_page')).toBe(0);
    expect(numberOf({ ...uci, Administrative: null }, 'Administrative_with_cart')).toBeNull();
    expect(numberOf({ Administrative: 0, Informational: 0, ProductRelated: 0 }, 'administrative_share')).toBe(0);
  });

  it('fits included columns after the UCI ones, encodes them, and rejects unknown names', async () => {
    const { fitSchema, encodedNames, encodeRows, checkSchema } = await import('../../../src/intent/schema.ts');
    const rows = [{ Administrative: 0, cart_adds: 0 }, { Administrative: 1, cart_adds: 3 }];
    const schema = fitSchema(rows, { exclude: ['BounceRates', 'ExitRates', 'PageValues'], include: ['Administrative_with_cart', 'cart_adds'], minCount: 1 });
    expect(schema.included).toEqual(['Administrative_with_cart', 'cart_adds']);
    const names = encodedNames(schema);
    expect(names.indexOf('cart_adds')).toBe(names.indexOf('Administrative_with_cart') + 1);
    const x = encodeRows(schema, rows);
    const col = names.indexOf('cart_adds');
    expect(x[col]).toBeLessThan(x[names.length + col] as number);
    expect(checkSchema(JSON.parse(JSON.stringify(schema)))).toEqual(schema);
    expect(() => fitSchema(rows, { include: ['nope' as never] })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('a saved schema whose scaling would encode inputs as ±Infinity or NaN does not load', async () => {
    const { fitSchema, checkSchema } = await import('../../../src/intent/schema.ts');
    const schema = fitSchema([{ ProductRelated: 1 }, { ProductRelated: 4 }], { minCount: 1 });
    for (const change of [{ sd: 0 }, { sd: 1e-30 }, { sd: -1 }, { impute: null }, { transform: 'exp' }]) {
      const bad = JSON.parse(JSON.stringify(schema));
      Object.assign(bad.numeric[0], change);
      expect(() => checkSchema(bad), JSON.stringify(change)).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED' }));
    }
  });
});

describe('quantile scaling', () => {
  const values = [0, 0, 0, 0, 0, 0, 1, 2, 5, 100];
  const train: IntentRow[] = values.map((v) => ({ PageValues: v, ProductRelated: v }));

  it('maps each value to the normal score of its mid-rank training quantile, ties at their middle, then standardises', () => {
    const s = fitSchema(train, { minCount: 1, scaling: 'quantile' });
    const pv = s.numeric.find((n) => n.name === 'PageValues');
    expect(pv).toMatchObject({ transform: 'quantile', knots: [0, 1, 2, 5, 100] });
    // Six zeros of ten: mid-rank (0 + 6) / 2 / 10 = 0.3; 1 is the 7th value: (6 + 7) / 2 / 10 = 0.65.
    expect(pv?.levels).toEqual([0.3, 0.65, 0.75, 0.85, 0.95]);
    const names = encodedNames(s);
    const x = encodeRows(s, [{ PageValues: 0 }, { PageValues: 1.5 }, { PageValues: 1e9 }]);
    const at = (row: number) => x[row * names.length + names.indexOf('PageValues')] as number;
    // Monotonic, clamped outside the training range, and long tails squashed: 1e9 scores as 100 does.
    expect(at(0)).toBeLessThan(at(1));
    expect(at(1)).toBeLessThan(at(2));
    const low = fitSchema(train.map((r) => ({ PageValues: (r.PageValues as number) + 1 })), { minCount: 1, scaling: 'quantile' });
    const [below, first] = encodeRows(low, [{ PageValues: 0 }, { PageValues: 1 }]).filter((_, i) => i % encodedNames(low).length === encodedNames(low).indexOf('PageValues'));
    expect(below).toBe(first);
    const top = encodeRows(s, [{ PageValues: 100 }]);
    expect(at(2)).toBeCloseTo(top[names.indexOf('PageValues')] as number, 10);
    // Standardised on the training rows.
    const all = encodeRows(s, train);
    const col = values.map((_, r) => all[r * names.length + names.indexOf('PageValues')] as number);
    expect(col.reduce((a, b) => a + b) / col.length).toBeCloseTo(0, 6);
  });

  it('keeps at most QUANTILE_KNOTS knots; a saved quantile schema round-trips, a broken one does not load', async () => {
    const { QUANTILE_KNOTS, checkSchema } = await import('../../../src/intent/schema.ts');
    const many = Array.from({ length: 5000 }, (_, i) => ({ ProductRelated_Duration: i * 1.5 }));
    const s = fitSchema(many, { minCount: 1, scaling: 'quantile' });
    const d = s.numeric.find((n) => n.name === 'ProductRelated_Duration');
    expect(d?.knots?.length).toBe(QUANTILE_KNOTS);
    expect(checkSchema(JSON.parse(JSON.stringify(s)))).toEqual(s);
    for (const change of [{ knots: undefined }, { knots: [2, 1] }, { levels: [0.5] }, { knots: [0, 1], levels: [0.9, 0.1] }, { knots: [0, Infinity], levels: [0.1, 0.9] }]) {
      const bad = JSON.parse(JSON.stringify(fitSchema(train, { minCount: 1, scaling: 'quantile' })));
      Object.assign(bad.numeric.find((n: { name: string }) => n.name === 'PageValues'), change);
      expect(() => checkSchema(bad), JSON.stringify(change)).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED' }));
    }
    expect(() => fitSchema(train, { scaling: 'rank' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('a schema saved before scaling existed (no knots, log1p / identity) encodes as it did', () => {
    const s = fitSchema(train, { minCount: 1 });
    expect(s.numeric.every((n) => n.knots === undefined && n.levels === undefined && n.transform !== 'quantile')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { DERIVED_COLUMNS, encodeRows, fitSchema, numberOf, type IntentRow } from '../../../src/intent/schema.ts';
import { RANGES, storedColumns } from '../../../src/intent/validate-rows.ts';

// Issue 16: a value the schema cannot encode faithfully is INVALID_INPUT naming row, column and range, never "missing".
const rows: IntentRow[] = Array.from({ length: 12 }, (_, i) => ({
  Administrative: i % 3, Administrative_Duration: i * 10 - 1, ProductRelated: i, ProductRelated_Duration: i * 30,
  BounceRates: i / 100, ExitRates: i / 60, PageValues: i % 4 ? 0 : 20, SpecialDay: 0, Month: 'Nov', Browser: 1 + (i % 2),
  VisitorType: 'Returning_Visitor', Weekend: i % 2 === 0,
}));
const schema = fitSchema(rows, { minCount: 1, include: ['Administrative_with_cart', 'hour_of_day'] });

function invalid(call: () => unknown): { message: string; details: Record<string, unknown> } {
  try {
    call();
  } catch (error) {
    expect(isStorefrontError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe('INVALID_INPUT');
    return error as { message: string; details: Record<string, unknown> };
  }
  return expect.unreachable('expected INVALID_INPUT') as never;
}

describe('intent row checks', () => {
  it('BounceRates 1e300 names the row, the column and the range', () => {
    const e = invalid(() => encodeRows(schema, [rows[0]!, { ...rows[1]!, BounceRates: 1e300 }]));
    expect(e.message).toBe('Intent features: row 1 has BounceRates = 1e+300. Pass a finite number from 0 to 1, or null when it is not known.');
    expect(e.details).toMatchObject({ row: 1, column: 'BounceRates', value: 1e300, min: 0, max: 1 });
  });

  it.each([
    ['NaN', Number.NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['an array', [2]], ['a boolean', false],
    ['an object', {}], ['a numeric string', '12'], ['an empty string', ''], ['a negative count', -3], ['a huge count', 1e8],
  ])('%s in a numeric column is refused by encodeRows and fitSchema', (_, value) => {
    const bad = { ...rows[2]!, ProductRelated: value } as IntentRow;
    expect(invalid(() => encodeRows(schema, [bad])).message).toMatch(/^Intent features: row 0 has ProductRelated = /);
    expect(invalid(() => fitSchema([...rows, bad])).details).toMatchObject({ row: 12, column: 'ProductRelated' });
  });

  it('a derived column checks the columns it is computed from; shop columns have their own range', () => {
    expect(invalid(() => encodeRows(schema, [{ ...rows[0]!, cart_adds: Number.NaN }])).details.column).toBe('cart_adds');
    expect(invalid(() => encodeRows(schema, [{ ...rows[0]!, hour_of_day: 25 }])).message).toMatch(/hour_of_day = 25\. Pass a finite number from 0 to 24/);
  });

  it('every derived column is checked through its sources, also with those sources left out of the schema', () => {
    for (const c of DERIVED_COLUMNS) expect(storedColumns([c]), c).not.toContain(c);
    const pv = fitSchema(rows, { minCount: 1, exclude: ['PageValues', 'BounceRates'], include: ['page_value_per_product_page', 'bounce_x_exit'] });
    expect(invalid(() => encodeRows(pv, [{ ...rows[0]!, PageValues: '12' as never }])).details.column).toBe('PageValues');
    expect(invalid(() => encodeRows(pv, [{ ...rows[0]!, BounceRates: 2 }])).details.column).toBe('BounceRates');
  });

  it('the sources listed for each derived column are exactly the fields its formula reads', () => {
    // validate-rows.ts keeps its own table of sources beside schema.ts's formulas: a proxy records what each reads.
    for (const c of DERIVED_COLUMNS) {
      const read = new Set<string>();
      const row = new Proxy(rows[5]!, { get: (target, key) => (read.add(String(key)), Reflect.get(target, key)) });
      numberOf(row, c);
      expect([...read].sort(), c).toEqual([...storedColumns([c])].sort());
    }
  });

  it('columns the schema does not read are not checked (other fields are ignored)', () => {
    const narrow = fitSchema(rows, { exclude: ['BounceRates'] });
    expect(() => encodeRows(narrow, [{ ...rows[0]!, BounceRates: Number.NaN, cart_value: Infinity, note: [1] } as IntentRow])).not.toThrow();
  });

  it('categorical columns: strings and finite codes; booleans only for Weekend', () => {
    expect(invalid(() => encodeRows(schema, [{ ...rows[0]!, Month: ['Nov'] as never }])).details).toMatchObject({ row: 0, column: 'Month' });
    expect(invalid(() => encodeRows(schema, [{ ...rows[0]!, Browser: Infinity }])).details.column).toBe('Browser');
    expect(invalid(() => encodeRows(schema, [{ ...rows[0]!, Region: true as never }])).details.column).toBe('Region');
    expect(invalid(() => encodeRows(schema, [{ ...rows[0]!, Weekend: {} as never }])).message).toMatch(/Weekend .*a boolean or "TRUE" \/ "FALSE"/);
    expect(() => encodeRows(schema, [{ ...rows[0]!, Weekend: 'TRUE', Month: 'Jun', Browser: 77, VisitorType: '' }])).not.toThrow();
  });

  it('null, absent and UCI\'s −1 durations still encode (null and absent as the training median)', () => {
    const x = encodeRows(schema, [{ ...rows[0]!, PageValues: null, ProductRelated: undefined, Informational_Duration: -1 }]);
    expect(x.every(Number.isFinite)).toBe(true);
    expect([...encodeRows(schema, [{ ...rows[0]!, PageValues: null }])]).toEqual([...encodeRows(schema, [{ ...rows[0]!, PageValues: undefined }])]);
  });

  it('a row that is an array or not an object is refused', () => {
    expect(invalid(() => encodeRows(schema, [[] as never])).message).toMatch(/row 0 is an array/);
    expect(invalid(() => encodeRows(schema, [rows[0]!, null as never])).message).toMatch(/row 1 is null/);
  });

  it('every range holds the whole UCI data range (measured: durations from −1, rates to 0.2, PageValues to 362)', () => {
    expect(RANGES.Administrative_Duration[0]).toBe(-1);
    expect(RANGES.ProductRelated_Duration[1]).toBeGreaterThan(63974);
    expect(RANGES.PageValues[1]).toBeGreaterThan(362);
    expect(RANGES.ProductRelated[1]).toBeGreaterThan(705);
    for (const [min, max] of Object.values(RANGES)) expect(min).toBeLessThan(max);
  });
});

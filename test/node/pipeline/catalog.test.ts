import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { catalogFromAttributes, catalogFromEvents } from '../../../src/pipeline/catalog.ts';
import { readEventLog } from '../../../src/pipeline/event-log.ts';

const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';

describe('catalogFromEvents', () => {
  it('takes each product\'s last category and brand from the log, and leaves out products with neither', () => {
    const log = readEventLog([
      HEADER,
      '2019-10-01 00:00:00 UTC,view,p1,11,beauty.lipstick,acme,9.99,u1,s1',
      '2019-10-01 00:01:00 UTC,view,p2,12,,,5.00,u1,s1',
      '2019-10-01 00:02:00 UTC,view,p1,11,beauty.gloss,acme,9.99,u2,s2',
      '2019-10-01 00:03:00 UTC,view,p3,13,,zeta,1.00,u2,s2',
    ].join('\n'));
    expect(catalogFromEvents(log.events)).toEqual([
      { productId: 'p1', category: 'beauty.gloss', attributes: ['brand:acme'] },
      // category_id stands in when category_code is empty (the CSV importer's rule).
      { productId: 'p2', category: '12' },
      { productId: 'p3', category: '13', attributes: ['brand:zeta'] },
    ]);
  });
});

describe('catalogFromAttributes', () => {
  it('reads S3-Rec\'s item2attributes layout as it is: numbers become their text', () => {
    expect(catalogFromAttributes('{"4": [1, 2, 3], "83": ["x"]}')).toEqual([
      { productId: '4', attributes: ['1', '2', '3'] },
      { productId: '83', attributes: ['x'] },
    ]);
  });

  it('names what is wrong with a malformed file', () => {
    const failure = (text: string) => { try { catalogFromAttributes(text, 'attrs.json'); } catch (e) { return e as Error; } throw new Error('did not throw'); };
    for (const [text, message] of [['{', /attrs\.json: not JSON/], ['[1, 2]', /expected a JSON object/], ['{"p1": "red"}', /product "p1" must be an array/], ['{"p1": [null]}', /product "p1"/]] as const) {
      const error = failure(text);
      expect(isStorefrontError(error, 'INVALID_INPUT')).toBe(true);
      expect(error.message).toMatch(message);
    }
  });
});

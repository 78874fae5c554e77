import { describe, expectTypeOf, it } from 'vitest';
import type { HistoryReader, HistoryStore, SessionFeatures, ShopperEvent } from '../../../src/index.ts';
import { openHistory, sessionFeatures } from '../../../src/index.ts';

describe('history public types', () => {
  it('the store is a HistoryReader, and the feature contract holds', () => {
    expectTypeOf<HistoryStore>().toExtend<HistoryReader>();
    expectTypeOf(openHistory).returns.resolves.toEqualTypeOf<HistoryStore>();
    expectTypeOf(sessionFeatures).parameter(0).toEqualTypeOf<ShopperEvent[]>();
    expectTypeOf<SessionFeatures['Month']>().toEqualTypeOf<'Jan' | 'Feb' | 'Mar' | 'Apr' | 'May' | 'June' | 'Jul' | 'Aug' | 'Sep' | 'Oct' | 'Nov' | 'Dec' | null>();
    expectTypeOf<SessionFeatures['VisitorType']>().toEqualTypeOf<'Returning_Visitor' | 'New_Visitor' | 'Other' | null>();
    expectTypeOf<SessionFeatures['ProductRelated_Duration']>().toEqualTypeOf<number>();
    // @ts-expect-error: events must be ShopperEvents
    void (() => sessionFeatures([{ type: 'like' }]));
  });
});

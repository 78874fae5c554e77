import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/assistant/entities.ts';

const pick = (text: string) => extractEntities(text).map(({ type, value, currency }) => ({ type, value, ...(currency ? { currency } : {}) }));

describe('extractEntities', () => {
  it('finds order numbers in English', () => {
    expect(pick('Where is order #A-10023?')).toEqual([{ type: 'order_number', value: 'A-10023' }]);
    expect(pick('my order number is 55512345')).toEqual([{ type: 'order_number', value: '55512345' }]);
    expect(pick('purchase 113542617735902 never came')).toEqual([{ type: 'order_number', value: '113542617735902' }]);
  });
  it('finds order numbers in Chinese, full-width digits included', () => {
    expect(pick('帮我查订单号：１２３４５６')).toEqual([{ type: 'order_number', value: '123456' }]);
    expect(pick('订单 SO-2024-0012 还没到')).toEqual([{ type: 'order_number', value: 'SO-2024-0012' }]);
  });
  it('finds e-mail addresses, lower-cased', () => {
    expect(pick('change it to Jane.Doe+shop@Example.co.uk please')).toEqual([{ type: 'email', value: 'jane.doe+shop@example.co.uk' }]);
  });
  it('finds amounts with currency in both languages', () => {
    expect(pick('I paid $49.90 and €1,299.00')).toEqual([
      { type: 'amount', value: 49.9, currency: 'USD' },
      { type: 'amount', value: 1299, currency: 'EUR' },
    ]);
    expect(pick('退了99元还没收到，另外￥25.5')).toEqual([
      { type: 'amount', value: 99, currency: 'CNY' },
      { type: 'amount', value: 25.5, currency: 'CNY' },
    ]);
    expect(pick('refund 20 USD')).toEqual([{ type: 'amount', value: 20, currency: 'USD' }]);
  });
  it('does not call an amount or a small number an order number', () => {
    expect(pick('it costs $123456')).toEqual([{ type: 'amount', value: 123456, currency: 'USD' }]);
    expect(pick('i want 3 shirts in size 42')).toEqual([]);
  });
  it('gives offsets into the NFKC text', () => {
    const [e] = extractEntities('mail: a@b.io');
    expect(e).toMatchObject({ start: 6, end: 12, text: 'a@b.io' });
  });
  it('finds several kinds at once, in order', () => {
    expect(pick('Order 20230001: refund $10 to me@x.com').map((e) => e.type)).toEqual(['order_number', 'amount', 'email']);
  });
});

/**
 * Entities a shop's support flow needs, found with rules in English and Chinese: pure functions, run in Node.
 * Order numbers (tracking, cancelling), e-mail addresses (account), amounts with a currency (refunds, payment).
 */

/** What kind of entity. */
export type EntityType = 'order_number' | 'email' | 'amount';

/** One entity found in a message. */
export interface Entity {
  type: EntityType;
  /** The text as written (after NFKC, so full-width "１２３" reads "123"). */
  text: string;
  /** Offsets of `text` in the message's NFKC form, `[start, end)`. */
  start: number;
  end: number;
  /** The normalised value: the order number without "#", the lower-cased e-mail, or the amount as a number. */
  value: string | number;
  /** ISO 4217 code for an amount ('USD', 'EUR', 'GBP', 'CNY', 'JPY'…); absent otherwise. */
  currency?: string;
}

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/giu;

// A number: 1,234.56 or 1234,56 or 1234; Chinese "万" multiplier handled separately.
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d{1,2})?`;
const SYMBOLS: Record<string, string> = {
  'us$': 'USD', $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'CNY', '￥': 'CNY', 'rmb': 'CNY', '人民币': 'CNY', 'hk$': 'HKD',
};
const CODES: Record<string, string> = {
  usd: 'USD', eur: 'EUR', gbp: 'GBP', cny: 'CNY', rmb: 'CNY', jpy: 'JPY', hkd: 'HKD', cad: 'CAD', aud: 'AUD',
  dollars: 'USD', dollar: 'USD', bucks: 'USD', euros: 'EUR', euro: 'EUR', pounds: 'GBP', yuan: 'CNY',
  '元': 'CNY', '块': 'CNY', '块钱': 'CNY', '美元': 'USD', '欧元': 'EUR', '英镑': 'GBP', '日元': 'JPY', '港币': 'HKD',
};
const PREFIX_AMOUNT = new RegExp(String.raw`(us\$|hk\$|rmb|人民币|[$€£¥￥])\s?(${NUM})`, 'giu');
const SUFFIX_AMOUNT = new RegExp(
  String.raw`(${NUM})\s?(块钱|美元|欧元|英镑|日元|港币|元|块|(?:usd|eur|gbp|cny|rmb|jpy|hkd|cad|aud|dollars?|bucks|euros?|pounds|yuan)\b)`,
  'giu',
);
// "order #12345", "order number: 12345", "订单号：12345", "单号 12345", "#12345", or a bare code like "SO-2024-00123"
// or a run of 6+ digits.
const ORDER_AFTER_KEYWORD =
  /(?:order(?:\s*(?:number|no\.?|id|#))?|purchase(?:\s*(?:number|no\.?|id))?|订单(?:号|编号)?|单号)\s*[:#：]?\s*#?([a-z]{0,4}-?\d[\d-]{3,}\d)/giu;
const ORDER_HASH = /#([a-z]{0,4}-?\d{4,}(?:-\d+)*)/giu;
const ORDER_CODE = /(?<![\p{L}\p{N}.,$€£¥￥@-])([a-z]{1,4}-\d{3,}(?:-\d+)*|[a-z]{1,3}\d{6,}|\d{6,})(?![\p{N}@]|[.,]\d)/giu;

function parseNumber(text: string): number {
  // "1,234.56" → thousands separators; "12,50" (one or two decimals after a comma) → decimal comma.
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u.test(text)) return Number(text.replace(/,/gu, ''));
  return Number(text.replace(',', '.'));
}

function overlaps(found: Entity[], start: number, end: number): boolean {
  return found.some((e) => start < e.end && end > e.start);
}

/**
 * Finds order numbers, e-mail addresses and amounts in `text` (English or Chinese, full-width or half-width),
 * in order of position. A span belongs to at most one entity: e-mail first, then amounts, then order numbers.
 *
 * @example
 * extractEntities('Where is order #A-10023? I paid $49.90');
 * // [{ type: 'order_number', text: 'A-10023', value: 'A-10023', … }, { type: 'amount', value: 49.9, currency: 'USD', … }]
 */
export function extractEntities(text: string): Entity[] {
  const source = text.normalize('NFKC');
  const found: Entity[] = [];
  for (const m of source.matchAll(EMAIL)) {
    found.push({ type: 'email', text: m[0], start: m.index, end: m.index + m[0].length, value: m[0].toLowerCase() });
  }
  const amount = (m: RegExpMatchArray, numberText: string, unit: string) => {
    const start = m.index as number;
    const end = start + m[0].length;
    const currency = SYMBOLS[unit.toLowerCase()] ?? CODES[unit.toLowerCase()];
    if (currency === undefined || overlaps(found, start, end)) return;
    found.push({ type: 'amount', text: m[0], start, end, value: parseNumber(numberText), currency });
  };
  for (const m of source.matchAll(PREFIX_AMOUNT)) amount(m, m[2] as string, m[1] as string);
  for (const m of source.matchAll(SUFFIX_AMOUNT)) amount(m, m[1] as string, m[2] as string);
  for (const pattern of [ORDER_AFTER_KEYWORD, ORDER_HASH, ORDER_CODE]) {
    for (const m of source.matchAll(pattern)) {
      const id = m[1] as string;
      const start = (m.index as number) + m[0].lastIndexOf(id);
      const end = start + id.length;
      if (overlaps(found, start, end)) continue;
      found.push({ type: 'order_number', text: id, start, end, value: id.toUpperCase() });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

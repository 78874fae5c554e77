/**
 * The UCI Online Shoppers CSV (the benchmark protocol splits it with core/random's `stratifiedSplit`). Pure: runs in Node and in the browser.
 */
import { StorefrontError } from '../core/errors.ts';
import type { IntentRow } from './schema.ts';
import { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS } from './uci-columns.ts';

/** Parsed UCI rows with their `Revenue` labels (1 = the session ended in a purchase). */
export interface UciData {
  rows: IntentRow[];
  labels: Uint8Array;
}

/**
 * Parses `online_shoppers_intention.csv` (header row, 18 columns, no quoting). Empty cells become `null`, which the
 * schema imputes; Weekend stays the string 'TRUE' / 'FALSE'.
 */
export function parseUciCsv(text: string): UciData {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',');
  const wanted = [...NUMERIC_COLUMNS, ...CATEGORICAL_COLUMNS, 'Revenue'];
  const missing = wanted.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new StorefrontError('INVALID_INPUT', `UCI CSV: header lacks ${missing.join(', ')}. Pass online_shoppers_intention.csv in its original, unencoded format.`);
  }
  const at = new Map(header.map((h, i) => [h, i]));
  const rows: IntentRow[] = [];
  const labels = new Uint8Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const cells = (lines[i] as string).split(',');
    const row: IntentRow = {};
    for (const c of NUMERIC_COLUMNS) {
      const cell = cells[at.get(c) as number] ?? '';
      row[c] = cell === '' ? null : Number(cell);
    }
    for (const c of CATEGORICAL_COLUMNS) {
      const cell = cells[at.get(c) as number] ?? '';
      row[c] = cell === '' ? null : cell;
    }
    rows.push(row);
    labels[i - 1] = cells[at.get('Revenue') as number] === 'TRUE' ? 1 : 0;
  }
  return { rows, labels };
}

/** Picks `indices` out of rows and labels. */
export function take(data: UciData, indices: readonly number[]): UciData {
  return { rows: indices.map((i) => data.rows[i] as IntentRow), labels: Uint8Array.from(indices, (i) => data.labels[i] as number) };
}

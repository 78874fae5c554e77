/**
 * Scoring a purchase-intent model folder for `evaluate`: an event log goes through the same dataset `train intent`
 * builds (sessions → prediction points → `sessionFeatures()`), a UCI Online Shoppers CSV through its parser; when
 * the file is the one the model's provenance names, only the rows its training held out are scored.
 */
import { stratifiedSplit } from '../../core/random.ts';
import { StorefrontError } from '../../core/errors.ts';
import { loadIntentModel } from '../../intent/io.ts';
import { parseUciCsv, take } from '../../intent/uci.ts';
import type { IntentRow } from '../../intent/schema.ts';
import type { IntentModel } from '../../intent/types.ts';
import type { EventLog } from '../../pipeline/event-log.ts';
import { DEFAULT_PREDICTION_POINTS, intentDataset, rowsByPoint, splitIntentDataset, type PredictionPoint } from '../../pipeline/intent-dataset.ts';
import { intentReport, type ScoredPoint } from '../../pipeline/report/intent-report.ts';
import type { IntentReport, ReportHeader } from '../../pipeline/report/types.ts';
import type { InputFile } from '../input-file.ts';
import { FOLDER_BASE, folderFetch, type ModelFolder } from './model-folder.ts';

type Provenance = {
  source?: { sha256?: string };
  data?: { sha256?: string };
  split?: { seed?: number; testFraction?: number; testRows?: number };
  options?: { points?: PredictionPoint[]; split?: 'user' | 'session'; testFraction?: number; seed?: number; timeZone?: 'utc' | 'local' };
};

/** `'3'` → `after 3 events`, `'first_cart'` → `at the first cart addition`. */
export function pointName(point: string): string {
  if (point === 'first_cart') return 'at the first cart addition';
  return point === '1' ? 'after 1 event' : `after ${point} events`;
}

/** The rows to score, their labels and points, and what they are. */
interface Rows {
  rows: IntentRow[];
  labels: ArrayLike<number>;
  points: string[];
  evaluatedOn: string;
}

/** True when the text is the UCI Online Shoppers CSV (its header has Revenue and PageValues). */
export function isUciCsv(text: string): boolean {
  const header = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  return /(^|,)Revenue(,|\r?$)/.test(header) && /(^|,)PageValues(,|$)/.test(header);
}

function uciRows(file: InputFile, text: string, p: Provenance): Rows {
  const all = parseUciCsv(text);
  const { seed, testFraction, testRows } = p.split ?? {};
  if (p.data?.sha256 === file.sha256 && typeof seed === 'number' && typeof testFraction === 'number') {
    const test = take(all, stratifiedSplit(all.labels, testFraction, seed).test);
    if (testRows === undefined || test.rows.length === testRows) {
      return { ...test, points: test.rows.map(() => 'UCI sessions'), evaluatedOn: `the ${test.rows.length} held-out rows of ${file.name} (the split the model was trained on: stratified, test fraction ${testFraction}, seed ${seed})` };
    }
  }
  const trained = p.data?.sha256 === file.sha256 ? ' The model was trained on this file and its split could not be repeated, so these numbers include training rows and are optimistic.' : '';
  return { ...all, points: all.rows.map(() => 'UCI sessions'), evaluatedOn: `all ${all.rows.length} rows of ${file.name}.${trained}` };
}

function logRows(file: InputFile, log: EventLog, p: Provenance): Rows {
  if (log.format === 's3rec') {
    throw new StorefrontError('INVALID_INPUT', `${file.name}: S3-Rec sequences have no sessions, times or purchases, so a purchase-intent model cannot be scored on them. Pass an e-commerce CSV, a history export or the UCI CSV.`);
  }
  const o = p.options ?? {};
  let data;
  try {
    data = intentDataset(log.events, { points: o.points ?? DEFAULT_PREDICTION_POINTS, context: { timeZone: o.timeZone ?? 'utc' } });
  } catch (error) {
    throw new StorefrontError('INVALID_INPUT', `${file.name}: ${(error as Error).message}`, { cause: error });
  }
  if (p.source?.sha256 === file.sha256 && o.split && typeof o.testFraction === 'number' && typeof o.seed === 'number') {
    const { test } = splitIntentDataset(data, { by: o.split, testFraction: o.testFraction, seed: o.seed });
    return { ...test, evaluatedOn: `the held-out ${o.split === 'user' ? 'shoppers' : 'sessions'} of ${file.name}: ${test.sessions} sessions, ${test.purchaseSessions} with a purchase (the split the model was trained on: ${Math.round(o.testFraction * 100)} %, seed ${o.seed}), one row per session and prediction point` };
  }
  return { ...data, evaluatedOn: `every session of ${file.name}: ${data.sessions} sessions, ${data.purchaseSessions} with a purchase, one row per session and prediction point (the model's provenance names another file)` };
}

/** metadata.metrics → `{ "test ROC-AUC": …, … }` for the page's "what the metadata claims". */
function claimed(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [split, m] of Object.entries((metadata.metrics ?? {}) as Record<string, { rocAuc?: number; prAuc?: number; count?: number }>)) {
    if (typeof m?.rocAuc === 'number') out[`${split}: ROC-AUC / PR-AUC`] = `${m.rocAuc.toFixed(3)} / ${(m.prAuc ?? NaN).toFixed(3)} (${m.count ?? '?'} rows)`;
  }
  return out;
}

export interface IntentInput {
  file: InputFile;
  /** The event log, or null for the UCI CSV. */
  log: EventLog | null;
}

export async function evaluateIntentFolder(folder: ModelFolder, input: IntentInput, header: ReportHeader, signal: AbortSignal): Promise<IntentReport> {
  const provenance = (folder.metadata.provenance ?? {}) as Provenance & Record<string, unknown>;
  const rows = input.log ? logRows(input.file, input.log, provenance) : uciRows(input.file, input.file.text(), provenance);
  let model: IntentModel | undefined;
  try {
    model = await loadIntentModel(`${FOLDER_BASE}model.json`, { fetch: folderFetch(folder.path), baseUrl: FOLDER_BASE, signal });
    const scores = await model.predictBatch(rows.rows);
    // Points in their natural order (1, 3, 5, 10, first_cart), not in the order sessions first reach them.
    const rank = (point: string) => (point === 'first_cart' ? Infinity : Number(point) || 0);
    const points: ScoredPoint[] = [...rowsByPoint(rows)].sort((a, b) => rank(a[0]) - rank(b[0])).map(([point, idx]) => ({
      name: point === 'UCI sessions' ? point : pointName(point),
      labels: Uint8Array.from(idx, (i) => rows.labels[i] as number),
      scores: Float32Array.from(idx, (i) => scores[i] as number),
    }));
    return intentReport({ ...header, evaluatedOn: rows.evaluatedOn, model: { ...header.model, provenance, claimed: claimed(folder.metadata) } }, points, { threshold: model.threshold });
  } finally {
    model?.dispose();
  }
}

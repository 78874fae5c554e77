/**
 * Reading a shop's event log from text, in three formats, with auto-detection:
 * - `ecommerce-csv`: the common e-commerce CSV (`event_time,event_type,product_id,category_id,category_code,brand,
 *   price,user_id,user_session`, the REES46 shape), through the history's own CSV importer;
 * - `history-export`: our history export (`{ "format": "storefront-ml/history", "version": 1, "events": [...] }`),
 *   one shopper's history (user id from `extras.userId`, else `shopper`);
 * - `s3rec`: S3-Rec sequence files, one line per user `user item item …`, oldest first, no times (events get
 *   `time` = their position, so order is kept; `timed` is false). The lines hold no sessions: each interaction is
 *   its own (`user/position`), as Amazon's reviews are separate purchases.
 * A malformed row throws INVALID_INPUT naming its 1-based line number; with `skipInvalid` it is skipped and
 * counted instead. Pure and browser-safe (no `node:` imports); linear in the size of the text.
 */
import { StorefrontError, describeError } from '../core/errors.ts';
import { importEcommerceCsv } from '../history/csv-import.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../history/export-format.ts';
import type { EventType, ShopperEvent } from '../history/types.ts';
import { validateStoredEvent } from '../history/validate-event.ts';

export const EVENT_LOG_FORMATS = ['ecommerce-csv', 'history-export', 's3rec'] as const;
export type EventLogFormat = (typeof EVENT_LOG_FORMATS)[number];

/** A shopper event of a log, with the shopper it belongs to. */
export interface LogEvent extends ShopperEvent {
  /** The shopper: CSV `user_id` (else the session id), the export's `extras.userId` (else `shopper`), S3-Rec's user. */
  userId: string;
}

/** A row that was skipped (only with `skipInvalid`). */
export interface SkippedRow {
  /** 1-based line number in the text. */
  line: number;
  reason: string;
}

export interface EventLog {
  format: EventLogFormat;
  /** Events in file order. */
  events: LogEvent[];
  /** Data rows read (CSV rows, export events, S3-Rec interactions), skipped ones included. */
  rows: number;
  skipped: SkippedRow[];
  /** False for S3-Rec, whose events carry positions, not times. */
  timed: boolean;
}

export interface ReadEventLogOptions {
  /** The format, or `auto` to detect it from the text. @default 'auto' */
  format?: EventLogFormat | 'auto';
  /** Skip and count malformed rows instead of throwing. @default false */
  skipInvalid?: boolean;
  /** Names the source in messages (a file name). @default 'Event log' */
  source?: string;
}

/** Guesses the format from the first non-blank characters; undefined when none fits. */
export function detectEventLogFormat(text: string): EventLogFormat | undefined {
  const start = text.search(/\S/);
  if (start === -1) return undefined;
  if (text[start] === '{') return 'history-export';
  const end = text.indexOf('\n', start);
  const first = text.slice(start, end === -1 ? undefined : end).trim();
  if (first.includes(',') && /(^|,)\s*"?event_type"?\s*(,|$)/.test(first)) return 'ecommerce-csv';
  if (/^[^\s,]+(\s+[^\s,]+)+$/.test(first)) return 's3rec';
  return undefined;
}

function invalid(source: string, line: number, reason: string, cause?: unknown): StorefrontError {
  return new StorefrontError('INVALID_INPUT', `${source}: line ${line} is malformed: ${reason}. Fix that row, or pass --skip-invalid to skip and count such rows.`,
    { details: { line, reason }, ...(cause === undefined ? {} : { cause }) });
}

/** Reads an event log (see the module comment for the formats). */
export function readEventLog(text: string, options: ReadEventLogOptions = {}): EventLog {
  const source = options.source ?? 'Event log';
  if (typeof text !== 'string') throw new StorefrontError('INVALID_INPUT', `${source}: expected the file's text.`);
  const body = text.replace(/^\uFEFF/, '');
  const chosen = options.format ?? 'auto';
  const format = chosen === 'auto' ? detectEventLogFormat(body) : chosen;
  if (format === undefined) {
    throw new StorefrontError('INVALID_INPUT', `${source}: cannot tell the format from the first line. Pass --format ${EVENT_LOG_FORMATS.join('|')}.`);
  }
  if (!(EVENT_LOG_FORMATS as readonly string[]).includes(format)) {
    throw new StorefrontError('INVALID_OPTION', `${source}: unsupported format ${JSON.stringify(format)}. Expected one of: ${EVENT_LOG_FORMATS.join(', ')}.`);
  }
  const skip = options.skipInvalid ?? false;
  if (format === 'ecommerce-csv') return readCsv(body, source, skip);
  if (format === 'history-export') return readExport(body, source, skip);
  return readS3Rec(body, source, skip);
}

function readCsv(text: string, source: string, skip: boolean): EventLog {
  let result;
  try {
    result = importEcommerceCsv(text);
  } catch (error) {
    throw invalid(source, 1, `the header is not the e-commerce CSV header (${describeError(error)})`, error);
  }
  if (!skip && result.skipped.length > 0) {
    const first = result.skipped[0] as SkippedRow;
    throw invalid(source, first.line, first.reason);
  }
  const events = result.events.map((e): LogEvent => ({ ...e, userId: String(e.extras?.userId ?? e.sessionId) }));
  return { format: 'ecommerce-csv', events, rows: events.length + result.skipped.length, skipped: result.skipped, timed: true };
}

/** 1-based line of each element of the top-level `events` array (a small JSON scanner; strings and nesting aware). */
function eventLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  let lastString = '';
  let key = '';
  let inEvents = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') { inString = false; lastString = text.slice(stringStart, i); }
      continue;
    }
    if (ch === '"') { inString = true; stringStart = i + 1; }
    else if (ch === ':' && depth === 1) key = lastString;
    else if (ch === '{' || ch === '[') {
      if (depth === 1 && ch === '[' && key === 'events') inEvents = true;
      else if (depth === 2 && inEvents) lines.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 1) inEvents = false;
    }
  }
  return lines;
}

function readExport(text: string, source: string, skip: boolean): EventLog {
  let doc: { format?: unknown; version?: unknown; events?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (error) {
    const at = /position (\d+)/.exec(describeError(error));
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 1;
    throw invalid(source, line, `not valid JSON (${describeError(error)})`, error);
  }
  if (typeof doc !== 'object' || doc === null || doc.format !== EXPORT_FORMAT || doc.version !== EXPORT_VERSION || !Array.isArray(doc.events)) {
    throw new StorefrontError('INVALID_INPUT', `${source}: not a history export (expected format "${EXPORT_FORMAT}", version ${EXPORT_VERSION}, and an events array).`);
  }
  const found = eventLines(text);
  // Line numbers of event objects; a non-object element would shift them, so then fall back to the array's line.
  const lines = found.length === doc.events.length ? found : [];
  const events: LogEvent[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Set<string>();
  doc.events.forEach((raw, i) => {
    const line = lines[i] ?? Math.max(1, text.slice(0, text.indexOf('"events"')).split('\n').length);
    try {
      const e = validateStoredEvent(raw, `event ${i + 1}`);
      if (seen.has(e.id)) throw new StorefrontError('INVALID_INPUT', `event ${i + 1} repeats id ${e.id}`);
      seen.add(e.id);
      events.push({ ...e, userId: String(e.extras?.userId ?? 'shopper') });
    } catch (error) {
      if (!skip) throw invalid(source, line, describeError(error), error);
      skipped.push({ line, reason: describeError(error) });
    }
  });
  return { format: 'history-export', events, rows: doc.events.length, skipped, timed: true };
}

function readS3Rec(text: string, source: string, skip: boolean): EventLog {
  const events: LogEvent[] = [];
  const skipped: SkippedRow[] = [];
  let rows = 0;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    const tokens = line.split(/\s+/);
    const user = tokens[0] as string;
    const reason = tokens.length < 2 ? 'a user but no items (each line is "user item item …")'
      : tokens.some((t) => t.length > 200) ? 'an id longer than 200 characters'
        : line.includes(',') ? 'a comma (S3-Rec lines are space-separated: "user item item …")' : undefined;
    if (reason !== undefined) {
      if (!skip) throw invalid(source, lineNo, reason);
      skipped.push({ line: lineNo, reason });
      rows++;
      continue;
    }
    for (let t = 1; t < tokens.length; t++) {
      events.push({ type: 'view', page: 'product', time: t - 1, sessionId: `${user}/${t - 1}`, productId: tokens[t] as string, userId: user });
    }
    rows += tokens.length - 1;
  }
  return { format: 's3rec', events, rows, skipped, timed: false };
}

/** Per-shopper product sequences for recommendation, and how they were made. */
export interface UserSequences {
  userIds: string[];
  /** One product-id sequence per shopper, oldest first. */
  sequences: string[][];
  /** Interactions kept (the sum of the sequence lengths). */
  interactions: number;
  /** Per shopper, whether the kept interactions span more than one session (a returning shopper to `recommend()`). */
  returning: boolean[];
}

export interface UserSequencesOptions {
  /** Event types that count as interactions. @default ['view', 'cart_add', 'purchase'] */
  types?: readonly EventType[];
  /** Collapse immediate repeats of one product (a view, then its cart addition, then its purchase → once). @default true */
  collapseRepeats?: boolean;
  /** Drop shoppers with fewer interactions than this (after collapsing). @default 1 */
  minLength?: number;
}

export const DEFAULT_INTERACTION_TYPES: readonly EventType[] = ['view', 'cart_add', 'purchase'];

/**
 * Groups a log's events by shopper (first appearance order), orders each shopper's events by time (stable: file
 * order breaks ties) and keeps the product ids of interaction events.
 */
export function userSequences(events: readonly LogEvent[], options: UserSequencesOptions = {}): UserSequences {
  const types = new Set(options.types ?? DEFAULT_INTERACTION_TYPES);
  const collapse = options.collapseRepeats ?? true;
  const minLength = options.minLength ?? 1;
  const byUser = new Map<string, LogEvent[]>();
  for (const e of events) {
    if (!types.has(e.type) || e.productId === undefined) continue;
    let list = byUser.get(e.userId);
    if (!list) byUser.set(e.userId, (list = []));
    list.push(e);
  }
  const userIds: string[] = [];
  const sequences: string[][] = [];
  const returning: boolean[] = [];
  let interactions = 0;
  for (const [user, list] of byUser) {
    // Already ordered in most logs: sort only when needed (Array.prototype.sort is stable).
    let ordered = true;
    for (let i = 1; i < list.length && ordered; i++) ordered = (list[i - 1] as LogEvent).time <= (list[i] as LogEvent).time;
    if (!ordered) list.sort((a, b) => a.time - b.time);
    const seq: string[] = [];
    let several = false;
    for (const e of list) {
      several ||= e.sessionId !== (list[0] as LogEvent).sessionId;
      if (collapse && seq[seq.length - 1] === e.productId) continue;
      seq.push(e.productId as string);
    }
    if (seq.length < minLength) continue;
    userIds.push(user);
    sequences.push(seq);
    returning.push(several);
    interactions += seq.length;
  }
  return { userIds, sequences, interactions, returning };
}

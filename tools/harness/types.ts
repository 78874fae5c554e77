import type { BackendChoice, RuntimeInfo } from '../../src/runtime/types.ts';

/** Files the suite may read: the data directory (`STOREFRONT_DATA`) and local paths named on the command line. */
export interface DataAccess {
  /** URL of `rel` inside the data directory. */
  url(rel: string): string;
  /** Fetches `rel` from the data directory; a missing file throws DATA_MISSING with what to do. */
  fetch(rel: string): Promise<Response>;
  json<T = unknown>(rel: string): Promise<T>;
  text(rel: string): Promise<string>;
  /** Files under a directory of the data directory, relative to it, sorted. */
  list(dir: string): Promise<string[]>;
}

export interface SuiteContext {
  /** What `--backend` asked for. The runtime has already been started with it. */
  backend: BackendChoice;
  runtime: RuntimeInfo;
  /**
   * The command line's other options (`--topk 10` → `{ topk: '10' }`, a bare flag → `true`). An option whose value
   * is an existing local path is rewritten to a URL the page can fetch (a directory answers `?list`).
   */
  options: Record<string, string | boolean>;
  data: DataAccess;
  /** Progress lines, shown on the terminal as they happen. */
  log(message: string): void;
}

export type Row = Record<string, string | number | null>;

export interface SuiteResult {
  /** Flat, snake_case, numbers only: the values other tools compare. */
  metrics: Record<string, number>;
  /** Rows printed as a table under the metrics (e.g. one per model or baseline). */
  table?: Row[];
  /**
   * Files to write when the command line has `--save <dir>` (the suite sees `options.save === true`): relative path →
   * text or base64 bytes. Used by training suites to produce the models committed under `models/`. Not kept in the JSON.
   */
  artifacts?: Record<string, { text: string } | { base64: string }>;
  /** Anything else worth keeping in the JSON (configuration, curves, per-seed values…). */
  [extra: string]: unknown;
}

export interface Suite {
  /** One line shown in the table's title. */
  description: string;
  run(context: SuiteContext): Promise<SuiteResult>;
}

/**
 * The fuzz tier's shared parts: hostile values, a seeded and time-bounded runner that prints how many runs each
 * property got, and the check every public call must pass (a valid result, or a StorefrontError with one of the
 * allowed codes — never a raw TypeError/RangeError/DataError). Runs in Node and in the browser tier alike.
 */
import fc from 'fast-check';
import { isStorefrontError, type ErrorCode } from '../../src/core/errors.ts';

/** The tier's seed: fixed, so CI replays the same cases; STOREFRONT_FUZZ_SEED (Node) picks another to explore. */
const envSeed = typeof process !== 'undefined' ? Number(process.env?.STOREFRONT_FUZZ_SEED) : Number.NaN;
export const FUZZ_SEED = Number.isInteger(envSeed) ? envSeed : 16_016;

/** An object whose toString/valueOf throw, as a careless or hostile caller might pass. */
function throwingToString(): object {
  return {
    toString() { throw new Error('toString was called'); },
    valueOf() { throw new Error('valueOf was called'); },
    [Symbol.toPrimitive]() { throw new Error('Symbol.toPrimitive was called'); },
  };
}

/** Hand-picked values that break naive checks: non-finite and extreme numbers, odd strings, prototype tricks. */
export const HOSTILE_CONSTANTS: readonly unknown[] = [
  Number.NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 2, 2 ** 32, 2 ** 53, -(2 ** 31),
  '', ' ', 'x'.repeat(100_000), '\u{1F600}\u200d\u{1F4BB}', '\uD800', '\u0000', 'NaN', '__proto__', 'constructor', 'toString',
  null, undefined, true, false, [], [null], [Number.NaN], {}, Object.create(null),
  JSON.parse('{"__proto__": {"topK": 5, "productId": "p1"}}'), { constructor: 1, hasOwnProperty: 2 },
  Symbol('hostile'), 10n, -(2n ** 70n), () => 1, new Date(Number.NaN), /re/, new Map(), new Uint8Array(3),
];

/** Lazily built so that each run gets a fresh object (a callee might mutate it). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  { weight: 1, arbitrary: fc.constant(null).map(() => throwingToString()) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 4, withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }) },
);

/**
 * An object whose fields are drawn from `fields` (three times in four) or hostile values, each field present or
 * absent: mostly valid, so that calls get past the first check often enough to reach the later ones.
 */
export function hostileRecord<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.fromEntries(Object.entries(fields).map(([k, good]) => [k, fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: hostileValue })]));
  return fc.record(entries, { requiredKeys: [] });
}

export interface FuzzParams {
  /** Runs at most. */
  numRuns: number;
  /** Stop (and pass with the runs done) after this many ms. @default 8000 */
  timeLimitMs?: number;
}

/** The runs each property got in this file, printed at the end of each property. */
export const runCounts: Record<string, number> = {};

/**
 * Runs a property with the tier's seed, at most `numRuns` times and for at most `timeLimitMs`, prints
 * `fuzz: <name>: N runs in T ms (seed S)`, and throws fast-check's report (with the shrunk counterexample and
 * the seed/path to replay it) when it fails.
 */
export async function fuzz<Ts extends [unknown, ...unknown[]]>(
  name: string,
  params: FuzzParams,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => unknown | Promise<unknown>,
): Promise<void> {
  const property = fc.asyncProperty(...arbitraries, async (...args: Ts) => {
    const ok = await predicate(...args);
    if (ok === false) throw new Error('the predicate returned false');
  });
  tally.resolved = 0;
  tally.rejected = 0;
  const start = performance.now();
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, {
    seed: FUZZ_SEED,
    numRuns: params.numRuns,
    interruptAfterTimeLimit: params.timeLimitMs ?? 8000,
  });
  const ms = Math.round(performance.now() - start);
  runCounts[name] = details.numRuns;
  const calls = tally.resolved + tally.rejected > 0 ? ` (calls: ${tally.resolved} resolved, ${tally.rejected} typed errors)` : '';
  console.log(`fuzz: ${name}: ${details.numRuns} runs in ${ms} ms${calls}, seed ${FUZZ_SEED}${details.interrupted ? ', stopped at the time limit' : ''}`);
  if (details.failed) {
    let report: string | undefined;
    try {
      report = await fc.asyncDefaultReportMessage(details);
    } catch {
      // A hostile counterexample that cannot be printed: give its shape and the replay path.
      report = `counterexample ${safeJson(details.counterexample)}; error ${describe(details.errorInstance)}; seed ${details.seed}, path "${details.counterexamplePath}"`;
    }
    throw new Error(`fuzz: ${name} failed: ${describe(details.errorInstance)}\n${report}`);
  }
}

/** How the checked calls of the running property ended (shrinking runs included). */
const tally = { resolved: 0, rejected: 0 };

/** What a call ended in: its value, or the error it threw or rejected with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function outcome<T>(call: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Describes an error without calling anything a hostile value may have overridden. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try { return String(error); } catch { return Object.prototype.toString.call(error); }
}

/**
 * The contract of every public call on hostile values: it resolves (and `valid` accepts the value) or it fails
 * with a StorefrontError whose code is one of `codes`. Throws a readable error otherwise.
 */
export async function resolvesValidOrRejectsTyped<T>(
  call: () => T | Promise<T>,
  valid: (value: T) => boolean | void,
  codes: readonly ErrorCode[] = ['INVALID_INPUT', 'INVALID_OPTION'],
): Promise<Outcome<T>> {
  const result = await outcome(call);
  tally[result.ok ? 'resolved' : 'rejected']++;
  if (result.ok) {
    if (valid(result.value) === false) throw new Error(`resolved to an invalid result: ${safeJson(result.value)}`);
  } else if (!isStorefrontError(result.error) || !codes.includes(result.error.code)) {
    throw new Error(`failed with ${isStorefrontError(result.error) ? `StorefrontError ${result.error.code}: ${result.error.message}` : describe(result.error)}, expected a StorefrontError ${codes.join('/')}`);
  }
  return result;
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))?.slice(0, 500) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * A scored list is valid when it holds at most `topK` distinct non-empty product ids with finite scores that never
 * increase. `sorted: false` for lists in diversity (MMR) order, whose scores are each product's relevance.
 */
export function isRankedList(list: unknown, topK = Infinity, sorted = true): boolean {
  if (!Array.isArray(list) || list.length > topK) return false;
  if (new Set(list.map((item: { productId?: unknown }) => item.productId)).size !== list.length) return false;
  return list.every((item: { productId?: unknown; score?: unknown }, i) =>
    typeof item.productId === 'string' && item.productId !== '' && typeof item.score === 'number' && Number.isFinite(item.score) &&
    (!sorted || i === 0 || (list[i - 1] as { score: number }).score >= item.score));
}

export { fc };

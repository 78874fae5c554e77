/**
 * What every model family shares: the options of its loader and the "use after dispose() throws DISPOSED" rule.
 * Written once here so the five families cannot drift apart (before, each had its own `check()` and each forgot a
 * different getter).
 */
import { StorefrontError } from './errors.ts';

/** Download progress of a loader: `loaded` of `total` bytes over all files of the model. */
export interface LoadProgress {
  loaded: number;
  total: number;
}

/**
 * The options every `loadX(source, options)` takes where they apply; the model-file layer (src/core/files) honours
 * them for hosted files. A family that cannot honour one (there is
 * nothing to cache in an in-memory source, say) ignores it rather than failing.
 */
export interface LoadOptions {
  /** Aborts the load with ABORTED. */
  signal?: AbortSignal;
  /** Called as bytes arrive. */
  onProgress?: (progress: LoadProgress) => void;
  /** `'indexeddb'` keeps verified downloaded files in IndexedDB; `'none'` just downloads. @default 'none' */
  cache?: 'indexeddb' | 'none';
  /** The fetch to download with (a service worker's, an authenticated one, a test double). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Resolves a relative source URL. @default location.href */
  baseUrl?: string | URL;
  /**
   * Origins other than the page's that model files may come from, e.g. `['https://cdn.example.com']`. Without it a
   * source or a metadata file naming another origin is refused with ORIGIN_NOT_ALLOWED before anything is fetched.
   * @default []
   */
  allowedOrigins?: readonly string[];
}

/** The files of a saved model, by path inside its hosted folder: text files as strings, binary ones as bytes. */
export type ModelFiles = Record<string, string | Uint8Array>;

/** The three lifecycle members every model has, whatever its family. */
export interface ModelLifecycle {
  /** Saves to `indexeddb://<name>` (where the family supports it). */
  save(target: string): Promise<void>;
  /** The files to host in one folder; the family's loader reads them back. */
  toFiles(): Promise<ModelFiles>;
  /** Frees what the model holds. Idempotent; any other use afterwards throws DISPOSED. */
  dispose(): void;
}

// Read by the runtime itself rather than by callers: awaiting a disposed model (`then`) and printing it in a
// failing test (symbols such as Symbol.toStringTag, util.inspect.custom) must not throw.
function exempt(prop: string | symbol): boolean {
  return typeof prop === 'symbol' || prop === 'then';
}

const AsyncFunction = (async () => {}).constructor;

/** The method `prop` names on `target`'s prototype chain, found without running any getter. */
function methodOf(target: object, prop: string | symbol): ((...args: unknown[]) => unknown) | null {
  for (let o: object | null = target; o !== null; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, prop);
    if (descriptor) return typeof descriptor.value === 'function' ? descriptor.value : null;
  }
  return null;
}

/**
 * Wraps a model so that after its `dispose()` every method call and every property read or write throws
 * StorefrontError DISPOSED, and further `dispose()` calls do nothing. An async method rejects with it (so
 * `model.predict(x).catch(…)` sees it as it would any other failure); a sync method or a property throws. Methods run with `this` = the unwrapped
 * model, so its internals (including its own dispose()) never hit the guard; an async method already running
 * when dispose() is called keeps its own checks.
 *
 * @param subject names the model in the message, e.g. `'Intent model'`.
 * @param again how to get a new one, e.g. `'Load or train a new model.'`.
 */
export function guardDisposed<T extends { dispose(): void }>(model: T, subject: string, again: string): T {
  let disposed = false;
  const fail = (prop: string | symbol): never => {
    throw new StorefrontError('DISPOSED', `${subject}: ${String(prop)} was used after dispose(). ${again}`, { details: { member: String(prop) } });
  };
  // One wrapper per method, so `model.predict === model.predict` holds as it does on the class, and a method read
  // before dispose() (`const { predict } = model`) still refuses to run afterwards.
  const wrappers = new Map<string | symbol, { of: unknown; fn: unknown }>();
  const wrapperOf = (prop: string | symbol, method: (...args: unknown[]) => unknown): unknown => {
    let entry = wrappers.get(prop);
    if (entry?.of !== method) {
      const fn = method instanceof AsyncFunction
        ? async (...args: unknown[]) => (disposed ? fail(prop) : method.apply(model, args))
        : (...args: unknown[]) => (disposed ? fail(prop) : method.apply(model, args));
      entry = { of: method, fn };
      wrappers.set(prop, entry);
    }
    return entry.fn;
  };
  const dispose = (): void => {
    if (disposed) return;
    model.dispose();
    disposed = true;
  };
  return new Proxy(model, {
    get(target, prop) {
      if (exempt(prop)) return Reflect.get(target, prop, target);
      if (prop === 'dispose') return dispose;
      if (disposed) {
        const method = methodOf(target, prop);
        return method === null ? fail(prop) : wrapperOf(prop, method);
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? wrapperOf(prop, value as (...args: unknown[]) => unknown) : value;
    },
    set(target, prop, value) {
      if (disposed && !exempt(prop)) return fail(prop);
      return Reflect.set(target, prop, value, target);
    },
  });
}

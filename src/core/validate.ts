import { StorefrontError } from './errors.ts';

/** Formats a value for an error message without dumping large objects. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${Object.prototype.toString.call(value).slice(8, -1)}`;
}

/** Throws INVALID_OPTION unless `value` is one of `allowed`. `subject` names the option, e.g. "backend". */
export function oneOf<T extends string>(subject: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StorefrontError(
    'INVALID_OPTION',
    `Unsupported ${subject} ${show(value)}. Expected one of: ${allowed.join(', ')}.`,
    { details: { option: subject, value, allowed } },
  );
}

/** Throws INVALID_OPTION unless `value` is a finite number within [min, max]. */
export function numberIn(subject: string, value: unknown, min: number, max: number, integer = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max &&
    (!integer || Number.isInteger(value));
  if (ok) return value;
  const kind = integer ? 'an integer' : 'a number';
  throw new StorefrontError(
    'INVALID_OPTION',
    `Option ${subject} must be ${kind} from ${min} to ${max}; got ${show(value)}.`,
    { details: { option: subject, value, min, max } },
  );
}

function badOption(subject: string, expected: string, value: unknown, details: Record<string, unknown> = {}): never {
  throw new StorefrontError('INVALID_OPTION', `Option ${subject} must be ${expected}; got ${show(value)}.`, {
    details: { option: subject, value, ...details },
  });
}

/**
 * True for `{…}` and `Object.create(null)`, from any realm: an object whose prototype is a root prototype or null.
 * Arrays, typed arrays, Maps and class instances are not: they would lend their own methods (an array's `filter`)
 * as options.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** An options argument: undefined gives `{}`; anything but a plain object (null, an array, a string, a Map…) throws INVALID_OPTION. */
export function optionsOf<T extends object>(subject: string, value: T | undefined | null): Partial<T> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new StorefrontError('INVALID_OPTION', `${subject}: options must be an object; got ${show(value)}. Pass {} or leave them out.`, {
      details: { option: 'options', value },
    });
  }
  return value;
}

/** Throws INVALID_OPTION unless `value` is a finite number above `min` (exclusive) and at most `max`. */
export function numberAbove(subject: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > min && value <= max) return value;
  return badOption(subject, `a number above ${min} and at most ${max}`, value, { min, max });
}

/** Throws INVALID_OPTION unless `value` is a number other than NaN (±Infinity stand for an open end). */
export function boundIn(subject: string, value: unknown): number {
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  return badOption(subject, 'a number (milliseconds since the epoch; -Infinity or Infinity for an open end)', value);
}

/** Throws INVALID_OPTION unless `value` is undefined or a boolean. */
export function booleanOption(subject: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  return badOption(subject, 'true or false', value);
}

/** Throws INVALID_OPTION unless `value` is undefined or a function. */
export function functionOption<F extends (...args: never[]) => unknown>(subject: string, value: unknown): F | undefined {
  if (value === undefined || typeof value === 'function') return value as F | undefined;
  return badOption(subject, 'a function', value);
}

/** Throws INVALID_OPTION unless `value` is undefined or an array of strings. */
export function stringsOption(subject: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return badOption(subject, 'an array of strings', value);
  const at = value.findIndex((v) => typeof v !== 'string');
  if (at >= 0) return badOption(`${subject}[${at}]`, 'a string', value[at]);
  return value as string[];
}

/** Throws INVALID_OPTION unless `value` is undefined or an AbortSignal. */
export function signalOption(subject: string, value: unknown): AbortSignal | undefined {
  if (value === undefined || (typeof AbortSignal === 'function' && value instanceof AbortSignal)) return value as AbortSignal | undefined;
  return badOption(subject, 'an AbortSignal (from an AbortController)', value);
}

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

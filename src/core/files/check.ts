/**
 * Checks for the numbers a metadata file carries, run before any tensor exists: each failure is MODEL_LOAD_FAILED
 * with `details.field` naming what is wrong. Pure; runs in Node.
 */
import { StorefrontError } from '../errors.ts';
import { show } from '../validate.ts';

/** Throws MODEL_LOAD_FAILED: `<subject>: <where> <field> is <value>. <fix>` with details { field, value }. */
export function badField(subject: string, where: string, field: string, value: unknown, fix: string): never {
  throw new StorefrontError('MODEL_LOAD_FAILED', `${subject}: ${where} ${field} is ${show(value)}. ${fix}`, {
    details: { field, value: typeof value === 'object' ? show(value) : value, source: where },
  });
}

/** A field checker bound to one subject and source. */
export function fieldChecker(subject: string, where: string) {
  const bad = (field: string, value: unknown, fix: string): never => badField(subject, where, field, value, fix);
  return {
    bad,
    /** An integer in [min, max]. */
    int(field: string, value: unknown, min: number, max: number): number {
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) bad(field, value, `Expected an integer from ${min} to ${max}.`);
      return value as number;
    },
    /** A finite number in [min, max] (`open` excludes min). */
    num(field: string, value: unknown, min: number, max: number, open = false): number {
      const ok = typeof value === 'number' && Number.isFinite(value) && (open ? value > min : value >= min) && value <= max;
      if (!ok) bad(field, value, `Expected a number ${open ? 'above' : 'from'} ${min} ${open ? 'up to' : 'to'} ${max}.`);
      return value as number;
    },
    /** Equal to what the weights say. */
    same(field: string, value: unknown, expected: unknown, fix: string): void {
      if (value !== expected) bad(field, value, `The weights hold ${show(expected)}. ${fix}`);
    },
  };
}

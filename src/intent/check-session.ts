/**
 * Checks of what `sessionFeatures` takes, so that every feature it returns is a finite number or null: events are
 * objects with a known `type` and a `time` a Date can hold, their numbers finite; the context's fields have their
 * documented types; the shop's `pageStats` returns finite numbers. Events → INVALID_INPUT, context → INVALID_OPTION,
 * each naming the field. Pure; runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';
import { functionOption, oneOf, optionsOf, show } from '../core/validate.ts';
import { EVENT_TYPES, PAGE_KINDS, type ShopperEvent } from '../history/types.ts';

/** PageStats as session-features.ts declares it (not imported, so that file may import this one). */
interface PageStats {
  bounceRate?: number;
  exitRate?: number;
  pageValue?: number;
}

/** The widest time a Date holds (ECMA-262 §21.4.1.1): beyond it, calendar features would be NaN. */
const MAX_DATE_MS = 8.64e15;

function badEvent(field: string, what: string, value: unknown): never {
  throw new StorefrontError('INVALID_INPUT', `sessionFeatures: ${field} ${what}; got ${show(value)}. Pass events as the history store records them.`, {
    details: { field, value },
  });
}

function badOption(field: string, what: string, value: unknown): never {
  throw new StorefrontError('INVALID_OPTION', `sessionFeatures: ${field} ${what}; got ${show(value)}. Correct the context and call again.`, {
    details: { option: field, value },
  });
}

const finiteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkEvents(field: string, events: unknown): readonly ShopperEvent[] {
  if (!Array.isArray(events)) badEvent(field, 'must be an array of events', events);
  for (let i = 0; i < events.length; i++) {
    const at = `${field}[${i}]`;
    const e = events[i] as Record<string, unknown> | null | undefined;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) badEvent(at, 'must be an event object', e);
    if (typeof e.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(e.type)) badEvent(`${at}.type`, `must be one of ${EVENT_TYPES.join(', ')}`, e.type);
    if (!finiteNumber(e.time) || Math.abs(e.time) > MAX_DATE_MS) badEvent(`${at}.time`, `must be ms since the epoch within ±${MAX_DATE_MS}`, e.time);
    for (const key of ['productId', 'category'] as const) {
      if (e[key] !== undefined && typeof e[key] !== 'string') badEvent(`${at}.${key}`, 'must be a string', e[key]);
    }
    for (const key of ['price', 'quantity', 'durationMs'] as const) {
      if (e[key] !== undefined && (!finiteNumber(e[key]) || Math.abs(e[key]) > 1e15)) badEvent(`${at}.${key}`, 'must be a finite number of at most 1e15', e[key]);
    }
    if (e.page !== undefined && !(PAGE_KINDS as readonly unknown[]).includes(e.page)) badEvent(`${at}.page`, `must be one of ${PAGE_KINDS.join(', ')}`, e.page);
  }
  return events as readonly ShopperEvent[];
}

/** Checks `events` and `context`; returns the context with `pageStats` wrapped so that it returns finite numbers. */
export function checkSessionInput<C extends object>(events: unknown, context: C | undefined): C {
  checkEvents('events', events);
  const c = optionsOf('sessionFeatures', context) as {
    previousSessions?: unknown; now?: unknown; timeZone?: unknown; visit?: Record<string, unknown> | null;
    specialDates?: unknown; pageStats?: unknown;
  };
  if (c.previousSessions !== undefined) {
    if (!Array.isArray(c.previousSessions)) badOption('previousSessions', 'must be an array of event arrays', c.previousSessions);
    for (let i = 0; i < c.previousSessions.length; i++) checkEvents(`previousSessions[${i}]`, c.previousSessions[i]);
  }
  if (c.now !== undefined && (!finiteNumber(c.now) || Math.abs(c.now) > MAX_DATE_MS)) badOption('now', `must be ms since the epoch within ±${MAX_DATE_MS}`, c.now);
  if (c.timeZone !== undefined) oneOf('timeZone', c.timeZone, ['local', 'utc']);
  if (c.visit !== undefined) {
    if (typeof c.visit !== 'object' || c.visit === null || Array.isArray(c.visit)) badOption('visit', 'must be an object of codes', c.visit);
    for (const key of ['operatingSystem', 'browser', 'region', 'trafficType'] as const) {
      const v = c.visit[key];
      if (v !== undefined && !finiteNumber(v)) badOption(`visit.${key}`, 'must be a finite number', v);
    }
  }
  if (c.specialDates !== undefined) {
    if (!Array.isArray(c.specialDates)) badOption('specialDates', 'must be an array of { month, day }', c.specialDates);
    for (let i = 0; i < c.specialDates.length; i++) {
      const d = c.specialDates[i] as { month?: unknown; day?: unknown } | null | undefined;
      const ok = typeof d === 'object' && d !== null && Number.isInteger(d.month) && (d.month as number) >= 1 && (d.month as number) <= 12 &&
        Number.isInteger(d.day) && (d.day as number) >= 1 && (d.day as number) <= 31;
      if (!ok) badOption(`specialDates[${i}]`, 'must be { month: 1…12, day: 1…31 }', d);
    }
  }
  const pageStats = functionOption<(event: ShopperEvent) => PageStats | undefined>('pageStats', c.pageStats);
  if (pageStats === undefined) return c as C;
  return {
    ...c,
    pageStats(event: ShopperEvent) {
      const s: unknown = pageStats(event);
      if (s === undefined) return undefined;
      if (typeof s !== 'object' || s === null) badOption('pageStats', 'must return a PageStats object or undefined', s);
      for (const key of ['bounceRate', 'exitRate', 'pageValue'] as const) {
        const v = (s as PageStats)[key];
        if (v !== undefined && !finiteNumber(v)) badOption(`pageStats(…).${key}`, 'must be a finite number or left out', v);
      }
      return s as PageStats;
    },
  } as C;
}

/** Session segmentation by inactivity. Pure, runs in Node. */
import { StorefrontError } from '../core/errors.ts';
import { numberIn, show } from '../core/validate.ts';
import type { ShopperEvent } from './types.ts';

/** Thirty minutes, the usual web-analytics inactivity timeout. */
export const DEFAULT_SESSION_GAP_MS = 30 * 60 * 1000;

/** Events that follow each other with no gap longer than the inactivity timeout. */
export interface Session<E extends ShopperEvent = ShopperEvent> {
  /** Time of the first and last event. */
  start: number;
  end: number;
  /** The shop's session ids seen in this session, in order of first appearance. */
  sessionIds: string[];
  /** Oldest first. */
  events: E[];
}

/**
 * Splits events into sessions wherever more than `gapMs` passes between two consecutive events (the shop's own
 * `sessionId` is kept in `sessionIds` but does not split). Events may come in any order; sessions are oldest first.
 * `gapMs` is a number from 1 to Number.MAX_SAFE_INTEGER (INVALID_OPTION otherwise).
 */
export function segmentSessions<E extends ShopperEvent>(events: readonly E[], gapMs = DEFAULT_SESSION_GAP_MS): Session<E>[] {
  if (!Array.isArray(events)) throw new StorefrontError('INVALID_INPUT', `Sessions: events must be an array of ShopperEvent; got ${show(events)}.`);
  numberIn('gapMs', gapMs, 1, Number.MAX_SAFE_INTEGER);
  const sorted = [...events].sort((a, b) => a.time - b.time);
  const sessions: Session<E>[] = [];
  let current: Session<E> | undefined;
  for (const e of sorted) {
    if (!current || e.time - current.end > gapMs) {
      current = { start: e.time, end: e.time, sessionIds: [], events: [] };
      sessions.push(current);
    }
    current.end = e.time;
    current.events.push(e);
    if (!current.sessionIds.includes(e.sessionId)) current.sessionIds.push(e.sessionId);
  }
  return sessions;
}

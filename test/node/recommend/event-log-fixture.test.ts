import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_LOG, makeEventLog } from '../../fixtures/make-event-log.mjs';

describe('the tiny shop event log fixture', () => {
  it('is reproduced byte for byte by our seeded script', () => {
    expect(makeEventLog() === readFileSync(EVENT_LOG, 'utf8'), 'test/fixtures/events/generated-shop.csv differs: run node test/fixtures/make-event-log.mjs').toBe(true);
  });
});

/**
 * Fuzz: the file formats a shop hands in. SFEM embeddings on random bytes and on damaged valid files; the CSV
 * importer on random text; the history export parser on random JSON. Each either parses or fails with its
 * documented StorefrontError code, never a raw error; valid inputs round-trip.
 */
import { describe, it } from 'vitest';
import { decodeEmbeddings, encodeEmbeddings } from '../../src/recommend/embedding-format.ts';
import { importEcommerceCsv, ECOMMERCE_CSV_COLUMNS } from '../../src/history/csv-import.ts';
import { parseExport } from '../../src/history/export-format.ts';
import { newEventId, validateEvent } from '../../src/history/validate-event.ts';
import { fc, fuzz, hostileValue, resolvesValidOrRejectsTyped } from './fuzz.ts';
import { validEvent } from './events.ts';

const embeddings = fc.integer({ min: 1, max: 6 }).chain((dim) => fc.record({
  ids: fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 }),
  dim: fc.constant(dim),
  metadata: fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== 'ids' && k !== '__proto__'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
}).chain((e) => fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: e.ids.length * dim, maxLength: e.ids.length * dim })
  .map((values) => ({ ...e, vectors: new Float32Array(values) }))));

describe('fuzz: file formats', () => {
  it('decodeEmbeddings(random bytes): embeddings or MODEL_LOAD_FAILED', async () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 60 }).map((b) => {
      // Starts like a real file, so the parser gets past the magic and version.
      const out = new Uint8Array(20 + b.length);
      out.set([0x53, 0x46, 0x45, 0x4d, 1, 0, 0, 0]);
      out.set(b.subarray(0, 12), 8);
      out.set(b, 20);
      return out;
    }));
    await fuzz('decodeEmbeddings random bytes', { numRuns: 5000, timeLimitMs: 6000 }, [bytes], async (b) => {
      await resolvesValidOrRejectsTyped(() => decodeEmbeddings(b.slice().buffer), (e) => e.vectors.length === e.ids.length * e.dim && e.vectors.every(Number.isFinite), ['MODEL_LOAD_FAILED']);
    });
  });

  it('encodeEmbeddings → decodeEmbeddings round-trips; one flipped byte decodes or fails with MODEL_LOAD_FAILED', async () => {
    await fuzz('SFEM round trip and damage', { numRuns: 1500, timeLimitMs: 6000 }, [embeddings, fc.nat(), fc.integer({ min: 1, max: 255 })], async (e, at, flip) => {
      const buffer = encodeEmbeddings(e);
      const back = decodeEmbeddings(buffer.slice(0));
      if (JSON.stringify(back.ids) !== JSON.stringify(e.ids) || back.dim !== e.dim) throw new Error('ids or dim changed');
      if (!back.vectors.every((v, i) => Object.is(v, e.vectors[i]))) throw new Error('vectors changed');
      const damaged = new Uint8Array(buffer.slice(0));
      const i = at % damaged.length;
      damaged[i] = (damaged[i] as number) ^ flip;
      await resolvesValidOrRejectsTyped(() => decodeEmbeddings(damaged.buffer), (d) => d.vectors.every(Number.isFinite), ['MODEL_LOAD_FAILED']);
    });
  });

  it('importEcommerceCsv(random text, hostile options): events that validate, or INVALID_INPUT/INVALID_OPTION', async () => {
    const header = ECOMMERCE_CSV_COLUMNS.join(',');
    const cell = fc.oneof(fc.constantFrom('view', 'cart', 'purchase', 'remove_from_cart', '__proto__', 'toString', '2020-01-01 10:00:00 UTC', '"a,b"', '"', '', 'NaN', '-1', '1e400'), fc.string({ unit: 'grapheme', maxLength: 12 }));
    const row = fc.array(cell, { minLength: 1, maxLength: 11 }).map((cells) => cells.join(','));
    const text = fc.oneof(
      fc.tuple(fc.array(row, { maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(([rows, eol]) => [header, ...rows].join(eol)),
      fc.string({ unit: 'binary', maxLength: 300 }),
      hostileValue,
    );
    const options = fc.oneof(fc.record({ userId: fc.oneof(fc.string({ maxLength: 4 }), hostileValue) }, { requiredKeys: [] }), hostileValue);
    await fuzz('importEcommerceCsv random text', { numRuns: 2500, timeLimitMs: 8000 }, [text, options], async (t, o) => {
      await resolvesValidOrRejectsTyped(() => importEcommerceCsv(t as string, o as never), (r) => {
        for (const e of r.events) validateEvent(e);
        return r.skipped.every((s) => Number.isInteger(s.line) && typeof s.reason === 'string');
      });
    });
  });

  it('parseExport(random JSON or hostile values): the events it returns validate, or INVALID_INPUT', async () => {
    const stored = validEvent.map((e) => ({ id: newEventId(e.time), ...e }));
    const doc = fc.oneof(
      fc.record({ format: fc.constant('storefront-ml/history'), version: fc.constant(1), exportedAt: fc.constant('2026-01-01T00:00:00Z'), events: fc.array(fc.oneof({ weight: 5, arbitrary: stored }, { weight: 1, arbitrary: hostileValue }), { maxLength: 8 }) }),
      fc.jsonValue(), fc.json(), fc.string({ unit: 'binary', maxLength: 100 }), hostileValue,
    );
    await fuzz('parseExport random JSON', { numRuns: 3000, timeLimitMs: 8000 }, [doc], async (d) => {
      await resolvesValidOrRejectsTyped(() => parseExport(d), (events) => events.every((e) => validateEvent((({ id: _id, ...rest }) => rest)(e)) !== undefined), ['INVALID_INPUT']);
    });
  });
});

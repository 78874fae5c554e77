/** The PyTorch job learns from the same per-shopper sequences, in the same product order, as the library. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { librarySequences, pythonSequences } from '../../helpers/python-sequences.ts';
import { REPO_ROOT } from '../../../tools/harness/plugins.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'storefront-sequences-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/events/generated-shop.csv');

describe('tools/distributed/events.py reads event logs as the library does', () => {
  it('the e-commerce CSV: shoppers, their sequences, the product order and the skipped rows', () => {
    const py = pythonSequences(FIXTURE, true);
    const lib = librarySequences(FIXTURE, true);
    expect(py.users).toEqual(lib.users);
    expect(py.sequences).toEqual(lib.sequences);
    expect(py.vocabulary).toEqual(lib.vocabulary);
    expect(py.skipped.map(([line]) => line)).toEqual(lib.skipped.map(([line]) => line));
    expect(py.sequences.length).toBeGreaterThan(80); // one shopper is known only by session ids
  });

  it('stops at the first malformed row, naming its line, unless told to skip', () => {
    expect(pythonSequences(FIXTURE, false).error).toMatch(/line 42 is malformed: unknown event_type "wishlist"/);
    expect(() => librarySequences(FIXTURE, false)).toThrow(/line 42 is malformed/);
  });

  it('a history export and S3-Rec sequences', () => {
    const exportFile = path.join(dir, 'export.json');
    const events = [
      { id: '00000000a-aaaaaa', type: 'view', time: 1_700_000_003_000, sessionId: 's1', productId: 'p2' },
      { id: '00000000b-aaaaab', type: 'view', time: 1_700_000_001_000, sessionId: 's1', productId: 'p1' },
      { id: '00000000c-aaaaac', type: 'cart_add', time: 1_700_000_004_000, sessionId: 's1', productId: 'p2' },
      { id: '00000000d-aaaaad', type: 'cart_remove', time: 1_700_000_005_000, sessionId: 's1', productId: 'p9' },
      { id: '00000000e-aaaaae', type: 'purchase', time: 1_700_000_006_000, sessionId: 's2', productId: 'p3' },
      { id: '00000000f-aaaaaf', type: 'view', time: 1_700_000_002_000, sessionId: 's3', productId: 'p7', extras: { userId: 'u2' } },
    ];
    writeFileSync(exportFile, JSON.stringify({ format: 'storefront-ml/history', version: 1, exportedAt: '2026-12-01T00:00:00Z', events }));
    const s3rec = path.join(dir, 'seq.txt');
    writeFileSync(s3rec, '1 5 6 7\n2 6 8\n\n3 9 9 5 10\n');
    for (const file of [exportFile, s3rec]) {
      const py = pythonSequences(file, false);
      const lib = librarySequences(file, false);
      expect(py.error).toBeUndefined();
      expect({ users: py.users, sequences: py.sequences, vocabulary: py.vocabulary }).toEqual({ users: lib.users, sequences: lib.sequences, vocabulary: lib.vocabulary });
    }
  });
});

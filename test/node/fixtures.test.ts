import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, makeFixtures } from '../fixtures/make-fixtures.mjs';

const committed = path.resolve(import.meta.dirname, '../fixtures/models');
const fresh = mkdtempSync(path.join(tmpdir(), 'storefront-fixtures-'));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

describe('fixture models', () => {
  it('are reproduced byte for byte by our seeded script', async () => {
    await makeFixtures(fresh);
    const names = Object.keys(FIXTURES as Record<string, unknown>).sort();
    expect(readdirSync(committed).sort()).toEqual(names);
    for (const name of names) {
      for (const file of ['model.json', 'weights.bin']) {
        const a = readFileSync(path.join(fresh, name, file));
        const b = readFileSync(path.join(committed, name, file));
        expect(a.equals(b), `${name}/${file} differs: run npm run fixtures`).toBe(true);
      }
    }
  });
});

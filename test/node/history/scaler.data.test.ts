import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/history/csv-import.ts';
import { sessionFeatures } from '../../../src/history/features.ts';
import { applyScaler, applyScalerRows, fitScaler, scalerFromJSON, scalerToJSON } from '../../../src/history/scaler.ts';
import { dataDir } from '../../../tools/harness/plugins.mjs';

const DATA = dataDir();

function uciRows(): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path.join(DATA, 'online_shoppers_intention/online_shoppers_intention.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i] as string])));
}

describe('feature scaler on the real UCI data (with its 14 rows of missing values)', () => {
  const rows = uciRows().map(({ Revenue: _label, ...features }) => features);
  const scaler = fitScaler(rows);

  it('imputes, log-scales, standardises numeric columns and one-hot encodes the coded ones', () => {
    expect(rows).toHaveLength(12330);
    expect(rows.filter((r) => r.Administrative === '')).toHaveLength(14);
    const admin = scaler.columns.find((c) => c.name === 'Administrative');
    expect(admin).toMatchObject({ kind: 'numeric', fill: 1, log1p: true });
    expect(scaler.outputNames).toContain('Month=June');
    expect(scaler.outputNames).toContain('VisitorType=Returning_Visitor');
    expect(scaler.outputNames).toContain('Weekend=TRUE');
    const matrix = applyScalerRows(scaler, rows);
    const width = scaler.outputNames.length;
    expect(matrix.every(Number.isFinite)).toBe(true);
    // Each numeric column has mean 0 and sd 1 after scaling.
    for (let c = 0; c < 10; c++) {
      let s = 0, s2 = 0;
      for (let r = 0; r < rows.length; r++) { const v = matrix[r * width + c] as number; s += v; s2 += v * v; }
      expect(s / rows.length).toBeCloseTo(0, 4);
      expect(Math.sqrt(s2 / rows.length)).toBeCloseTo(1, 3);
    }
    const missing = applyScaler(scaler, rows[1065] as Record<string, string>);
    expect(missing[0]).toBeCloseTo(applyScaler(scaler, { Administrative: 1 })[0] as number, 6);
  });

  it('survives JSON and gives the same vectors afterwards; rejects malformed JSON', () => {
    const again = scalerFromJSON(scalerToJSON(scaler));
    expect(again).toEqual(scaler);
    expect(Array.from(applyScaler(again, rows[7] as Record<string, string>))).toEqual(Array.from(applyScaler(scaler, rows[7] as Record<string, string>)));
    expect(() => scalerFromJSON('{"format":"x"}')).toThrow(/format is not/);
    expect(() => scalerFromJSON({ ...scaler, version: 2 })).toThrow(/unsupported version 2/);
    expect(() => scalerFromJSON('{')).toThrow(/not valid JSON/);
  });

  it('applies to session features, whose unknown columns are imputed', () => {
    const session = sessionFeatures([{ type: 'view', time: Date.UTC(2026, 10, 3, 9), sessionId: 's', productId: 'p' }], { timeZone: 'utc' });
    const v = applyScaler(scaler, session);
    const at = (name: string) => v[scaler.outputNames.indexOf(name)];
    expect(at('Month=Nov')).toBe(1);
    expect(at('Weekend=FALSE')).toBe(1);
    expect(at('VisitorType=Returning_Visitor')).toBe(0);
    expect(Number.isFinite(at('PageValues') as number)).toBe(true);
  });
});

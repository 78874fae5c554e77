import type { IntentRow } from '../../../src/intent/schema.ts';
import { seededRandom } from '../../../src/core/random.ts';

const MONTHS = ['Mar', 'May', 'Nov', 'Dec'];

/** Small UCI-shaped sessions where PageValues and product pages drive purchases (for fast, real training tests). */
export function syntheticSessions(n: number, seed = 3): { rows: IntentRow[]; labels: Uint8Array } {
  const random = seededRandom(seed);
  const rows: IntentRow[] = [];
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const pages = Math.floor(random() * 60);
    const pageValues = random() < 0.3 ? random() * 80 : 0;
    const logit = 1.6 * Math.log1p(pageValues) - 0.02 * pages - 3 + (random() - 0.5);
    labels[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    rows.push({
      Administrative: Math.floor(random() * 5), Administrative_Duration: random() * 100,
      Informational: 0, Informational_Duration: 0,
      ProductRelated: pages, ProductRelated_Duration: pages * 30 * random(),
      BounceRates: random() * 0.05, ExitRates: random() * 0.1, PageValues: pageValues, SpecialDay: 0,
      Month: MONTHS[i % 4] as string, OperatingSystems: 1 + (i % 3), Browser: 1 + (i % 2), Region: 1 + (i % 5),
      TrafficType: 1 + (i % 4), VisitorType: i % 7 === 0 ? 'New_Visitor' : 'Returning_Visitor', Weekend: i % 3 === 0,
    });
  }
  return { rows, labels };
}

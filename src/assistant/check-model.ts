/**
 * Validates a saved assistant's topology before any tensor exists: content that flattens to exactly `classes`
 * classes, bounded feature dimensions, temperature and threshold in range. Failures are MODEL_LOAD_FAILED with
 * `details.field`. Pure; runs in Node.
 */
import { fieldChecker } from '../core/files/index.ts';
import { isStorefrontError } from '../core/errors.ts';
import { flattenContent, type AssistantContent } from './content.ts';
import type { AssistantFamiliarity } from './familiarity.ts';
import type { FeatureConfig } from './features.ts';
import type { EncoderFeatures } from './encoder/combine.ts';

/** Hashed dimensions above 2^20 (4 MB of idf, classes × 4 MB of weights) are no FAQ model. */
const MAX_DIM = 2 ** 20;

export function checkAssistantTopology(
  topology: { content: AssistantContent; features: FeatureConfig; classes: number; temperature: number; threshold: number; familiarity?: AssistantFamiliarity; encoder?: EncoderFeatures },
  where: string,
): void {
  const c = fieldChecker('Assistant', where);
  let classes: number;
  try {
    classes = flattenContent(topology.content).classes.length;
  } catch (error) {
    if (!isStorefrontError(error)) throw error;
    return c.bad('content', topology.content, `It is not valid shop content (${error.message}).`);
  }
  c.int('classes', topology.classes, 2, 100_000);
  c.same('classes', topology.classes, classes, 'The content and the weights come from different saves; re-save the assistant.');
  const f = topology.features as Partial<FeatureConfig> | undefined;
  if (!f || typeof f !== 'object') return c.bad('features', f, 'Re-save the assistant with this version of storefront-ml.');
  const dim = c.int('features.dim', f.dim, 16, MAX_DIM);
  if ((dim & (dim - 1)) !== 0) c.bad('features.dim', dim, 'Expected a power of two.');
  const charMin = c.int('features.charMin', f.charMin, 1, 16);
  c.int('features.charMax', f.charMax, charMin, 16);
  c.int('features.cjkMax', f.cjkMax, 1, 16);
  c.num('features.wordWeight', f.wordWeight, 0, 1000);
  c.int('features.maxChars', f.maxChars, 1, 1_000_000);
  c.num('temperature', topology.temperature, 0, 1000, true);
  c.num('threshold', topology.threshold, 0, 1);
  const enc = topology.encoder as Partial<EncoderFeatures> | undefined;
  if (enc !== undefined) {
    if (enc === null || typeof enc !== 'object') c.bad('encoder', enc, 'Re-save the assistant with this version of storefront-ml.');
    else {
      if (typeof enc.name !== 'string' || enc.name.length > 100) c.bad('encoder.name', enc.name, 'Expected the encoder\'s name.');
      c.int('encoder.dim', enc.dim, 1, 4096);
      c.num('encoder.weight', enc.weight, 0, 1000);
      if (typeof enc.url !== 'string') c.bad('encoder.url', enc.url, 'Expected the URL the encoder was loaded from.');
      if (enc.nearnessFloor !== null) c.num('encoder.nearnessFloor', enc.nearnessFloor, -1, 1);
    }
  }
  const fam = topology.familiarity as Partial<AssistantFamiliarity> | undefined;
  if (fam === undefined) return; // saved before the familiarity gate: answer() derives the scripts from the content
  const fix = 'Re-save the assistant with this version of storefront-ml.';
  if (fam === null || typeof fam !== 'object') return c.bad('familiarity', fam, fix);
  if (!Array.isArray(fam.scripts) || fam.scripts.length > 64 || !fam.scripts.every((s) => typeof s === 'string' && s.length <= 32)) {
    c.bad('familiarity.scripts', fam.scripts, `Expected at most 64 script names. ${fix}`);
  }
  if (fam.letterFloor !== null) c.num('familiarity.letterFloor', fam.letterFloor, -100, 0);
}

/**
 * Validates purchase-intent metadata before any tensor exists: format, threshold, architecture, and a feature schema
 * whose statistics are finite and non-degenerate (an sd of 0 would divide by zero in every prediction). Failures
 * are MODEL_LOAD_FAILED with `details.field`. Pure; runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';
import { fieldChecker } from '../core/files/index.ts';
import type { Activation } from './network.ts';
import { DERIVED_COLUMNS, QUANTILE_KNOTS, SHOP_NUMERIC_COLUMNS, encodedNames, quantilesValid, type FeatureSchema } from './schema.ts';
import { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS } from './uci-columns.ts';
import type { IntentMetadata } from './types.ts';

const SUBJECT = 'Intent model';
const NUMERIC: readonly string[] = [...NUMERIC_COLUMNS, ...DERIVED_COLUMNS, ...SHOP_NUMERIC_COLUMNS];

/** The activations a hidden layer may use. */
export const ACTIVATIONS: readonly Activation[] = ['relu', 'elu', 'tanh', 'sigmoid', 'selu', 'swish'];

export function checkIntentMetadata(value: unknown, where: string): IntentMetadata {
  const m = value as Partial<IntentMetadata> | undefined;
  if (!m || typeof m !== 'object' || m.format !== 'storefront-ml/purchase-intent' || m.version !== 1) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${where} is not purchase-intent metadata (format "storefront-ml/purchase-intent", version 1). Point at a model saved by storefront-ml.`, {
      details: { field: 'format', source: where },
    });
  }
  const c = fieldChecker(SUBJECT, where);
  c.num('threshold', m.threshold, 0, 1);
  const s = m.featureSchema as FeatureSchema | undefined;
  if (!s || s.version !== 1 || !Array.isArray(s.numeric) || !Array.isArray(s.categorical)) {
    return c.bad('featureSchema', s, 'Expected a version 1 schema with numeric and categorical columns; re-save the model with this version of storefront-ml.');
  }
  s.numeric.forEach((n, i) => {
    const at = `featureSchema.numeric[${i}]`;
    if (!NUMERIC.includes(n?.name)) c.bad(`${at}.name`, n?.name, `Expected one of: ${NUMERIC.join(', ')}.`);
    if (n.transform !== 'log1p' && n.transform !== 'identity' && n.transform !== 'quantile') c.bad(`${at}.transform`, n.transform, 'Expected "log1p", "identity" or "quantile".');
    if (n.transform === 'quantile' && !quantilesValid(n)) c.bad(`${at}.knots`, n.knots, `Expected up to ${QUANTILE_KNOTS} ascending finite knots and as many non-decreasing levels in [0, 1].`);
    c.num(`${at}.mean`, n.mean, -1e9, 1e9);
    // fitSchema writes 1 for an sd of 1e-12 or less: a smaller one would scale every input to ±Infinity.
    c.num(`${at}.sd`, n.sd, 1e-12, 1e9, true);
    c.num(`${at}.impute`, n.impute, -1e12, 1e12);
  });
  s.categorical.forEach((k, i) => {
    const at = `featureSchema.categorical[${i}]`;
    if (!(CATEGORICAL_COLUMNS as readonly string[]).includes(k?.name)) c.bad(`${at}.name`, k?.name, `Expected one of: ${CATEGORICAL_COLUMNS.join(', ')}.`);
    const values = k.values as unknown;
    if (!Array.isArray(values) || values.length > 10_000 || !values.every((v) => typeof v === 'string') || new Set(values).size !== values.length) {
      c.bad(`${at}.values`, values, 'Expected distinct strings (at most 10,000).');
    }
  });
  const names = [...s.numeric, ...s.categorical].map((x) => x.name);
  if (new Set(names).size !== names.length) c.bad('featureSchema', names, 'Each column may appear once.');
  const architecture = m.architecture ?? { hidden: [64, 64], activation: 'relu' as const };
  if (!Array.isArray(architecture.hidden) || architecture.hidden.length > 16) c.bad('architecture.hidden', architecture.hidden, 'Expected up to 16 layer sizes.');
  architecture.hidden.forEach((u, i) => c.int(`architecture.hidden[${i}]`, u, 1, 4096));
  if (architecture.members !== undefined) c.int('architecture.members', architecture.members, 2, 16);
  if (!(ACTIVATIONS as readonly string[]).includes(architecture.activation)) c.bad('architecture.activation', architecture.activation, `Expected one of: ${ACTIVATIONS.join(', ')}.`);
  const featureSchema: FeatureSchema = { ...s, excluded: s.excluded ?? [] };
  const featureNames = encodedNames(featureSchema);
  if (m.featureNames !== undefined && (!Array.isArray(m.featureNames) || m.featureNames.join('\n') !== featureNames.join('\n'))) {
    c.bad('featureNames', m.featureNames, `The featureSchema encodes ${featureNames.length} columns (${featureNames.slice(0, 3).join(', ')}…); host the files of one save together.`);
  }
  return { ...(m as IntentMetadata), architecture, featureSchema, featureNames };
}

/** Input width and output units a layers model.json declares, read from its topology without building it. */
export function declaredShape(modelJson: unknown): { inputs: number | undefined; units: number | undefined } {
  const layers = ((modelJson as { modelTopology?: { config?: { layers?: { config?: Record<string, unknown> }[] } } })?.modelTopology?.config?.layers) ?? [];
  const first = layers[0]?.config?.batch_input_shape as unknown[] | undefined;
  const last = layers.at(-1)?.config?.units;
  return { inputs: typeof first?.[1] === 'number' ? first[1] : undefined, units: typeof last === 'number' ? last : undefined };
}

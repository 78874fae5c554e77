/**
 * Purchase intent: the public surface of src/intent (`storefront-ml/intent`). Its metrics and the UCI CSV parser are
 * evaluation tools, exported from `storefront-ml/eval`.
 */
export { trainIntentModel } from './train.ts';
export { loadIntentModel } from './io.ts';
export type {
  AdaptOptions, AdaptReport, ExplainOptions, IntentArchitectureOptions, IntentAttribution, IntentExplanation,
  IntentMetadata, IntentModel, IntentModelFiles, IntentSaveOptions, IntentTraining, IntentTrainOptions,
  IntentTrainProgress, LoadIntentModelOptions,
  PermutationImportance, PermutationOptions,
} from './types.ts';
export type { Activation } from './network.ts';

export { watchIntent, crossings } from './watcher.ts';
export type { IntentCrossing, IntentWatcher, IntentWatcherOptions } from './watcher.ts';

export { SESSION_FEATURE_NAMES, SHOP_FEATURE_NAMES, isPageView, pageKindOf, sessionFeatures } from './session-features.ts';
export type { PageStats, SessionFeatureContext, SessionFeatures, VisitFacts, VisitorType } from './session-features.ts';
export type { SpecialDate, TimeZoneChoice } from './calendar.ts';

export { fitSchema, encodeRows, encodedNames, DERIVED_COLUMNS, SHOP_NUMERIC_COLUMNS } from './schema.ts';
export type {
  FeatureSchema, IntentRow, NumericEncoding, CategoricalEncoding, FitSchemaOptions, DerivedColumn, SchemaColumn,
  SchemaNumericColumn, ShopNumericColumn,
} from './schema.ts';
export { NUMERIC_COLUMNS, CATEGORICAL_COLUMNS, UCI_FEATURE_NAMES, UCI_MONTHS } from './uci-columns.ts';
export type { CategoricalColumn, IntentColumn, NumericColumn, UciMonth } from './uci-columns.ts';

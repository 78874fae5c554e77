/**
 * The columns of the UCI Online Shoppers data and its month spelling: the one list that the feature schema, the
 * CSV parser and the session features all read. Pure: runs in Node.
 */

/** UCI numeric columns, in schema (and data set) order. */
export const NUMERIC_COLUMNS = [
  'Administrative', 'Administrative_Duration', 'Informational', 'Informational_Duration', 'ProductRelated',
  'ProductRelated_Duration', 'BounceRates', 'ExitRates', 'PageValues', 'SpecialDay',
] as const;

/** UCI categorical columns, in schema (and data set) order. */
export const CATEGORICAL_COLUMNS = [
  'Month', 'OperatingSystems', 'Browser', 'Region', 'TrafficType', 'VisitorType', 'Weekend',
] as const;

/** The 17 UCI input columns in the data set's order (its CSV has the numeric ones first, then the categorical). */
export const UCI_FEATURE_NAMES = [...NUMERIC_COLUMNS, ...CATEGORICAL_COLUMNS] as const;

/** A UCI numeric column name. */
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];
/** A UCI categorical column name. */
export type CategoricalColumn = (typeof CATEGORICAL_COLUMNS)[number];
/** Any UCI input column name. */
export type IntentColumn = NumericColumn | CategoricalColumn;

/** Month names as the UCI data spells them (note 'June'; the schema also accepts 'Jun' for it). */
export const UCI_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
export type UciMonth = (typeof UCI_MONTHS)[number];

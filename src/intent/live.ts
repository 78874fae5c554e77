/**
 * The live purchase-intent model's columns: only what a browser computes from one shopper's own events and the
 * page it is on (`sessionFeatures()` without `pageStats` or `visit`). Pure: runs in Node.
 *
 * Left out: `PageValues`, `BounceRates`, `ExitRates` (site-wide Google Analytics figures over every visitor of a
 * page; one shopper's events cannot give them) and `OperatingSystems`, `Browser`, `Region`, `TrafficType` (the UCI
 * data's private integer codes: a shop cannot map a user agent or a referrer onto the same integers, so a live
 * value would be a guess; `npm run eval -- purchase` measures the rows with them as `live_codes`).
 * Kept: the page counts and durations by kind, SpecialDay, Month, VisitorType, Weekend, plus derived columns
 * (schema.ts `DERIVED_COLUMNS`), among them `Administrative_with_cart`, through which a cart addition counts as
 * the cart page view it is in the UCI source.
 *
 * Limits (serving is mid-session, UCI rows are whole sessions): a prefix is scored as if it were a whole session of
 * that length, so scores rise as a session grows and a short session that will go on is under-scored; the current
 * page's duration counts 0 s until the next page view (as GA measured it); VisitorType comes from the history in this
 * browser (`watchIntent`'s default), not from a shop-wide cookie; Month, Weekend and SpecialDay use the browser's clock;
 * a shop that records both the `cart_add` event and a cart page view counts the cart twice. Validation ROC-AUC
 * (5 seeds) ≈ 0.77, test ≈ 0.76: under the 0.80 goal; `npm run eval -- purchase` reproduces it.
 */
import type { DerivedColumn } from './schema.ts';
import type { IntentColumn } from './uci-columns.ts';

/** UCI columns the live model leaves out. */
export const LIVE_EXCLUDE: readonly IntentColumn[] = ['PageValues', 'BounceRates', 'ExitRates', 'OperatingSystems', 'Browser', 'Region', 'TrafficType', 'Administrative'];

/** The same without the four UCI integer codes left out (the `live_codes` ablation). */
export const LIVE_EXCLUDE_WITH_CODES: readonly IntentColumn[] = ['PageValues', 'BounceRates', 'ExitRates', 'Administrative'];

/** Administrative_with_cart alone: on UCI rows (no cart_adds) it equals Administrative, so these are the plain columns. */
export const LIVE_BASE_INCLUDE: readonly DerivedColumn[] = ['Administrative_with_cart'];

/** Derived columns the live model reads (Administrative_with_cart replaces Administrative). */
export const LIVE_INCLUDE: readonly DerivedColumn[] = ['Administrative_with_cart', 'pages_total', 'duration_total', 'administrative_share', 'product_seconds_per_page'];

/** Training options of the shipped live model beside the library defaults (chosen on validation splits only). */
export const LIVE_TRAINING: { l2?: number; learningRate?: number; earlyStopping?: { patience: number } } = {};

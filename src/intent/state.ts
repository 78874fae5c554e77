/** The state a purchase-intent model holds, shared by model.ts, save.ts and io.ts (its own file so they form no cycle). */
import type * as tf from '@tensorflow/tfjs';
import type { FeatureSchema } from './schema.ts';
import type { IntentMetadata } from './types.ts';

export interface IntentState {
  net: tf.LayersModel;
  schema: FeatureSchema;
  metadata: IntentMetadata;
}

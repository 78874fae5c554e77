/**
 * The three ways a MobileNet runs: a Keras layers model with batch-norm folded and fused ops (the default), the
 * same model through plain `LayersModel.predict` (`fuse: false`, or a layer the fuser does not know), and a graph
 * model (already fused by the converter). Each returns the embedding node's and/or the output node's raw tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { buildFusedPlan } from './fused-layers.ts';
import type { VisionModelMetadata } from './metadata.ts';

export type Want = 'embedding' | 'output';

export interface Executor {
  /** True when batch-norm was folded into fused conv ops (layers models) or the graph was already fused. */
  readonly fused: boolean;
  /** Raw tensors of the wanted nodes, in the order asked. Run inside tf.tidy. */
  run(input: tf.Tensor4D, want: readonly Want[]): tf.Tensor[];
  dispose(): void;
}

export interface ModelArtifacts {
  modelTopology: unknown;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

function nodeNames(metadata: VisionModelMetadata, want: readonly Want[]): string[] {
  return want.map((w) => (w === 'embedding' ? metadata.embeddingNode : (metadata.outputNode as string)));
}

export function fusedLayersExecutor(artifacts: ModelArtifacts, metadata: VisionModelMetadata): Executor | null {
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const keep = [metadata.embeddingNode, ...(metadata.outputNode ? [metadata.outputNode] : [])];
  let plan;
  try {
    plan = buildFusedPlan(artifacts.modelTopology, weights, keep);
  } catch (error) {
    tf.dispose(weights);
    throw error;
  }
  if (!plan) {
    tf.dispose(weights);
    return null;
  }
  const fusedPlan = plan;
  return {
    fused: true,
    run: (input, want) => fusedPlan.run(input, nodeNames(metadata, want)),
    dispose() {
      fusedPlan.dispose();
      tf.dispose(weights);
    },
  };
}

export async function plainLayersExecutor(artifacts: ModelArtifacts, metadata: VisionModelMetadata): Promise<Executor> {
  // Built in two steps rather than through tf.loadLayersModel, which leaves the decoded weights (and the model's
  // variables) behind when a weight does not fit its layer: here each step's tensors are freed when the next fails.
  const model = await tf.models.modelFromJSON({ modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'] } as tf.io.ModelJSON);
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    model.loadWeights(weights);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(weights)); // loadWeights copied them into the model's variables
  }
  const names = [metadata.embeddingNode, ...(metadata.outputNode ? [metadata.outputNode] : [])];
  let outputs: tf.SymbolicTensor[];
  try {
    outputs = names.map((n) => model.getLayer(n).output as tf.SymbolicTensor);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const both = tf.model({ inputs: model.inputs, outputs });
  return {
    fused: false,
    run(input, want) {
      const all = both.predict(input) as tf.Tensor[] | tf.Tensor;
      const list = Array.isArray(all) ? all : [all];
      return want.map((w) => list[w === 'embedding' ? 0 : 1] as tf.Tensor);
    },
    dispose: () => model.dispose(),
  };
}

export async function graphExecutor(artifacts: ModelArtifacts, metadata: VisionModelMetadata): Promise<Executor> {
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    weightSpecs: artifacts.weightSpecs,
    weightData: artifacts.weightData,
  }));
  const inputNode = metadata.inputNode ?? model.inputs[0]?.name ?? 'input';
  return {
    fused: true,
    run(input, want) {
      const out = model.execute({ [inputNode]: input }, nodeNames(metadata, want));
      return Array.isArray(out) ? out : [out];
    },
    dispose: () => model.dispose(),
  };
}

/**
 * Runs a Keras MobileNet (v1, v2) layers model faster than `LayersModel.predict`: batch normalisation is folded
 * into the preceding convolution's weights and each conv → BN → ReLU chain runs as one fused conv/depthwise op.
 * Keras executes BN as separate ops; folding it halves (α0.75) or quarters (α0.25) WASM time
 * (shared/REFERENCE.md). The plan is built from the model's JSON topology; a layer class it does not know makes
 * {@link buildFusedPlan} return null and the loader falls back to the plain LayersModel.
 */
import * as tf from '@tensorflow/tfjs';

type Json = Record<string, unknown>;
type Activation = 'linear' | 'relu' | 'relu6';

interface KerasLayer {
  className: string;
  name: string;
  config: Json;
  inputs: string[];
}

interface Op {
  name: string;
  inputs: string[];
  run(inputs: tf.Tensor[]): tf.Tensor;
}

/** A compiled model: owns its (folded) weights; `run` computes the named nodes for one input batch. */
export interface FusedPlan {
  readonly inputName: string;
  run(input: tf.Tensor4D, outputs: readonly string[]): tf.Tensor[];
  dispose(): void;
}

/** Reads Keras 2 `model_config` layers (the format of these MobileNet exports); null for anything else. */
export function parseKerasLayers(topology: unknown): KerasLayer[] | null {
  const t = topology as Json | undefined;
  const modelConfig = (t?.model_config ?? t) as Json | undefined;
  const layers = (modelConfig?.config as Json | undefined)?.layers;
  if (!Array.isArray(layers)) return null;
  const out: KerasLayer[] = [];
  for (const raw of layers as Json[]) {
    const config = (raw.config ?? {}) as Json;
    const name = (raw.name ?? config.name) as string | undefined;
    const nodes = raw.inbound_nodes as unknown[][][] | undefined;
    if (typeof name !== 'string' || !Array.isArray(nodes) || nodes.length > 1) return null;
    const inputs = (nodes[0] ?? []).map((entry) => (Array.isArray(entry) ? entry[0] : undefined));
    if (!inputs.every((i): i is string => typeof i === 'string')) return null;
    out.push({ className: String(raw.class_name), name, config, inputs });
  }
  return out;
}

function pair(value: unknown, fallback: number): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2) return [Number(value[0]), Number(value[1])];
  return [fallback, fallback];
}

/** ZeroPadding2D's padding as [[top, bottom], [left, right]]. */
function zeroPadding(value: unknown): [[number, number], [number, number]] {
  if (typeof value === 'number') return [[value, value], [value, value]];
  const [h, w] = value as unknown[];
  return [pair(h, 0), pair(w, 0)];
}

function activationOf(layer: KerasLayer): Activation | null {
  if (layer.className === 'Activation') {
    const a = layer.config.activation;
    return a === 'relu' || a === 'relu6' || a === 'linear' ? a : null;
  }
  if (layer.className === 'ReLU') {
    const { max_value: max, negative_slope: slope = 0, threshold = 0 } = layer.config;
    if (slope !== 0 || threshold !== 0) return null;
    if (max === null || max === undefined) return 'relu';
    return max === 6 ? 'relu6' : null;
  }
  return null;
}

function applyActivation(x: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === 'relu' ? tf.relu(x) : activation === 'relu6' ? tf.relu6(x) : x;
}

/**
 * Builds the plan. `weights` are the decoded tensors (`<layer>/<weight>`); they stay owned by the caller.
 * `keep` are node names that must stay observable (the embedding and output nodes).
 */
export function buildFusedPlan(topology: unknown, weights: tf.NamedTensorMap, keep: readonly string[]): FusedPlan | null {
  const layers = parseKerasLayers(topology);
  if (!layers) return null;
  const byName = new Map(layers.map((l) => [l.name, l]));
  const consumers = new Map<string, string[]>();
  for (const l of layers) for (const i of l.inputs) consumers.set(i, [...(consumers.get(i) ?? []), l.name]);
  const soleConsumer = (name: string): KerasLayer | undefined => {
    const c = consumers.get(name);
    return c?.length === 1 && !keep.includes(name) ? byName.get(c[0] as string) : undefined;
  };
  const w = (layer: string, weight: string): tf.Tensor | undefined => weights[`${layer}/${weight}`];

  const absorbed = new Set<string>();
  const ops: Op[] = [];
  const owned: tf.Tensor[] = [];
  let inputName = '';
  try {
    for (const layer of layers) {
      if (absorbed.has(layer.name)) continue;
      const c = layer.config;
      if (c.data_format !== undefined && c.data_format !== 'channels_last') return null;
      switch (layer.className) {
        case 'InputLayer':
          if (inputName) return null;
          inputName = layer.name;
          break;
        case 'Conv2D':
        case 'DepthwiseConv2D': {
          const depthwise = layer.className === 'DepthwiseConv2D';
          let kernel = w(layer.name, depthwise ? 'depthwise_kernel' : 'kernel');
          if (!kernel || (c.activation !== 'linear' && c.activation !== 'relu' && c.activation !== 'relu6')) return null;
          let bias = c.use_bias ? w(layer.name, 'bias') : undefined;
          if (c.use_bias && !bias) return null;
          let activation = c.activation as Activation;
          let tail = layer.name;
          const bn = activation === 'linear' ? soleConsumer(tail) : undefined;
          if (bn?.className === 'BatchNormalization' && (bn.config.axis === -1 || bn.config.axis === 3 || bn.config.axis === undefined)) {
            const folded = foldBatchNorm(kernel, bias, bn, weights, depthwise);
            if (!folded) return null;
            [kernel, bias] = folded;
            owned.push(kernel, bias);
            absorbed.add(bn.name);
            tail = bn.name;
          }
          const act = activation === 'linear' ? soleConsumer(tail) : undefined;
          const actKind = act ? activationOf(act) : null;
          if (act && actKind) {
            activation = actKind;
            absorbed.add(act.name);
            tail = act.name;
          }
          const [filter, b] = [kernel, bias];
          const strides = pair(c.strides, 1);
          const dilations = pair(c.dilation_rate, 1);
          const pad = c.padding === 'same' ? 'same' : 'valid';
          ops.push({
            name: tail,
            inputs: layer.inputs,
            run: ([x]) => depthwise
              ? tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides, pad, dilations, bias: b, activation })
              : tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides, pad, dilations, bias: b, activation }),
          });
          break;
        }
        case 'ZeroPadding2D': {
          const [[t, b], [l, r]] = zeroPadding(c.padding);
          ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.pad(x as tf.Tensor4D, [[0, 0], [t, b], [l, r], [0, 0]]) });
          break;
        }
        case 'BatchNormalization': {
          const gamma = c.scale === false ? undefined : w(layer.name, 'gamma');
          const beta = c.center === false ? undefined : w(layer.name, 'beta');
          const mean = w(layer.name, 'moving_mean');
          const variance = w(layer.name, 'moving_variance');
          if (!mean || !variance) return null;
          const eps = Number(c.epsilon ?? 1e-3);
          ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.batchNorm(x as tf.Tensor, mean, variance, beta, gamma, eps) });
          break;
        }
        case 'Activation':
        case 'ReLU': {
          const kind = activationOf(layer);
          if (kind) ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => applyActivation(x as tf.Tensor, kind) });
          else if (c.activation === 'softmax') ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.softmax(x as tf.Tensor) });
          else return null;
          break;
        }
        case 'Add':
          ops.push({ name: layer.name, inputs: layer.inputs, run: (xs) => tf.addN(xs) });
          break;
        case 'Dropout':
          ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.clone(x as tf.Tensor) });
          break;
        case 'GlobalAveragePooling2D':
          ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.mean(x as tf.Tensor, [1, 2]) });
          break;
        case 'AveragePooling2D': {
          const size = pair(c.pool_size, 2);
          const strides = pair(c.strides ?? c.pool_size, 2);
          const pad = c.padding === 'same' ? 'same' : 'valid';
          ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.avgPool(x as tf.Tensor4D, size, strides, pad) });
          break;
        }
        case 'Flatten':
          ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.reshape(x as tf.Tensor, [(x as tf.Tensor).shape[0] as number, -1]) });
          break;
        case 'Reshape': {
          const target = c.target_shape as number[];
          ops.push({ name: layer.name, inputs: layer.inputs, run: ([x]) => tf.reshape(x as tf.Tensor, [(x as tf.Tensor).shape[0] as number, ...target]) });
          break;
        }
        case 'Dense': {
          const kernel = w(layer.name, 'kernel');
          const bias = c.use_bias === false ? undefined : w(layer.name, 'bias');
          const a = c.activation;
          if (!kernel || (a !== 'linear' && a !== 'relu' && a !== 'relu6' && a !== 'softmax')) return null;
          ops.push({
            name: layer.name,
            inputs: layer.inputs,
            run: ([x]) => {
              const y = tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, activation: a === 'softmax' ? 'linear' : a });
              return a === 'softmax' ? tf.softmax(y) : y;
            },
          });
          break;
        }
        default:
          return null;
      }
    }
  } catch (error) {
    tf.dispose(owned);
    throw error;
  }
  if (!inputName) {
    tf.dispose(owned);
    return null;
  }
  for (const name of keep) {
    if (!ops.some((o) => o.name === name)) {
      tf.dispose(owned);
      return null;
    }
  }
  return makePlan(inputName, ops, owned);
}

/** Folds BN into a conv's kernel and bias: k' = k·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β. New tensors. */
function foldBatchNorm(kernel: tf.Tensor, bias: tf.Tensor | undefined, bn: KerasLayer, weights: tf.NamedTensorMap, depthwise: boolean): [tf.Tensor, tf.Tensor] | null {
  const mean = weights[`${bn.name}/moving_mean`];
  const variance = weights[`${bn.name}/moving_variance`];
  if (!mean || !variance) return null;
  const gamma = bn.config.scale === false ? undefined : weights[`${bn.name}/gamma`];
  const beta = bn.config.center === false ? undefined : weights[`${bn.name}/beta`];
  const eps = Number(bn.config.epsilon ?? 1e-3);
  return tf.tidy(() => {
    const invStd = tf.rsqrt(tf.add(variance, eps));
    const scale = gamma ? tf.mul(gamma, invStd) : invStd;
    // Depthwise kernels are [kh, kw, in, multiplier]; output channel c·multiplier + m scales by scale[c·multiplier + m].
    const [kh, kw, inC, mult] = kernel.shape as number[];
    const k = depthwise
      ? tf.mul(kernel, tf.reshape(scale, [1, 1, inC as number, mult as number]))
      : tf.mul(kernel, scale);
    void kh;
    void kw;
    const shifted = tf.sub(bias ?? tf.zerosLike(mean), mean);
    const b = tf.add(tf.mul(shifted, scale), beta ?? tf.zerosLike(mean));
    return [k, b] as [tf.Tensor, tf.Tensor];
  });
}

function makePlan(inputName: string, ops: Op[], owned: tf.Tensor[]): FusedPlan {
  const byName = new Map(ops.map((o) => [o.name, o]));
  const orders = new Map<string, Op[]>();
  /** The ops needed for `outputs`, in topological order (the Keras layer order is topological). */
  const orderFor = (outputs: readonly string[]): Op[] => {
    const key = outputs.join('\n');
    const cached = orders.get(key);
    if (cached) return cached;
    const needed = new Set<string>();
    const visit = (name: string): void => {
      if (needed.has(name) || name === inputName) return;
      const op = byName.get(name);
      if (!op) throw new Error(`unknown node ${name}`);
      needed.add(name);
      for (const i of op.inputs) visit(i);
    };
    for (const o of outputs) visit(o);
    const order = ops.filter((o) => needed.has(o.name));
    orders.set(key, order);
    return order;
  };
  return {
    inputName,
    run(input, outputs) {
      const order = orderFor(outputs);
      const values = new Map<string, tf.Tensor>([[inputName, input]]);
      const remaining = new Map<string, number>();
      for (const op of order) for (const i of op.inputs) remaining.set(i, (remaining.get(i) ?? 0) + 1);
      for (const op of order) {
        const y = op.run(op.inputs.map((i) => values.get(i) as tf.Tensor));
        values.set(op.name, y);
        // Free intermediates as soon as their last consumer ran, keeping peak memory at one block's worth.
        for (const i of op.inputs) {
          const left = (remaining.get(i) ?? 1) - 1;
          remaining.set(i, left);
          if (left === 0 && i !== inputName && !outputs.includes(i)) values.get(i)?.dispose();
        }
      }
      return outputs.map((o) => values.get(o) as tf.Tensor);
    },
    dispose() {
      tf.dispose(owned);
      owned.length = 0;
    },
  };
}

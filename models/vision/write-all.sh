#!/bin/sh
# Regenerates the committed metadata.json of the models in the shared data directory (read-only there, so the
# metadata lives here and loadImageModel gets it through options.metadata). Run from the repository root.
set -e
D="${STOREFRONT_DATA:-../shared/data}"
W=models/vision/write-metadata.mjs
node $W "$D/mobilenet_v1_025_224_tfjs/layers" --out models/vision/mobilenet_v1_025_layers/metadata.json \
  --name mobilenet_v1_025_224 --labels "$D/mobilenet_v1_025_224_tfjs/imagenet_labels.json" \
  --source "Google MobileNet v1 alpha 0.25 (Keras export, Apache-2.0), data/mobilenet_v1_025_224_tfjs/layers"
node $W "$D/mobilenet_v1_025_224_tfjs/graph_tfhub" --out models/vision/mobilenet_v1_025_graph/metadata.json \
  --name mobilenet_v1_025_224_tfhub --labels "$D/mobilenet_v1_025_224_tfjs/imagenet_labels.json" --input-range 0,1 \
  --output module_apply_default/MobilenetV1/Logits/SpatialSqueeze --output-activation softmax --label-offset 1 \
  --embedding module_apply_default/MobilenetV1/Logits/global_pool \
  --source "TF-Hub google/imagenet/mobilenet_v1_025_224/classification/1 (Apache-2.0), data/mobilenet_v1_025_224_tfjs/graph_tfhub"
node $W "$D/mobilenet_v1_075_224_tfjs/layers" --out models/vision/mobilenet_v1_075_layers/metadata.json \
  --name mobilenet_v1_075_224 --labels "$D/mobilenet_v1_075_224_tfjs/imagenet_labels.json" \
  --source "Google MobileNet v1 alpha 0.75 (Keras export, Apache-2.0), data/mobilenet_v1_075_224_tfjs/layers"
node $W "$D/nsfwjs_mobilenet_v2_224_tfjs" --out models/vision/mobilenet_v2_nsfwjs_backbone/metadata.json \
  --name mobilenet_v2_nsfwjs_backbone --output none --embedding out_relu \
  --source "MobileNetV2 backbone of nsfwjs 4.4.0 (MIT), uint8-quantized; head ignored, data/nsfwjs_mobilenet_v2_224_tfjs"

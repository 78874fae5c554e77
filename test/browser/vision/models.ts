/** Where the shared MobileNets are served in tests (read-only data dir) and their committed metadata. */
export const MODELS = {
  v1_025: { url: '/@data/mobilenet_v1_025_224_tfjs/layers/', metadata: '/models/vision/mobilenet_v1_025_layers/metadata.json' },
  v1_025_graph: { url: '/@data/mobilenet_v1_025_224_tfjs/graph_tfhub/', metadata: '/models/vision/mobilenet_v1_025_graph/metadata.json' },
  v1_075: { url: '/@data/mobilenet_v1_075_224_tfjs/layers/', metadata: '/models/vision/mobilenet_v1_075_layers/metadata.json' },
  v2_backbone: { url: '/@data/nsfwjs_mobilenet_v2_224_tfjs/', metadata: '/models/vision/mobilenet_v2_nsfwjs_backbone/metadata.json' },
} as const;

export const PHOTOS = '/@data/fashion_product_images_224';

/** A product photo as a Blob. */
export async function photo(rel: string): Promise<Blob> {
  const response = await fetch(`${PHOTOS}/${rel}`);
  if (!response.ok) throw new Error(`${rel}: HTTP ${response.status}`);
  return response.blob();
}

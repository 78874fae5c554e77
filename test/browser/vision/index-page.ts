/** The other page: opens a visual index by name and lets the test page drive it through `window.indexPage`. */
import { initRuntime } from '../../../src/runtime/index.ts';
import { openVisualIndex, type VisualIndex } from '../../../src/vision/index.ts';

let index: VisualIndex | undefined;
const open = (): VisualIndex => {
  if (!index) throw new Error('call open(name) first');
  return index;
};

export const api = {
  async open(name: string): Promise<number> {
    await initRuntime({ backend: 'cpu' });
    index = await openVisualIndex({ name, embeddingSize: 3 });
    return index.size;
  },
  async put(productId: string, embedding: number[], metadata: Record<string, unknown> = {}): Promise<void> {
    await open().put({ productId, embedding: Float32Array.from(embedding), metadata });
  },
  remove: (productId: string): Promise<boolean> => open().remove(productId),
  async search(embedding: number[]): Promise<{ productId: string; metadata: unknown }[]> {
    return (await open().search(Float32Array.from(embedding))).map(({ productId, metadata }) => ({ productId, metadata }));
  },
  size: (): number => open().size,
  close: (): void => open().close(),
};

(globalThis as { indexPage?: typeof api }).indexPage = api;

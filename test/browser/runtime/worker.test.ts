import { describe, expect, it } from 'vitest';

describe('runtime inside a Web Worker', () => {
  it('imports the package and starts a backend with no window or document', async () => {
    const worker = new Worker(new URL('./runtime-worker.ts', import.meta.url), { type: 'module' });
    try {
      const reply = await new Promise<Record<string, unknown>>((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data as Record<string, unknown>);
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage('start');
      });
      expect(reply.error).toBeUndefined();
      expect(reply.ok).toBe(true);
      expect(reply.hasDocument).toBe(false);
      expect(reply.sum).toBe(55);
      const info = reply.info as { backend: string; attempts: { backend: string }[] };
      expect(info.backend).toBe('wasm');
      expect(info.attempts.map((a) => a.backend)).toEqual(['webgpu', 'wasm']);
    } finally {
      worker.terminate();
    }
  });
});

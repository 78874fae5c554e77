import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { build, preview, type PreviewServer } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
  }
}

let server: PreviewServer | undefined;

/** Builds the demo as a static site (`vite build`) and serves the build on 127.0.0.1, as a shop would host it. */
export async function setup(project: TestProject): Promise<void> {
  const configFile = path.join(root, 'vite.config.ts');
  execFileSync(process.execPath, [path.join(root, 'demo/prepare.mjs')], { stdio: 'inherit' });
  await build({ configFile, logLevel: 'warn' });
  server = await preview({ configFile, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  project.provide('demoUrl', `http://127.0.0.1:${port}/`);
}

export async function teardown(): Promise<void> {
  await server?.close();
}

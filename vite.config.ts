import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH, WEBGPU_ARGS } from './tools/harness/chromium.mjs';
import { PACKAGE_ALIASES } from './tools/harness/aliases.mjs';
import { cliBrowserCommands } from './tools/harness/cli.mjs';
import { DATA_TESTS, REPO_ROOT, dataPlugin, hasDataDir, staticWasmPlugin } from './tools/harness/plugins.mjs';
import { snippetsPlugin } from './tools/harness/snippets-plugin.mjs';
import { TORCH_TESTS, hasTorch, torchJobPlugin } from './tools/harness/torch.mjs';

// The data tier (*.data.test.ts, *.data.e2e.ts) reads the data directory; a clone without it runs everything else,
// and test/run.mjs says how many files it left out.
const exclude = [...configDefaults.exclude, ...(hasDataDir() ? [] : DATA_TESTS)];
// The PyTorch tier (*.torch.test.ts) needs a Python with torch (tools/harness/torch.mjs); likewise left out without one.
if (!hasTorch()) exclude.push(...TORCH_TESTS);

// Pre-bundle these up front; otherwise Vite discovers them mid-run, re-optimises and reloads the test page.
const optimizeDeps = {
  include: [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-webgpu',
    'idb',
  ],
};

const browser = (name: string, args: string[]) => ({
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args } }),
  instances: [{ browser: 'chromium' as const, name }],
  screenshotFailures: false,
});

export default defineConfig({
  // `npm run demo` / `npm run demo:build`: the demo shop.
  root: 'demo',
  publicDir: 'public',
  server: { host: '127.0.0.1', strictPort: false },
  // The demo bundles TensorFlow.js (~750 kB minified); that is expected, not a warning.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  // `import … from 'storefront-ml'` in the demo and the browser tests resolves to src/, as the package would.
  resolve: { alias: PACKAGE_ALIASES },
  plugins: [dataPlugin()],
  // The demo's Web Worker imports TensorFlow.js, which Vite can only split into chunks in an ES-module worker.
  worker: { format: 'es' },
  optimizeDeps,
  test: {
    // Two tiers, one command (`npm test`): pure logic in Node, everything the browser owns in real Chromium.
    projects: [
      {
        root: REPO_ROOT,
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          exclude,
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // The fuzz tier: fast-check properties over the pure public calls, seeded and bounded in time
        // (test/fuzz/fuzz.ts); the properties over IndexedDB and TensorFlow.js are test/browser/**/*.fuzz.test.ts.
        root: REPO_ROOT,
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.fuzz.test.ts'],
          exclude,
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // The CLI end to end: the built binary (dist/cli/main.js, rebuilt by the global setup when src/ is newer) spawned
        // on fixtures and real data; one file at a time, since each spawns training on the 2 cores.
        root: REPO_ROOT,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          exclude,
          fileParallelism: false,
          environment: 'node',
          globalSetup: ['test/cli/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // End to end: the demo built by `vite build`, served statically, driven by Playwright in Debian's Chromium.
        root: REPO_ROOT,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          exclude,
          // One scripted visit at a time, as when they were one file: their waits assume the machine is theirs.
          fileParallelism: false,
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The packed tarball as a shop gets it: `npm pack`, installed offline into a blank Vite + TypeScript app and a
        // plain static page (global setup, once per run), the README's quick starts run in Chromium from both.
        root: REPO_ROOT,
        test: {
          name: 'pack',
          include: ['test/pack/**/*.test.ts'],
          exclude,
          fileParallelism: false,
          environment: 'node',
          globalSetup: ['test/pack/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        root: REPO_ROOT,
        // snippetsPlugin: README's and docs' code blocks as modules, and the URLs their quick starts assume.
        plugins: [dataPlugin(), staticWasmPlugin(), torchJobPlugin(), snippetsPlugin()],
        optimizeDeps,
        resolve: { alias: PACKAGE_ALIASES },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          exclude: [...exclude, 'test/browser/**/*.no-webgpu.test.ts', 'test/browser/**/*.serial.test.ts', 'test/browser/**/*.origin.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // storefrontCli: runs the built CLI, so a test can load what it writes (test/browser/recommend/cli-folder.test.ts).
          browser: { ...browser('chromium-webgpu', [...CHROMIUM_ARGS, ...WEBGPU_ARGS]), commands: cliBrowserCommands },
        },
      },
      {
        // Tests of origin-wide browser state (the storage quota) that other files would disturb: alone, after the rest.
        root: REPO_ROOT,
        plugins: [dataPlugin(), staticWasmPlugin()],
        optimizeDeps,
        resolve: { alias: PACKAGE_ALIASES },
        test: {
          name: 'browser-serial',
          include: ['test/browser/**/*.serial.test.ts'],
          exclude,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: browser('chromium-serial', [...CHROMIUM_ARGS, ...WEBGPU_ARGS]),
        },
      },
      {
        // Tests that erase or delete every storefront-ml database of the origin (eraseAllData, other tabs' deletes):
        // their own browser profile, one file at a time, so they disturb neither other files nor the quota test.
        root: REPO_ROOT,
        plugins: [dataPlugin(), staticWasmPlugin(), snippetsPlugin()],
        optimizeDeps,
        resolve: { alias: PACKAGE_ALIASES },
        test: {
          name: 'browser-origin',
          include: ['test/browser/**/*.origin.test.ts'],
          sequence: { groupOrder: 2 },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: browser('chromium-origin', CHROMIUM_ARGS),
        },
      },
      {
        // The same Chromium without --enable-unsafe-webgpu: requestAdapter() returns null, as on most machines.
        root: REPO_ROOT,
        plugins: [dataPlugin(), staticWasmPlugin()],
        optimizeDeps,
        resolve: { alias: PACKAGE_ALIASES },
        test: {
          name: 'browser-no-webgpu',
          include: ['test/browser/**/*.no-webgpu.test.ts'],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: browser('chromium-no-webgpu', CHROMIUM_ARGS),
        },
      },
    ],
  },
});

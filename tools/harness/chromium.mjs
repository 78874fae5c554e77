// @ts-check
/** How every headless Chromium of ours starts: Debian's binary, kept off the closed network (see ENVIRONMENT.md). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

/** Chromium exposes a WebGPU adapter (SwiftShader, CPU-emulated, here) only with this flag. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

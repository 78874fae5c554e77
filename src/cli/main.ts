#!/usr/bin/env node
/**
 * `storefront-ml` (package.json "bin" → dist/cli/main.js, built by `npm run build`). Node 20. See docs/cli.md.
 */
import { commands } from './commands/index.ts';
import { runCli } from './run.ts';

const controller = new AbortController();
let signals = 0;
const onSignal = (name: string) => {
  signals++;
  if (signals > 1) process.exit(130); // a second Ctrl-C: leave now (the exit hook still removes temp folders)
  process.stderr.write(`\n${name}: stopping…\n`);
  controller.abort(new Error(`interrupted by ${name}`));
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

const code = await runCli(commands, process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
// tfjs-backend-wasm and open handles must not keep the process alive after the result is printed.
process.stdout.write('', () => process.exit(code));

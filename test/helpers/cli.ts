/** For the cli tier: the built binary, temp folders, and loopback file servers the tests start themselves. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export { runCli } from '../../tools/harness/cli.mjs';

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** A fresh temp folder and its clean-up. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `storefront-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What is at or beside `out`: its entries if it exists, plus any temp folder the atomic writer left next to it. */
export function leftovers(out: string): string[] {
  const parent = path.dirname(out);
  const name = path.basename(out);
  let entries: string[] = [];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  return entries.filter((e) => e === name || e.startsWith(`.${name}.partial-`));
}

/**
 * Serves the files under `root` on 127.0.0.1 (GET only, no climbing out). `tamper(path, bytes)` may change what is
 * served. Returns the base URL (ending in "/") and a close function.
 */
export async function serveFolder(root: string, tamper?: (rel: string, bytes: Buffer) => Buffer): Promise<{ url: string; close: () => Promise<void>; served: string[] }> {
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    served.push(rel);
    if (!file.startsWith(path.resolve(root) + path.sep)) { res.writeHead(403).end(); return; }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (tamper) bytes = tamper(rel, bytes);
    res.writeHead(200, { 'Content-Length': bytes.length, 'Content-Type': 'application/octet-stream' }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Reading a command's input file: a clear NOT_FOUND (exit 2) for a missing one, and its SHA-256 for provenance. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StorefrontError } from '../core/errors.ts';

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** File name only (what provenance records: a full path would leak the trainer's folders). */
  name: string;
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  /** The bytes as UTF-8 text (a BOM removed). */
  text(): string;
}

/** Reads `file` (relative to `cwd`); `option` names the flag in messages (`--events`). */
export async function readInputFile(file: string, cwd: string, option: string): Promise<InputFile> {
  const abs = path.resolve(cwd, file);
  let info;
  try {
    info = await stat(abs);
  } catch (cause) {
    throw new StorefrontError('NOT_FOUND', `${option} ${file}: no such file. Check the path (relative paths start from ${cwd}).`, { cause, details: { path: abs } });
  }
  if (!info.isFile()) throw new StorefrontError('INVALID_INPUT', `${option} ${file} is not a file. Pass the file itself.`, { details: { path: abs } });
  const bytes = new Uint8Array(await readFile(abs));
  return {
    path: abs,
    name: path.basename(abs),
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    text: () => new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''),
  };
}

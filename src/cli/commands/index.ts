/**
 * The commands of `storefront-ml`, in the order `--help` lists them. One file per command exports a Command;
 * add yours here (one line each, so parallel branches merge cleanly).
 */
import type { Command } from '../command.ts';

export const commands: Command[] = [
];

/**
 * The shape of a CLI command: what `src/cli/commands/*.ts` export and `commands/index.ts` registers. Node-only.
 * A command declares its options (the parser checks them before `run` is called), its help text, and returns a
 * result: a human summary for the terminal and plain data for `--json`.
 */
import type { Progress, ProgressOptions } from './progress.ts';

/** One `--option` of a command. */
export interface OptionSpec {
  /** The name without dashes, kebab-case: `events`, `skip-invalid`. */
  name: string;
  /** `string` and `number` take a value (`--x v` or `--x=v`); `boolean` is a flag (`--x`, `--x=false`). */
  type: 'string' | 'number' | 'boolean';
  /** One line for `--help`. */
  description: string;
  /** What the value is, in `--help`: `<file>`, `<dir>`, `<n>`. @default `<value>` */
  valueName?: string;
  /** The parser reports a missing required option as a usage error (exit 2). @default false */
  required?: boolean;
  /** Used when the option is absent (shown in `--help`). */
  default?: string | number | boolean;
  /** Allowed values of a string option. */
  choices?: readonly string[];
  /** A number option must be an integer. @default false */
  integer?: boolean;
  /** Inclusive bounds of a number option. */
  min?: number;
  max?: number;
}

/** One positional argument after the command's name (e.g. `models pull <name>`). */
export interface PositionalSpec {
  name: string;
  description: string;
  /** @default true */
  required?: boolean;
}

/** Parsed option values by option name (kebab-case); absent options without default are undefined. */
export type OptionValues = Record<string, string | number | boolean | undefined>;

/** What a command's `run` gets. */
export interface CommandContext {
  /** Option values after parsing, defaults applied. */
  options: OptionValues;
  /** Positional arguments, in the order of the command's `positionals`. */
  positionals: string[];
  /** The directory relative paths are resolved against. */
  cwd: string;
  /** `--json`: the result goes to stdout as JSON; nothing else may write to stdout. */
  json: boolean;
  /** `--verbose`: more detail on stderr, and error causes. */
  verbose: boolean;
  /** A progress bar (stderr; a bar on a TTY, sparse lines otherwise). */
  progress(options: ProgressOptions): Progress;
  /** A line of human information on stderr (never stdout, so `--json` output stays clean). */
  log(message: string): void;
  /** Fires on SIGINT / SIGTERM: stop, let the atomic writer clean up, then the CLI exits 130. */
  signal: AbortSignal;
  /** The CLI's version (package.json). */
  version: string;
}

/** What a command returns on success (failures throw, preferably a StorefrontError). */
export interface CommandResult {
  /** Lines printed to stdout without `--json`. */
  summary: string[];
  /** Printed to stdout as JSON with `--json` (merged into `{ ok: true, command, ... }`). */
  data: Record<string, unknown>;
  /** @default 0 */
  exitCode?: number;
}

/** A command of `storefront-ml`. */
export interface Command {
  /** The words that select it: `train recommend`, `models pull`. */
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Usage line(s) after `storefront-ml `, e.g. `train recommend --events <file> --out <dir> [options]`. */
  usage: string;
  /** Paragraphs shown by `--help` between usage and options (formats, what is written). */
  description?: string;
  positionals?: readonly PositionalSpec[];
  options: readonly OptionSpec[];
  /** Whole command lines, shown by `--help`. */
  examples: readonly string[];
  run(ctx: CommandContext): Promise<CommandResult>;
}

/**
 * The argument parser: `--flag value`, `--flag=value`, boolean flags (`--x`, `--x=true|false`), `--` ends options.
 * Unknown options, missing values and bad numbers are usage errors (INVALID_OPTION, exit 2) that say what to do.
 * Pure; the global options (`--help`, `--json`, `--verbose`) are parsed here too.
 */
import { StorefrontError } from '../core/errors.ts';
import type { Command, OptionSpec, OptionValues } from './command.ts';

/** Options every command accepts. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'json', type: 'boolean', description: 'Print the result as JSON on stdout (progress and messages stay on stderr).' },
  { name: 'verbose', type: 'boolean', description: 'More detail on stderr; errors show their cause.' },
  { name: 'help', type: 'boolean', description: 'Show this help.' },
];

export interface ParsedArgs {
  options: OptionValues;
  positionals: string[];
  help: boolean;
  json: boolean;
  verbose: boolean;
}

/** A usage error: exit 2, with the pointer to `--help`. */
export function usageError(command: string, message: string, details: Record<string, unknown> = {}): StorefrontError {
  return new StorefrontError('INVALID_OPTION', `${message} Run \`storefront-ml ${command} --help\` for the options.`, { details: { usage: true, ...details } });
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** The closest known name, when it is close enough to be a typo. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function convert(command: string, spec: OptionSpec, raw: string): string | number | boolean {
  if (spec.type === 'boolean') {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw usageError(command, `Option --${spec.name} is a flag: pass --${spec.name}, or --${spec.name}=true|false; got "${raw}".`);
  }
  if (spec.type === 'number') {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    const okInt = !spec.integer || Number.isInteger(value);
    const okMin = spec.min === undefined || value >= spec.min;
    const okMax = spec.max === undefined || value <= spec.max;
    if (!Number.isFinite(value) || !okInt || !okMin || !okMax) {
      const kind = spec.integer ? 'an integer' : 'a number';
      const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}`
        : spec.min !== undefined ? ` ≥ ${spec.min}` : spec.max !== undefined ? ` ≤ ${spec.max}` : '';
      throw usageError(command, `Option --${spec.name} must be ${kind}${range}; got "${raw}".`, { option: spec.name, value: raw });
    }
    return value;
  }
  if (spec.choices && !spec.choices.includes(raw)) {
    throw usageError(command, `Option --${spec.name} must be one of: ${spec.choices.join(', ')}; got "${raw}".`, { option: spec.name, value: raw });
  }
  return raw;
}

/**
 * Parses the arguments after the command's name against its option spec. With `--help` anywhere, required
 * options and positionals are not checked (the caller prints help instead).
 */
export function parseArgs(command: Pick<Command, 'name' | 'options' | 'positionals'>, argv: readonly string[]): ParsedArgs {
  const specs = [...command.options, ...GLOBAL_OPTIONS];
  const byName = new Map(specs.map((s) => [s.name, s]));
  const given: OptionValues = {};
  const positionals: string[] = [];
  let endOfOptions = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (endOfOptions || !arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    if (arg === '--') { endOfOptions = true; continue; }
    if (arg === '-h') { given.help = true; continue; }
    if (!arg.startsWith('--')) throw usageError(command.name, `Unknown option ${arg}: options are spelled with two dashes (e.g. --help).`, { option: arg });
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) {
      const hint = suggest(name, specs.map((s) => s.name));
      throw usageError(command.name, `Unknown option --${name} for \`${command.name}\`.${hint ? ` Did you mean --${hint}?` : ''}`, { option: name });
    }
    if (name in given) throw usageError(command.name, `Option --${name} is given twice.`, { option: name });
    let raw: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (raw === undefined && spec.type !== 'boolean') {
      const next = argv[i + 1];
      // A value may start with "-" only when it is a negative number (--min -1) or given as --x=-v.
      if (next === undefined || (next.startsWith('--') ) || (next.startsWith('-') && !/^-\d/.test(next))) {
        throw usageError(command.name, `Option --${name} needs a value${spec.valueName ? ` ${spec.valueName}` : ''}.`, { option: name });
      }
      raw = next;
      i++;
    }
    given[name] = raw === undefined ? true : convert(command.name, spec, raw);
  }
  const help = given.help === true;
  const options: OptionValues = {};
  for (const spec of command.options) options[spec.name] = given[spec.name] ?? spec.default;
  if (!help) {
    const expected = command.positionals ?? [];
    const required = expected.filter((p) => p.required !== false).length;
    if (positionals.length > expected.length) {
      const extra = positionals[expected.length] as string;
      throw usageError(command.name, `Unexpected argument "${extra}"${expected.length === 0 ? `: \`${command.name}\` takes options only` : ''}.`, { argument: extra });
    }
    if (positionals.length < required) {
      throw usageError(command.name, `Missing <${(expected[positionals.length] as { name: string }).name}>.`);
    }
    const missing = command.options.filter((s) => s.required && options[s.name] === undefined);
    if (missing.length > 0) {
      throw usageError(command.name, `Missing ${missing.map((s) => `--${s.name}${s.valueName ? ` ${s.valueName}` : ''}`).join(' and ')}.`, { missing: missing.map((s) => s.name) });
    }
  }
  return { options, positionals, help, json: given.json === true, verbose: given.verbose === true };
}

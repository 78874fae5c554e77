/**
 * The dispatcher: picks the command from the leading words of argv (`train recommend …`), parses its options,
 * prints help, runs it, prints the result (human summary, or JSON with `--json`) and returns the exit code.
 * Streams and cwd are parameters so tests can run the CLI in-process.
 */
import { StorefrontError } from '../core/errors.ts';
import { GLOBAL_OPTIONS, parseArgs, suggest, usageError } from './args.ts';
import type { Command, CommandContext, OptionSpec } from './command.ts';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, errorJson, exitCodeOf, formatError } from './errors.ts';
import { createProgress, type ProgressStream } from './progress.ts';
import { cliVersion } from './version.ts';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM by main.ts. */
  signal?: AbortSignal;
}

function optionLine(spec: OptionSpec): [string, string] {
  const value = spec.type === 'boolean' ? '' : ` ${spec.valueName ?? '<value>'}`;
  const extra = [
    spec.required ? 'required' : '',
    spec.choices ? `one of ${spec.choices.join(', ')}` : '',
    spec.default !== undefined && spec.type !== 'boolean' ? `default ${spec.default}` : '',
  ].filter(Boolean).join('; ');
  return [`--${spec.name}${value}`, `${spec.description}${extra ? ` (${extra})` : ''}`];
}

function table(rows: [string, string][]): string[] {
  const width = Math.min(30, Math.max(...rows.map(([a]) => a.length)));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`);
}

/** `--help` of one command. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: storefront-ml ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', ...command.description.split('\n'));
  if (command.positionals?.length) lines.push('', 'Arguments:', ...table(command.positionals.map((p) => [`<${p.name}>`, p.description])));
  lines.push('', 'Options:', ...table([...command.options, ...GLOBAL_OPTIONS].map(optionLine)));
  if (command.examples.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** The top-level help: every command with its summary. */
export function topHelp(commands: readonly Command[]): string {
  return [
    `storefront-ml ${cliVersion()}: train, evaluate and fetch the models storefront-ml runs in the shopper's browser.`,
    '',
    'Usage: storefront-ml <command> [options]',
    '',
    'Commands:',
    ...table(commands.map((c) => [c.name, c.summary])),
    '',
    'Every command takes --help, --json (the result as JSON on stdout) and --verbose.',
    'Exit codes: 0 ok, 1 failure, 2 usage or bad input, 130 interrupted.',
    'Run `storefront-ml <command> --help` for its options; docs/cli.md has the details.',
    '',
  ].join('\n');
}

/** The command named by argv's leading words (the longest match), and the rest of argv. */
export function findCommand(commands: readonly Command[], argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}

/** Runs the CLI on `argv` (without `node` and the script). Resolves to the exit code; never throws. */
export async function runCli(commands: readonly Command[], argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  const fail = (error: unknown): number => {
    io.stderr.write(`${formatError(error, verbose)}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: errorJson(error) }, null, 2)}\n`);
    return exitCodeOf(error);
  };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const topic = argv[0] === 'help' ? findCommand(commands, argv.slice(1)) : undefined;
    io.stdout.write(topic ? commandHelp(topic.command) : topHelp(commands));
    return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  if (argv[0] === '--version' || argv[0] === 'version') {
    io.stdout.write(json ? `${JSON.stringify({ ok: true, version: cliVersion() })}\n` : `${cliVersion()}\n`);
    return EXIT_OK;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    const words = argv.filter((a) => !a.startsWith('-'));
    const tried = words.slice(0, 2).join(' ');
    const groups = commands.filter((c) => c.name.split(' ')[0] === words[0]);
    const hint = groups.length > 0
      ? ` \`${words[0]}\` has: ${groups.map((c) => c.name).join(', ')}.`
      : (() => { const s = suggest(words[0] ?? '', [...new Set(commands.map((c) => c.name.split(' ')[0] as string))]); return s ? ` Did you mean \`${s}\`?` : ''; })();
    return fail(new StorefrontError('INVALID_OPTION', `Unknown command \`${tried || argv[0]}\`.${hint} Run \`storefront-ml --help\` for the commands.`, { details: { usage: true } }));
  }
  const { command, rest } = found;
  let parsed;
  try {
    parsed = parseArgs(command, rest);
  } catch (error) {
    return fail(error);
  }
  if (parsed.help) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  const signal = io.signal ?? new AbortController().signal;
  const ctx: CommandContext = {
    options: parsed.options,
    positionals: parsed.positionals,
    cwd: io.cwd,
    json: parsed.json,
    verbose: parsed.verbose,
    progress: (options) => createProgress(io.stderr, options),
    log: (message) => { io.stderr.write(`${message}\n`); },
    signal,
    version: cliVersion(),
  };
  try {
    const result = await command.run(ctx);
    if (parsed.json) io.stdout.write(`${JSON.stringify({ ok: true, command: command.name, ...result.data }, null, 2)}\n`);
    else io.stdout.write(result.summary.map((l) => `${l}\n`).join(''));
    return result.exitCode ?? EXIT_OK;
  } catch (error) {
    if (signal.aborted) {
      io.stderr.write(`${command.name}: interrupted; nothing was written to --out.\n`);
      return EXIT_INTERRUPTED;
    }
    return fail(error);
  }
}

export { EXIT_USAGE, usageError };

import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { parseArgs } from '../../../src/cli/args.ts';
import type { Command } from '../../../src/cli/command.ts';
import { createProgress } from '../../../src/cli/progress.ts';
import { runCli } from '../../../src/cli/run.ts';

const command: Command = {
  name: 'train thing',
  summary: 'Trains a thing.',
  usage: 'train thing --events <file> [options]',
  positionals: [],
  options: [
    { name: 'events', type: 'string', valueName: '<file>', required: true, description: 'Input.' },
    { name: 'epochs', type: 'number', integer: true, min: 1, max: 10, default: 2, description: 'Epochs.' },
    { name: 'rate', type: 'number', description: 'A rate.' },
    { name: 'mode', type: 'string', choices: ['a', 'b'], default: 'a', description: 'Mode.' },
    { name: 'skip-invalid', type: 'boolean', description: 'Skip.' },
  ],
  examples: ['storefront-ml train thing --events x.csv'],
  async run(ctx) {
    if (ctx.options.events === 'boom.csv') throw new Error('unexpected');
    ctx.log('working');
    return { summary: [`events ${String(ctx.options.events)}`], data: { options: ctx.options } };
  },
};

function usage(argv: string[]): string {
  try {
    parseArgs(command, argv);
  } catch (error) {
    if (isStorefrontError(error, 'INVALID_OPTION')) return error.message;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, booleans and defaults', () => {
    const p = parseArgs(command, ['--events', 'a.csv', '--epochs=3', '--rate', '-0.5', '--skip-invalid', '--json']);
    expect(p.options).toEqual({ events: 'a.csv', epochs: 3, rate: -0.5, mode: 'a', 'skip-invalid': true });
    expect(p.json).toBe(true);
    expect(parseArgs(command, ['--events=x', '--skip-invalid=false']).options['skip-invalid']).toBe(false);
    expect(parseArgs({ ...command, positionals: [{ name: 'file', description: '' }] }, ['--events', 'x', '--', '--odd-name']).positionals).toEqual(['--odd-name']);
  });

  it('turns every misuse into a usage error that points to --help', () => {
    expect(usage(['--events', 'a', '--epoch', '3'])).toMatch(/Unknown option --epoch for `train thing`\. Did you mean --epochs\?.*--help/);
    expect(usage(['--events'])).toMatch(/--events needs a value <file>/);
    expect(usage(['--events', '--epochs', '2'])).toMatch(/--events needs a value/);
    expect(usage([])).toMatch(/Missing --events <file>/);
    expect(usage(['--events', 'a', '--epochs', '0'])).toMatch(/--epochs must be an integer from 1 to 10; got "0"/);
    expect(usage(['--events', 'a', '--epochs', '2.5'])).toMatch(/integer/);
    expect(usage(['--events', 'a', '--rate', 'fast'])).toMatch(/--rate must be a number; got "fast"/);
    expect(usage(['--events', 'a', '--mode', 'c'])).toMatch(/one of: a, b/);
    expect(usage(['--events', 'a', '--events', 'b'])).toMatch(/given twice/);
    expect(usage(['--events', 'a', 'extra'])).toMatch(/Unexpected argument "extra"/);
    expect(usage(['--events', 'a', '-x'])).toMatch(/two dashes/);
    expect(usage(['--events', 'a', '--skip-invalid=maybe'])).toMatch(/is a flag/);
  });

  it('skips the required checks when --help is asked for', () => {
    expect(parseArgs(command, ['--help']).help).toBe(true);
    expect(parseArgs(command, ['-h']).help).toBe(true);
  });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, cwd: '/' } };
}

describe('runCli', () => {
  it('prints the top-level help and each command\'s help with its options and examples', async () => {
    const a = io();
    expect(await runCli([command], ['--help'], a.io)).toBe(0);
    expect(a.out.join('')).toMatch(/Commands:\n {2}train thing +Trains a thing\./);
    const b = io();
    expect(await runCli([command], ['train', 'thing', '--help'], b.io)).toBe(0);
    const help = b.out.join('');
    expect(help).toContain('Usage: storefront-ml train thing --events <file> [options]');
    expect(help).toMatch(/--epochs <value> +Epochs\. \(default 2\)/);
    expect(help).toMatch(/--mode <value> +Mode\. \(one of a, b; default a\)/);
    expect(help).toContain('--json');
    expect(help).toContain('storefront-ml train thing --events x.csv');
    const c = io();
    expect(await runCli([command], [], c.io)).toBe(2);
  });

  it('exits 2 on unknown commands and options, with the message on stderr and JSON on stdout under --json', async () => {
    const a = io();
    expect(await runCli([command], ['train', 'thingy'], a.io)).toBe(2);
    expect(a.err.join('')).toMatch(/error: \[INVALID_OPTION\] Unknown command `train thingy`\. `train` has: train thing\./);
    expect(a.out).toEqual([]);
    const b = io();
    expect(await runCli([command], ['train', 'thing', '--events', 'a', '--bogus', '--json'], b.io)).toBe(2);
    expect(JSON.parse(b.out.join(''))).toMatchObject({ ok: false, error: { code: 'INVALID_OPTION' } });
  });

  it('prints a summary, or only JSON on stdout with --json (messages stay on stderr)', async () => {
    const a = io();
    expect(await runCli([command], ['train', 'thing', '--events', 'a.csv'], a.io)).toBe(0);
    expect(a.out.join('')).toBe('events a.csv\n');
    expect(a.err.join('')).toBe('working\n');
    const b = io();
    expect(await runCli([command], ['train', 'thing', '--events', 'a.csv', '--json'], b.io)).toBe(0);
    expect(JSON.parse(b.out.join(''))).toEqual({ ok: true, command: 'train thing', options: { events: 'a.csv', epochs: 2, mode: 'a' } });
  });

  it('reports an unexpected error as INTERNAL with exit 1, its stack only with --verbose', async () => {
    const a = io();
    expect(await runCli([command], ['train', 'thing', '--events', 'boom.csv'], a.io)).toBe(1);
    expect(a.err.join('')).toMatch(/^error: \[INTERNAL\] unexpected/);
    expect(a.err.join('')).not.toMatch(/at /);
    const b = io();
    await runCli([command], ['train', 'thing', '--events', 'boom.csv', '--verbose'], b.io);
    expect(b.err.join('')).toMatch(/\n\s*at /);
  });
});

describe('createProgress', () => {
  it('redraws one line on a TTY', () => {
    const writes: string[] = [];
    const p = createProgress({ write: (t) => writes.push(t), isTTY: true, columns: 100 }, { label: 'training', total: 4, unit: 'epochs' }, () => 0);
    p.update(1, 'loss 2.0');
    p.update(2);
    p.finish();
    expect(writes[0]).toMatch(/^\rtraining \[#{2,}-+\] 1\/4 epochs .*loss 2\.0\x1b\[K$/);
    expect(writes.at(-1)).toBe('\n');
  });

  it('writes sparse lines elsewhere: every step when there are few, each tenth when many', () => {
    const few: string[] = [];
    const a = createProgress({ write: (t) => few.push(t) }, { label: 'training', total: 3, unit: 'epochs' }, () => 0);
    for (let i = 1; i <= 3; i++) a.update(i);
    a.finish('stopped');
    expect(few).toHaveLength(4);
    expect(few.at(-1)).toMatch(/^training: stopped, 3\/3 epochs/);
    const many: string[] = [];
    const b = createProgress({ write: (t) => many.push(t) }, { label: 'evaluating', total: 1000 }, () => 0);
    for (let i = 1; i <= 1000; i++) b.update(i);
    expect(many.length).toBeLessThanOrEqual(11);
    expect(many.every((l) => !l.includes('\r'))).toBe(true);
  });
});

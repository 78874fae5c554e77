/**
 * Runs the code blocks of README.md and docs/*.md (every page there, new ones included, through import.meta.glob)
 * in this page, as a shop's app would: each block is served as its own module by tools/harness/snippets-plugin.mjs
 * (TypeScript through Vite's transform, `storefront-ml` through the package aliases), console.log is captured while
 * it runs, and what it printed is checked against its `// →` comments (test/helpers/snippets.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { checkPrinted, extractSnippets, formatPrinted, type Snippet } from '../../helpers/snippets.ts';

const pages = import.meta.glob(['/README.md', '/docs/*.md'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Every snippet of the documentation, file by file (README first), in order. */
export function allSnippets(): Snippet[] {
  const files = Object.keys(pages).sort((a, b) => (a === '/README.md' ? -1 : b === '/README.md' ? 1 : a.localeCompare(b)));
  return files.flatMap((f) => extractSnippets(pages[f] as string, f.slice(1)));
}

/** `README.md:42 (quickstart-intent)`: how a test names a snippet. */
export function snippetName(s: Snippet): string {
  return `${s.file}:${s.line}${s.id ? ` (${s.id})` : ''}`;
}

export interface SnippetRun {
  printed: string[];
  /** What checkPrinted found wrong; empty when fine. */
  problems: string[];
  /** Tensors alive after the snippet that were not before it. */
  leaked: number;
}

/** Runs one snippet to its end (top-level await included) and reports what it printed and left behind. */
export async function runSnippet(s: Snippet): Promise<SnippetRun> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    printed.push(formatPrinted(args));
    log(...args);
  };
  const before = tf.memory().numTensors;
  try {
    const module = (await import(/* @vite-ignore */ `/@snippet/${s.file}/L${s.line}.${s.lang}`)) as { __snippetSource?: string };
    if (module.__snippetSource !== s.code) {
      throw new Error(`${snippetName(s)}: the server ran another block than the one read here; is the file being edited?`);
    }
  } finally {
    console.log = log;
  }
  return { printed, problems: checkPrinted(s, printed), leaked: tf.memory().numTensors - before };
}

/**
 * The code blocks of README.md and docs/*.md as runnable snippets, and the check that what a snippet printed is what
 * its `// →` comments say. Pure and browser-safe (no Node modules): the Node tier tests it, the browser tier runs the
 * snippets with it, and the packed-tarball tests (Vite app, static page) reuse it.
 *
 * Markdown rules:
 * - every ```js / ```ts fenced block (also `javascript`, `typescript`) is a snippet;
 * - the line just before the fence (blank lines allowed between) may be a marker:
 *   `<!-- snippet: no-run: <reason> -->` leaves the block out (a reason is required),
 *   `<!-- snippet: <id> -->` names it, `<!-- snippet: <id> data -->` names it and puts it in the data tier
 *   (`<!-- snippet: data -->` alone: data tier, no id);
 * - a malformed marker, or a marker in front of anything but a js/ts block, throws: a typo must not silently skip a test.
 *
 * Printed output: each console.log call of a snippet is one entry, formatted by {@link formatPrinted} as Node's
 * console.log would print it on one line (top-level strings as they are, nested strings in single quotes, `{ a: 1 }`,
 * `[ 1, 2 ]`, `Map(1) { 'a' => 1 }`, depth cut at 2 as `[Object]`). The `// →` comments of the snippet, in source
 * order (trailing a call, or on their own lines after it for a call made in a loop), are compared one to one with the
 * entries: `…` matches anything, a number matches the printed number rounded to the digits the comment shows, runs of
 * white space count as one space.
 */

export interface Snippet {
  /** The Markdown file, as given to {@link extractSnippets} (e.g. 'README.md', 'docs/intent.md'). */
  file: string;
  /** 1-based line of the opening fence in `file`; the code's first line is `line + 1`. */
  line: number;
  /** The marker's id (`<!-- snippet: quickstart-intent -->`), or null when unnamed. */
  id: string | null;
  lang: 'js' | 'ts';
  code: string;
  /** True when the marker says `data`: the snippet needs the data directory (real vision weights). */
  needsData: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const MARKER = /^\s*<!--\s*snippet:(.*?)-->\s*$/;
const LANGS: Record<string, 'js' | 'ts'> = { js: 'js', javascript: 'js', mjs: 'js', ts: 'ts', typescript: 'ts' };
const ID = /^[a-z0-9][\w.-]*$/i;

type Marker = { kind: 'no-run' } | { kind: 'run'; id: string | null; needsData: boolean };

function parseMarker(body: string, where: string): Marker {
  const text = body.trim();
  if (text.startsWith('no-run')) {
    const reason = text.slice('no-run'.length).replace(/^:\s*/, '').trim();
    if (!reason) throw new Error(`${where}: a no-run snippet marker needs a reason: <!-- snippet: no-run: <reason> -->.`);
    return { kind: 'no-run' };
  }
  const words = text.split(/\s+/).filter(Boolean);
  const needsData = words[words.length - 1] === 'data';
  if (needsData) words.pop();
  if (words.length > 1 || (words.length === 1 && !ID.test(words[0] as string)) || (words.length === 0 && !needsData)) {
    throw new Error(`${where}: snippet marker "${text}" is not "<id>", "<id> data", "data" or "no-run: <reason>".`);
  }
  return { kind: 'run', id: words[0] ?? null, needsData };
}

/** The runnable js/ts blocks of one Markdown file, in order (no-run blocks left out). */
export function extractSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  let pending: { marker: Marker; line: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    const marker = MARKER.exec(text);
    if (marker) {
      if (pending) throw new Error(`${file}:${pending.line}: snippet marker is not followed by a js/ts code block.`);
      pending = { marker: parseMarker(marker[1] as string, `${file}:${i + 1}`), line: i + 1 };
      continue;
    }
    const fence = FENCE.exec(text);
    if (!fence) {
      if (pending && text.trim() !== '') throw new Error(`${file}:${pending.line}: snippet marker is not followed by a js/ts code block.`);
      continue;
    }
    const [, indent = '', ticks = '', info = ''] = fence;
    const close = new RegExp(`^\\s*${ticks[0] === '`' ? '`' : '~'}{${ticks.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end] as string)) end++;
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const lang = LANGS[info.toLowerCase()];
    if (pending && !lang) throw new Error(`${file}:${pending.line}: snippet marker is followed by a "${info}" block, not js/ts.`);
    if (lang && pending?.marker.kind !== 'no-run') {
      const marked = pending?.marker.kind === 'run' ? pending.marker : null;
      snippets.push({ file, line: i + 1, id: marked?.id ?? null, lang, code: `${body.join('\n')}\n`, needsData: marked?.needsData ?? false });
    }
    pending = null;
    i = end;
  }
  if (pending) throw new Error(`${file}:${pending.line}: snippet marker is not followed by a js/ts code block.`);
  const ids = new Set<string>();
  for (const s of snippets) {
    if (s.id === null) continue;
    if (ids.has(s.id)) throw new Error(`${file}:${s.line}: snippet id "${s.id}" is used twice in the file.`);
    ids.add(s.id);
  }
  return snippets;
}

// ---- formatPrinted: console.log's output, Node-inspect-like, on one line ----

const MAX_DEPTH = 2;
const MAX_ITEMS = 100;

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}

function key(k: string | symbol): string {
  if (typeof k === 'symbol') return `[${k.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

function braces(prefix: string, open: string, items: string[], close: string): string {
  const head = prefix ? `${prefix} ` : '';
  return items.length === 0 ? `${head}${open}${close}` : `${head}${open} ${items.join(', ')} ${close}`;
}

function more(total: number): string[] {
  return total > MAX_ITEMS ? [`... ${total - MAX_ITEMS} more item${total - MAX_ITEMS === 1 ? '' : 's'}`] : [];
}

function ctorName(value: object): string | null {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto === null) return '[Object: null prototype]';
  const name = proto.constructor?.name;
  return name && name !== 'Object' ? name : null;
}

function inspect(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string': return quote(value);
    case 'number': return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint': return `${value}n`;
    case 'boolean': case 'undefined': return String(value);
    case 'symbol': return value.toString();
    case 'function': {
      const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
      return isClass ? `[class ${value.name || '(anonymous)'}]` : value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
    }
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  if (obj instanceof Promise) return 'Promise { … }';
  const name = ctorName(obj);
  if (depth > MAX_DEPTH) {
    if (Array.isArray(obj)) return '[Array]';
    return `[${name && !name.startsWith('[') ? name : 'Object'}]`;
  }
  seen.add(obj);
  try {
    const inner = (v: unknown) => inspect(v, depth + 1, seen);
    const props = (skip: (k: string) => boolean) => Object.keys(obj)
      .filter((k) => !skip(k))
      .map((k) => `${key(k)}: ${inner((obj as Record<string, unknown>)[k])}`);
    if (obj instanceof Error) {
      const own = props((k) => k === 'stack' || k === 'message');
      const head = `[${obj.name || 'Error'}: ${obj.message}]`;
      return own.length ? braces(head, '{', own, '}') : head;
    }
    if (Array.isArray(obj)) {
      const items = obj.slice(0, MAX_ITEMS).map(inner);
      const extra = props((k) => /^\d+$/.test(k));
      return braces(name && name !== 'Array' ? `${name}(${obj.length})` : '', '[', [...items, ...more(obj.length), ...extra], ']');
    }
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      const arr = Array.from(obj as unknown as ArrayLike<number | bigint>);
      const items = arr.slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen));
      return braces(`${name}(${arr.length})`, '[', [...items, ...more(arr.length)], ']');
    }
    if (obj instanceof Map) {
      const items = [...obj].slice(0, MAX_ITEMS).map(([k, v]) => `${inner(k)} => ${inner(v)}`);
      return braces(`${name ?? 'Map'}(${obj.size})`, '{', [...items, ...more(obj.size)], '}');
    }
    if (obj instanceof Set) {
      const items = [...obj].slice(0, MAX_ITEMS).map(inner);
      return braces(`${name ?? 'Set'}(${obj.size})`, '{', [...items, ...more(obj.size)], '}');
    }
    return braces(name ?? '', '{', props(() => false), '}');
  } finally {
    seen.delete(obj);
  }
}

/** What `console.log(...args)` prints, on one line: arguments joined by a space, top-level strings as they are. */
export function formatPrinted(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : inspect(a, 0, new Set()))).join(' ');
}

// ---- checkPrinted: the `// →` comments against what was printed ----

const ARROW = /\/\/\s*→\s?(.*)$/;
const NUMBER_IN_COMMENT = /(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])/gi;
const NUMBER_PRINTED = /-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/iy;

type Token = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'number'; value: number; tolerance: number };

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function tokens(expected: string): Token[] {
  const out: Token[] = [];
  const parts = expected.split('…');
  parts.forEach((part, i) => {
    if (i > 0) out.push({ kind: 'any' });
    let last = 0;
    for (const m of part.matchAll(NUMBER_IN_COMMENT)) {
      if (m.index > last) out.push({ kind: 'text', text: part.slice(last, m.index) });
      const [mantissa = '', exp = '0'] = m[0].toLowerCase().split('e');
      const decimals = mantissa.split('.')[1]?.length ?? 0;
      out.push({ kind: 'number', value: Number(m[0]), tolerance: 0.5 * 10 ** (Number(exp) - decimals) * (1 + 1e-9) });
      last = m.index + m[0].length;
    }
    if (last < part.length) out.push({ kind: 'text', text: part.slice(last) });
  });
  return out;
}

/** True when `printed` fits the `// →` comment text `expected` (see the module comment for the rules). */
export function matchesComment(expected: string, printed: string): boolean {
  const toks = tokens(squash(expected));
  const s = squash(printed);
  const failed = new Set<number>();
  const match = (ti: number, pi: number): boolean => {
    if (ti === toks.length) return pi === s.length;
    const memo = ti * (s.length + 1) + pi;
    if (failed.has(memo)) return false;
    const t = toks[ti] as Token;
    let ok = false;
    if (t.kind === 'text') ok = s.startsWith(t.text, pi) && match(ti + 1, pi + t.text.length);
    else if (t.kind === 'any') for (let k = pi; k <= s.length && !ok; k++) ok = match(ti + 1, k);
    else if (!/[\w.]/.test(s[pi - 1] ?? ' ')) {
      NUMBER_PRINTED.lastIndex = pi;
      const m = NUMBER_PRINTED.exec(s);
      ok = m !== null && Math.abs(Number(m[0]) - t.value) <= t.tolerance && !/\w/.test(s[pi + m[0].length] ?? ' ') &&
        match(ti + 1, pi + m[0].length);
    }
    if (!ok) failed.add(memo);
    return ok;
  };
  return match(0, 0);
}

/** The `// →` comments of a snippet, in source order, with their line in the Markdown file. */
export function expectedOutputs(snippet: Snippet): { line: number; text: string }[] {
  return snippet.code.split('\n').flatMap((text, i) => {
    const m = ARROW.exec(text);
    return m ? [{ line: snippet.line + 1 + i, text: (m[1] as string).trim() }] : [];
  });
}

/**
 * Problems with what a snippet printed (one entry per console.log call, from {@link formatPrinted}) against its
 * `// →` comments: each comment must match the entry at its position, and there must be as many entries as comments.
 * Empty when fine.
 */
export function checkPrinted(snippet: Snippet, printed: string[]): string[] {
  const expected = expectedOutputs(snippet);
  const name = `${snippet.file}:${snippet.line}${snippet.id ? ` (${snippet.id})` : ''}`;
  const problems: string[] = [];
  expected.forEach((e, i) => {
    const got = printed[i];
    if (got === undefined) problems.push(`${snippet.file}:${e.line}: expected "${e.text}", but nothing more was printed.`);
    else if (!matchesComment(e.text, got)) problems.push(`${snippet.file}:${e.line}: expected "${e.text}", printed "${squash(got)}".`);
  });
  for (const extra of printed.slice(expected.length)) {
    problems.push(`${name}: printed "${squash(extra)}" with no // → comment for it.`);
  }
  return problems;
}

// @ts-check
/**
 * The little Markdown reading the reference drift check needs (test/node/docs/reference.test.ts): prose without its
 * code blocks, the names a page writes in backticks, the options tables it marks, its headings' anchors as GitHub
 * renders them, and its links. Pure: text in, data out.
 */

const FENCE = /^\s*(`{3,}|~{3,})/;

/** The page with every fenced code block's lines blanked (line numbers kept). @param {string} markdown */
export function withoutCodeBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  /** @type {string | null} */
  let open = null;
  return lines.map((line) => {
    const fence = FENCE.exec(line);
    if (open === null && fence) {
      open = (fence[1] ?? '').slice(0, 3);
      return '';
    }
    if (open !== null) {
      if (fence && (fence[1] ?? '').startsWith(open)) open = null;
      return '';
    }
    return line;
  }).join('\n');
}

/**
 * Every identifier written in backticks in the prose, also inside longer code spans (`loadX(source, opts)`, which
 * may wrap onto the next line), and every type an options table is marked for (`<!-- options: Name -->`).
 * @param {string} markdown
 */
export function codeSpanNames(markdown) {
  const names = new Set(optionsTables(markdown).flatMap((t) => t.interfaces));
  for (const span of withoutCodeBlocks(markdown).matchAll(/`([^`]+?)`/g)) {
    for (const word of (span[1] ?? '').matchAll(/[A-Za-z_$][\w$]*/g)) names.add(word[0]);
  }
  return names;
}

/**
 * The options tables of a page: a table whose preceding non-blank line is `<!-- options: Name [Name…] -->`, with
 * the names its first column writes in backticks (`retention.maxAgeMs` stays one dotted name).
 * @param {string} markdown
 * @returns {{ interfaces: string[], line: number, rows: string[] }[]}
 */
export function optionsTables(markdown) {
  const lines = withoutCodeBlocks(markdown).split('\n');
  const tables = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^\s*<!--\s*options:\s*([^>]*?)\s*-->\s*$/.exec(lines[i] ?? '');
    if (!marker) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
    const rows = [];
    // header, separator, then rows while lines start with '|'
    for (let k = j + 2; k < lines.length && (lines[k] ?? '').trim().startsWith('|'); k++) {
      const first = (lines[k] ?? '').split(/(?<!\\)\|/)[1] ?? '';
      for (const m of first.matchAll(/`([A-Za-z_$][\w$.]*)`/g)) rows.push(m[1] ?? '');
    }
    tables.push({ interfaces: (marker[1] ?? '').split(/\s+/).filter(Boolean), line: i + 1, rows });
  }
  return tables;
}

/** The first cells of every table row of a page, as written. @param {string} markdown */
export function firstCells(markdown) {
  return withoutCodeBlocks(markdown).split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map((l) => (l.split(/(?<!\\)\|/)[1] ?? '').trim());
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. @param {string} text */
export function slug(text) {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page offers: its headings (duplicates numbered as GitHub does) and `<a id|name="…">`. @param {string} markdown */
export function anchors(markdown) {
  const found = new Set();
  /** @type {Map<string, number>} */
  const seen = new Map();
  const prose = withoutCodeBlocks(markdown);
  for (const m of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of prose.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]);
  return found;
}

/** The links of a page's prose that stay in the repository: `[text](target)` with no scheme. @param {string} markdown */
export function relativeLinks(markdown) {
  /** @type {{ line: number, target: string }[]} */
  const links = [];
  const lines = withoutCodeBlocks(markdown).split('\n');
  lines.forEach((line, i) => {
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      links.push({ line: i + 1, target });
    }
  });
  return links;
}

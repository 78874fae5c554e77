/**
 * Text normalisation and tokenisation for the assistant: pure functions, no tfjs, run in Node.
 *
 * Chinese (and Japanese/Korean) text has no spaces, so CJK characters are kept as runs and turned into character
 * n-grams later (see features.ts); that makes Chinese work without a word segmenter.
 */

/**
 * NFKC (full-width Latin letters, digits and punctuation become half-width: "ＡＢＣ１２３" → "abc123"; the
 * ideographic space becomes a space), lower-case, whitespace collapsed, trimmed.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** A token of normalised text: a Latin/digit word, or a run of CJK characters. */
export interface Token {
  kind: 'word' | 'cjk';
  text: string;
}

// Han, Hiragana, Katakana, Hangul: scripts written without spaces between words.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// Letters and digits of other scripts, plus apostrophes inside words ("don't").
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Splits normalised text into words (Latin, Cyrillic, digits…: runs of letters/digits, with inner apostrophes) and
 * CJK runs. Punctuation, symbols and emoji separate tokens and are dropped.
 */
export function tokenize(normalized: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let kind: Token['kind'] | null = null;
  const flush = () => {
    if (kind !== null && current !== '') tokens.push({ kind, text: kind === 'word' ? current.replace(/'+$/u, '') : current });
    current = '';
    kind = null;
  };
  for (const ch of normalized) {
    const k: Token['kind'] | null = CJK.test(ch) ? 'cjk' : WORD_CHAR.test(ch) || (ch === "'" && kind === 'word') ? 'word' : null;
    if (k !== kind) flush();
    if (k !== null) {
      kind = k;
      current += ch;
    }
  }
  flush();
  return tokens.filter((t) => t.text !== '');
}

/** True when the text holds at least one letter or digit (of any script): something a model can read. */
export function hasReadableText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** The share of CJK characters among the letters of `text` (0…1); 0 when it has no letters. */
export function cjkShare(text: string): number {
  let letters = 0;
  let cjk = 0;
  for (const ch of text) {
    if (CJK.test(ch)) {
      cjk++;
      letters++;
    } else if (/\p{L}/u.test(ch)) letters++;
  }
  return letters === 0 ? 0 : cjk / letters;
}

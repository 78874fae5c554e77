/**
 * Is a message like the text the assistant was trained on? Pure functions, no tfjs, run in Node.
 *
 * A softmax always picks some class, so text unlike anything in training (a script the shop never wrote in,
 * keyboard mash) would get a known intent at a middling confidence. Two checks run before the softmax decision:
 * - scripts: the share of the message's letters in scripts that never occur in the training text;
 * - letters: how plausible the message's words are under a character trigram model of the training words
 *   (mean log-probability per letter, interpolated with bigrams and unigrams), against a floor calibrated on
 *   held-out training messages. CJK runs are left to the script check (their characters are features themselves).
 */
import { normalizeText, tokenize } from './text.ts';

const SCRIPT_NAMES = [
  'Latin', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew', 'Thai', 'Devanagari',
  'Bengali', 'Tamil', 'Telugu', 'Gujarati', 'Gurmukhi', 'Kannada', 'Malayalam', 'Sinhala', 'Lao', 'Khmer', 'Myanmar',
  'Tibetan', 'Georgian', 'Armenian', 'Ethiopic',
] as const;
const SCRIPTS = SCRIPT_NAMES.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const LETTER = /\p{L}/u;

/** The script of one character: a name from the list above, `'Other'` for any other letter, null for a non-letter. */
export function scriptOf(ch: string): string | null {
  if (!LETTER.test(ch)) return null;
  for (const [name, re] of SCRIPTS) if (re.test(ch)) return name;
  return 'Other';
}

/** The scripts whose letters occur in `texts`, sorted. */
export function scriptsOf(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) for (const ch of text.normalize('NFKC')) {
    const s = scriptOf(ch);
    if (s !== null) seen.add(s);
  }
  return [...seen].sort();
}

/** Share of the letters of `text` in none of `known` scripts (0 when it has no letters). */
export function unknownScriptShare(text: string, known: ReadonlySet<string>): number {
  let letters = 0;
  let unknown = 0;
  for (const ch of text.normalize('NFKC')) {
    const s = scriptOf(ch);
    if (s === null) continue;
    letters++;
    if (!known.has(s)) unknown++;
  }
  return letters === 0 ? 0 : unknown / letters;
}

/** The non-CJK words of a message that hold a letter, digits folded to `0`, padded with boundary marks. */
function paddedWords(text: string, maxChars: number): string[][] {
  return tokenize(normalizeText(text).slice(0, maxChars))
    .filter((t) => t.kind === 'word' && LETTER.test(t.text))
    .map((t) => [...`<${t.text.replace(/\p{N}/gu, '0')}>`]);
}

/** Character unigram, bigram and trigram counts of the training words. */
export interface LetterModel {
  uni: Map<string, number>;
  bi: Map<string, number>;
  tri: Map<string, number>;
  total: number;
}

export function fitLetterModel(texts: readonly string[], maxChars = 1000): LetterModel {
  const model: LetterModel = { uni: new Map(), bi: new Map(), tri: new Map(), total: 0 };
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const text of texts) for (const chars of paddedWords(text, maxChars)) {
    for (let i = 0; i < chars.length; i++) {
      add(model.uni, chars[i] as string);
      model.total++;
      if (i >= 1) add(model.bi, chars.slice(i - 1, i + 1).join(''));
      if (i >= 2) add(model.tri, chars.slice(i - 2, i + 1).join(''));
    }
  }
  return model;
}

const LAMBDA = [0.6, 0.3, 0.1] as const;

/**
 * Mean natural-log probability per predicted letter of the message's non-CJK words under `model`, and how many
 * letters were predicted (0: nothing to judge, score 0).
 */
export function letterScore(text: string, model: LetterModel, maxChars = 1000): { score: number; letters: number } {
  const vocabulary = model.uni.size + 1;
  let sum = 0;
  let letters = 0;
  for (const chars of paddedWords(text, maxChars)) {
    for (let i = 1; i < chars.length; i++) {
      const c = chars[i] as string;
      const b = chars[i - 1] as string;
      const a = i >= 2 ? (chars[i - 2] as string) : null;
      const uni = ((model.uni.get(c) ?? 0) + 1) / (model.total + vocabulary);
      const bCount = model.uni.get(b) ?? 0;
      const bi = bCount > 0 ? (model.bi.get(b + c) ?? 0) / bCount : 0;
      const abCount = a === null ? 0 : model.bi.get(a + b) ?? 0;
      const tri = abCount > 0 ? (model.tri.get(a + b + c) ?? 0) / abCount : 0;
      const p = a === null || abCount === 0
        ? (LAMBDA[0] + LAMBDA[1]) * bi + LAMBDA[2] * uni
        : LAMBDA[0] * tri + LAMBDA[1] * bi + LAMBDA[2] * uni;
      sum += Math.log(p);
      letters++;
    }
  }
  return { score: letters === 0 ? 0 : sum / letters, letters };
}

/** Judged letters a message needs before the letter check applies ("hi", "ok" are too short to judge). */
export const MIN_LETTERS = 5;
/** A message with at least this share of its letters in scripts the training text never used is unfamiliar. */
export const UNKNOWN_SCRIPT_SHARE = 0.5;
/** The letter floor sits this far (nats per letter) below the 0.5th percentile of held-out training messages. */
const FLOOR_MARGIN = 0.5;
const FLOOR_QUANTILE = 0.005;

/** What the assistant stores to tell familiar text from text unlike its training (saved with the model). */
export interface AssistantFamiliarity {
  /** Scripts of the training text's letters (`'Latin'`, `'Han'`…). */
  scripts: string[];
  /** Mean log-probability per letter below which a message's words are implausible; null: no letter check. */
  letterFloor: number | null;
}

/**
 * The familiarity of a trained model: the scripts of `trainTexts`, and a letter floor just below what held-out
 * in-scope messages score under a letter model of `trainTexts` (null when none of them has enough letters).
 */
export function fitFamiliarity(trainTexts: readonly string[], heldInScope: readonly string[], maxChars = 1000, model = fitLetterModel(trainTexts, maxChars)): AssistantFamiliarity {
  const scores = heldInScope
    .map((t) => letterScore(t, model, maxChars))
    .filter((s) => s.letters >= MIN_LETTERS)
    .map((s) => s.score)
    .sort((a, b) => a - b);
  const q = scores[Math.floor(FLOOR_QUANTILE * (scores.length - 1))];
  return { scripts: scriptsOf(trainTexts), letterFloor: q === undefined ? null : q - FLOOR_MARGIN };
}

/** Non-CJK letters vs CJK characters of a message (the letter check judges only mostly non-CJK text). */
function cjkMajority(text: string): boolean {
  let cjk = 0;
  let other = 0;
  for (const ch of text.normalize('NFKC')) {
    const s = scriptOf(ch);
    if (s === null) continue;
    if (s === 'Han' || s === 'Hiragana' || s === 'Katakana' || s === 'Hangul') cjk++;
    else other++;
  }
  return cjk >= other;
}

/**
 * Decides whether a message is unfamiliar, from a model's familiarity and its training text (or that text's
 * letter model).
 */
export class FamiliarityGate {
  private known: Set<string>;
  private model: LetterModel | null;

  constructor(private familiarity: AssistantFamiliarity, train: readonly string[] | LetterModel, private maxChars = 1000) {
    this.known = new Set(familiarity.scripts);
    this.model = familiarity.letterFloor === null ? null : Array.isArray(train) ? fitLetterModel(train, maxChars) : (train as LetterModel);
  }

  /** True when the message is mostly in unseen scripts, or its words are implausible letter sequences. */
  unfamiliar(text: string): boolean {
    const head = text.slice(0, this.maxChars * 4);
    if (unknownScriptShare(head, this.known) >= UNKNOWN_SCRIPT_SHARE) return true;
    if (this.model === null || cjkMajority(head)) return false;
    const { score, letters } = letterScore(head, this.model, this.maxChars);
    return letters >= MIN_LETTERS && score < (this.familiarity.letterFloor as number);
  }
}

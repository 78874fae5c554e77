/**
 * What a shop teaches its assistant, checked and flattened into labelled training messages. Pure, runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import { cjkShare } from './text.ts';

/** A text in one or more languages, `{ en, zh }`; a plain string serves every language. */
export type LocalizedText = string | Partial<Record<AssistantLanguage, string>>;

/** The languages the assistant answers in. */
export type AssistantLanguage = 'en' | 'zh';

/** An intent: something shoppers want done, with example messages. */
export interface IntentDefinition {
  /** Unique among intents and FAQ entries, e.g. `'track_order'`. */
  id: string;
  /** Example messages (any language; mix English and Chinese freely). At least one. */
  examples: string[];
  /** What the assistant says when it recognises the intent; absent → no answer text, the app acts on `label`. */
  answer?: LocalizedText;
}

/** A frequently asked question: ways shoppers ask it, and the shop's answer. */
export interface FaqEntry {
  /** Unique among intents and FAQ entries, e.g. `'faq_return_window'`. */
  id: string;
  /** Question variants (any language). At least one. */
  questions: string[];
  answer: LocalizedText;
}

/** Everything the assistant learns from. */
export interface AssistantContent {
  intents?: IntentDefinition[];
  faq?: FaqEntry[];
  /**
   * Messages the shop does not handle ("what's the weather", "write me a poem"). When given, they form an
   * out-of-scope class and help choose the hand-off threshold.
   */
  outOfScope?: string[];
  /** What the assistant says when it hands off to a person. @default a bilingual "connecting you with a colleague" */
  handoffAnswer?: LocalizedText;
}

/** The label the out-of-scope class gets. */
export const OUT_OF_SCOPE = 'out_of_scope';

export const DEFAULT_HANDOFF: Record<AssistantLanguage, string> = {
  en: "I'm not sure I understood. Let me connect you with a colleague who can help.",
  zh: '抱歉，我不太确定您的意思。我帮您转接人工客服。',
};

/** One class of the classifier. */
export interface ClassInfo {
  label: string;
  kind: 'intent' | 'faq' | 'out_of_scope';
  answer?: LocalizedText;
}

/** Content checked and flattened: the classes and one row per example message. */
export interface FlatContent {
  classes: ClassInfo[];
  texts: string[];
  labels: Int32Array;
}

function invalid(message: string, details: Record<string, unknown> = {}): StorefrontError {
  return new StorefrontError('INVALID_INPUT', `Assistant content: ${message}`, { details });
}

function checkTexts(owner: string, field: string, texts: unknown): string[] {
  if (!Array.isArray(texts) || texts.length === 0) throw invalid(`${owner}.${field} must be a non-empty array of strings; got ${show(texts)}.`);
  for (const t of texts) {
    if (typeof t !== 'string' || t.trim() === '') throw invalid(`${owner}.${field} holds ${show(t)}. Use non-empty strings.`);
  }
  return texts as string[];
}

/** `content[field]` as an array ([] when left out); anything else is INVALID_INPUT naming the field. */
function entries(content: AssistantContent, field: 'intents' | 'faq' | 'outOfScope'): readonly unknown[] {
  const value: unknown = content[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${field} must be an array; got ${show(value)}.`, { field });
  return value;
}

/** An answer: undefined, a string, or an object of strings per language. */
function checkAnswer(field: string, answer: unknown): LocalizedText | undefined {
  if (answer === undefined || typeof answer === 'string') return answer;
  const ok = typeof answer === 'object' && answer !== null && !Array.isArray(answer) &&
    Object.values(answer).every((t) => typeof t === 'string');
  if (!ok) throw invalid(`${field} must be a string or an object of strings per language ({ en, zh }); got ${show(answer)}.`, { field });
  return answer as LocalizedText;
}

/** Checks `content` (INVALID_INPUT naming the bad entry) and flattens it. Needs at least two classes. */
export function flattenContent(content: AssistantContent): FlatContent {
  if (typeof content !== 'object' || content === null) throw invalid(`expected an object with intents and/or faq; got ${show(content)}.`);
  const classes: ClassInfo[] = [];
  const texts: string[] = [];
  const labels: number[] = [];
  const seen = new Set<string>();
  const add = (label: string, kind: ClassInfo['kind'], examples: string[], answer?: LocalizedText) => {
    if (seen.has(label)) throw invalid(`the id "${label}" is used twice. Give every intent and FAQ entry its own id.`);
    seen.add(label);
    const index = classes.length;
    classes.push(answer === undefined ? { label, kind } : { label, kind, answer });
    for (const text of examples) {
      texts.push(text);
      labels.push(index);
    }
  };
  for (const [i, value] of entries(content, 'intents').entries()) {
    const intent = value as IntentDefinition | null | undefined;
    if (typeof intent?.id !== 'string' || intent.id === '') throw invalid(`intents[${i}].id must be a non-empty string.`);
    add(intent.id, 'intent', checkTexts(`intents[${i}]`, 'examples', intent.examples), checkAnswer(`intents[${i}].answer`, intent.answer));
  }
  for (const [i, value] of entries(content, 'faq').entries()) {
    const entry = value as FaqEntry | null | undefined;
    if (typeof entry?.id !== 'string' || entry.id === '') throw invalid(`faq[${i}].id must be a non-empty string.`);
    if (entry.answer === undefined) throw invalid(`faq[${i}] ("${entry.id}") has no answer.`);
    add(entry.id, 'faq', checkTexts(`faq[${i}]`, 'questions', entry.questions), checkAnswer(`faq[${i}].answer`, entry.answer));
  }
  const inScope = classes.length;
  checkAnswer('handoffAnswer', content.handoffAnswer);
  const outOfScope = entries(content, 'outOfScope');
  if (outOfScope.length > 0) add(OUT_OF_SCOPE, 'out_of_scope', checkTexts('content', 'outOfScope', outOfScope));
  if (inScope < 2) throw invalid(`it teaches ${inScope} intent(s)/FAQ entries. Give at least two.`, { classes: inScope });
  return { classes, texts, labels: Int32Array.from(labels) };
}

/** 'zh' when a message is mostly Chinese characters, else 'en'. */
export function detectLanguage(text: string): AssistantLanguage {
  return cjkShare(text) >= 0.3 ? 'zh' : 'en';
}

/** The text for `language`, else English, else any language given; null when there is none. */
export function pickLocalized(text: LocalizedText | undefined, language: AssistantLanguage): string | null {
  if (text === undefined) return null;
  if (typeof text === 'string') return text;
  return text[language] ?? text.en ?? Object.values(text).find((t) => typeof t === 'string') ?? null;
}

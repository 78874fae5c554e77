/**
 * The SentencePiece tokenizer of Universal Sentence Encoder lite: the unigram-model Viterbi segmentation that
 * `@tensorflow-models/universal-sentence-encoder` ports from SentencePiece's `EncodeAsIds` (Apache-2.0, same ids,
 * including its tie-breaking and the merging of consecutive unknown pieces), written over a Map trie walked in place
 * instead of slicing the remaining symbols at every position (that port is O(n²) in the message length). Pure; runs
 * in Node.
 */

/** `[piece, score]` pairs, as in USE lite's vocab.json. Ids are positions; the first `reserved` are control symbols. */
export type Vocabulary = ReadonlyArray<readonly [string, number]>;

/** The word-boundary mark: U+2581 "lower one eighth block". */
const SEPARATOR = '\u2581';
/** Unknown, <s>, </s> and three extra ids: never produced by segmentation (id 0, unknown, is the fallback). */
const RESERVED = 6;
const UNKNOWN = 0;

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Vocabulary id ending here, or -1. */
  id: number;
  score: number;
}

const node = (): TrieNode => ({ children: new Map(), id: -1, score: 0 });

export class SentencePieceTokenizer {
  private readonly root = node();
  readonly size: number;

  constructor(vocabulary: Vocabulary) {
    this.size = vocabulary.length;
    for (let id = RESERVED; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id] as readonly [string, number];
      let at = this.root;
      for (const symbol of piece) {
        let next = at.children.get(symbol);
        if (next === undefined) at.children.set(symbol, (next = node()));
        at = next;
      }
      at.id = id;
      at.score = score;
    }
  }

  /** Token ids of `text`: NFKC, a separator before the text and for each space, then the best-scoring segmentation. */
  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = [...(SEPARATOR + normalized.replace(/ /g, SEPARATOR))];
    const n = symbols.length;
    const best = new Float64Array(n + 1);
    const bestId = new Int32Array(n + 1);
    const bestLength = new Int32Array(n + 1);
    // Pieces starting at `start` are found by walking the trie; the reference relaxes ends in order of their start
    // (ascending) with `best === 0 || score >= best`, so a later start wins a tie: relaxing in start order gives the
    // same choices as its lattice, because every piece ending at `end` is relaxed after best[start] is final.
    for (let start = 0; start < n; start++) {
      const base = best[start] as number;
      let at = this.root.children.get(symbols[start] as string);
      let matched = false;
      for (let end = start + 1; at !== undefined; end++) {
        if (at.id >= 0) {
          matched = true;
          relax(end, at.id, at.score, end - start);
        }
        at = end < n ? at.children.get(symbols[end] as string) : undefined;
      }
      if (!matched) relax(start + 1, UNKNOWN, 0, 1);
      function relax(end: number, id: number, score: number, length: number): void {
        const total = score + base;
        if (best[end] === 0 || total >= (best[end] as number)) {
          best[end] = total;
          bestId[end] = id;
          bestLength[end] = length;
        }
      }
    }
    const reversed: number[] = [];
    for (let at = n; at > 0; at -= bestLength[at] as number) reversed.push(bestId[at] as number);
    const ids: number[] = [];
    for (let i = reversed.length - 1; i >= 0; i--) {
      const id = reversed[i] as number;
      if (id === UNKNOWN && ids[ids.length - 1] === UNKNOWN) continue;
      ids.push(id);
    }
    return ids;
  }
}

/**
 * Interaction sequences: the S3-Rec text format and the leave-one-out split of the S3-Rec / SASRec protocol.
 * Pure data, runs in Node and in the browser.
 */
import { StorefrontError } from '../core/errors.ts';

/** Users' item sequences with items re-indexed densely to 0…numItems-1, oldest first. */
export interface SequenceData {
  /** One sequence of item indices per user, oldest first. */
  sequences: Int32Array[];
  /** The user id of each sequence, as written in the file. */
  userIds: string[];
  /** The original id of each item index. */
  itemIds: string[];
  /** Original item id → item index. */
  itemIndex: Map<string, number>;
}

/**
 * Parses the S3-Rec format: one line per user, `user item item …`, space-separated, chronological. Blank lines
 * are skipped. Item ids are kept as strings and numbered in order of first appearance.
 */
export function parseSequences(text: string): SequenceData {
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const itemIndex = new Map<string, number>();
  const sequences: Int32Array[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).trim();
    if (line === '') continue;
    const tokens = line.split(/\s+/);
    if (tokens.length < 2) {
      throw new StorefrontError('INVALID_INPUT', `Sequences: line ${n + 1} has a user but no items. Each line must be "user item item …".`, { details: { line: n + 1 } });
    }
    const seq = new Int32Array(tokens.length - 1);
    for (let t = 1; t < tokens.length; t++) {
      const id = tokens[t] as string;
      let index = itemIndex.get(id);
      if (index === undefined) {
        index = itemIds.length;
        itemIndex.set(id, index);
        itemIds.push(id);
      }
      seq[t - 1] = index;
    }
    userIds.push(tokens[0] as string);
    sequences.push(seq);
  }
  if (sequences.length === 0) {
    throw new StorefrontError('INVALID_INPUT', 'Sequences: the text holds no lines. Each line must be "user item item …".');
  }
  return { sequences, userIds, itemIds, itemIndex };
}

/** One ranking case: the model reads `history` (oldest first) and must rank `target` among all items. */
export interface RankingCase {
  user: number;
  history: Int32Array;
  target: number;
}

/** The leave-one-out split: training sequences, validation and test cases. */
export interface LeaveOneOutSplit {
  /** Per user, the items before the validation target (what every model may train on). */
  train: Int32Array[];
  /** History = train prefix, target = second-last item. */
  validation: RankingCase[];
  /** History = everything before the last item (validation target included), target = last item. */
  test: RankingCase[];
  numItems: number;
}

/**
 * The S3-Rec protocol: per user the last item is the test target, the second-last the validation target, and
 * training sees only the items before the validation target. Users with fewer than 3 items give no cases (their
 * items still count as training data).
 */
export function leaveOneOut(data: SequenceData): LeaveOneOutSplit {
  const train: Int32Array[] = [];
  const validation: RankingCase[] = [];
  const test: RankingCase[] = [];
  data.sequences.forEach((seq, user) => {
    const n = seq.length;
    if (n < 3) {
      train.push(seq);
      return;
    }
    train.push(seq.subarray(0, n - 2));
    validation.push({ user, history: seq.subarray(0, n - 2), target: seq[n - 2] as number });
    test.push({ user, history: seq.subarray(0, n - 1), target: seq[n - 1] as number });
  });
  return { train, validation, test, numItems: data.itemIds.length };
}

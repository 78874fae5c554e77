/**
 * Published figures on the same protocol (S3-Rec leave-one-out, full ranking, history masked), per data set. The
 * evals print them only for the data set they belong to: keyed by `<folder>/<file>` of the sequences file, so
 * `--dataset` pointing at another category prints none.
 */
import type { Row } from '../harness/types.ts';

export const DEFAULT_DATASET = 'amazon_beauty_s3rec/Beauty.txt';

const PUBLISHED: Record<string, Row[]> = {
  [DEFAULT_DATASET]: [
    { model: 'published SASRec, BCE (S3-Rec paper)', hr_10: 0.0605, ndcg_10: 0.0318, hr_20: 0.0902 },
    { model: 'published S3-Rec', hr_10: 0.0647, ndcg_10: 0.0327, hr_20: 0.0994 },
    { model: 'published SASRec, sampled softmax (Klenitskiy & Vasilev 2023 recipe)', hr_10: 0.0921, ndcg_10: 0.0531 },
    { model: 'published BSARec (run log)', hr_10: 0.1008, ndcg_10: 0.0611 },
  ],
};

/** The key of a sequences file: its folder and name (`amazon_beauty_s3rec/Beauty.txt`), from a path or URL. */
export function datasetKey(dataset: string | boolean | undefined): string {
  if (typeof dataset !== 'string') return DEFAULT_DATASET;
  const path = dataset.split(/[?#]/)[0] as string;
  return path.split('/').filter((p) => p !== '').slice(-2).join('/');
}

/** The published rows of that data set (copies), none when it is not one we hold figures for. */
export function publishedRows(dataset: string | boolean | undefined): Row[] {
  return (PUBLISHED[datasetKey(dataset)] ?? []).map((row) => ({ ...row }));
}

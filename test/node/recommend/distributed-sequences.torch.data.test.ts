/** The PyTorch job reads the real logs of the data directory exactly as the library does. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { librarySequences, pythonSequences } from '../../helpers/python-sequences.ts';
import { dataDir } from '../../../tools/harness/plugins.mjs';

describe('tools/distributed/events.py on the data directory', () => {
  for (const rel of ['rees46_ecommerce_sample/2019-Oct-sample-5k.csv', 'amazon_beauty_s3rec/Beauty.txt']) {
    it(`${rel}: the same shoppers, sequences and product order`, () => {
      const file = path.join(dataDir(), rel);
      const py = pythonSequences(file, false);
      const lib = librarySequences(file, false);
      expect(py.error).toBeUndefined();
      expect(py.users).toEqual(lib.users);
      expect(py.sequences).toEqual(lib.sequences);
      expect(py.vocabulary).toEqual(lib.vocabulary);
    });
  }
});

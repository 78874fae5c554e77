/**
 * Runs tools/distributed/events.py (what the PyTorch job reads its training data with) and the library's pipeline
 * (readEventLog + userSequences, what `storefront-ml train recommend` reads) on the same file, for the PyTorch tier.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readEventLog, userSequences } from '../../src/pipeline/index.ts';
import { REPO_ROOT } from '../../tools/harness/plugins.mjs';
import { torchPython } from '../../tools/harness/torch.mjs';

export interface PythonSequences {
  users: string[];
  sequences: string[][];
  vocabulary: string[];
  skipped: [number, string][];
  error?: string;
}

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
from events import EventLogError, read_sequences
try:
    d = read_sequences(sys.argv[2], 'auto', sys.argv[3] == '1')
    print(json.dumps({'users': d.users, 'sequences': d.sequences, 'vocabulary': d.vocabulary(), 'skipped': d.skipped}))
except EventLogError as e:
    print(json.dumps({'error': str(e)}))
`;

/** The job's reading of `file`. */
export function pythonSequences(file: string, skipInvalid: boolean): PythonSequences {
  const run = spawnSync(torchPython(), ['-c', SCRIPT, path.join(REPO_ROOT, 'tools/distributed'), file, skipInvalid ? '1' : '0'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`events.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PythonSequences;
}

/** The library's reading of `file`, and the item order trainRecommender gives its products. */
export function librarySequences(file: string, skipInvalid: boolean) {
  const log = readEventLog(readFileSync(file, 'utf8'), { skipInvalid });
  const { userIds, sequences } = userSequences(log.events);
  const seen = new Set<string>();
  for (const seq of sequences) for (const id of seq) seen.add(id);
  return { users: userIds, sequences, vocabulary: [...seen], skipped: log.skipped.map((s) => [s.line, s.reason]) };
}

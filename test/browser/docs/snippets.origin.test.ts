/**
 * Every snippet of README.md and docs/*.md that needs no data directory runs as written, prints what its `// →`
 * comments say and leaves no tensor behind. In the `browser-origin` project (its own browser profile, one file at
 * a time): the privacy snippets erase every storefront-ml database of the origin, which would disturb other files.
 * The data tier's snippets (real vision weights) run in snippets.data.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { allSnippets, runSnippet, snippetName } from './run-snippets.ts';

const snippets = allSnippets().filter((s) => !s.needsData);

describe('the documentation\'s snippets', () => {
  it('include the README\'s quick starts', () => {
    const ids = snippets.filter((s) => s.file === 'README.md').map((s) => s.id);
    for (const id of ['runtime', 'history', 'intent', 'recommend', 'assistant', 'privacy']) expect(ids).toContain(`quickstart-${id}`);
  });

  for (const s of snippets) {
    it(`${snippetName(s)} runs and prints what its comments say`, async () => {
      const run = await runSnippet(s);
      expect(run.problems).toEqual([]);
      expect(run.leaked, `${snippetName(s)} left tensors behind`).toBe(0);
    });
  }
});

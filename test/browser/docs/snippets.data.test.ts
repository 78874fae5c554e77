/**
 * The snippets marked `data` (real MobileNet weights from the data directory, served at /models/<name>/ as
 * `storefront-ml models pull` lays them out, and product photos at /photos/) run as written, print what their
 * `// →` comments say and leave no tensor behind. In the main browser project beside other files, so a data snippet
 * must not erase the whole origin (eraseAllData): that belongs in a snippet without data (snippets.origin.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { allSnippets, runSnippet, snippetName } from './run-snippets.ts';

const snippets = allSnippets().filter((s) => s.needsData);

describe('the documentation\'s data snippets', () => {
  it('include the README\'s vision quick start', () => {
    expect(snippets.filter((s) => s.file === 'README.md').map((s) => s.id)).toContain('quickstart-vision');
  });

  for (const s of snippets) {
    it(`${snippetName(s)} runs and prints what its comments say`, async () => {
      expect(s.code, `${snippetName(s)} erases the whole origin, which other test files share`).not.toMatch(/eraseAllData/);
      const run = await runSnippet(s);
      expect(run.problems).toEqual([]);
      expect(run.leaked, `${snippetName(s)} left tensors behind`).toBe(0);
    });
  }
});

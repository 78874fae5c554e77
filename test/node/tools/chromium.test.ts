import { describe, expect, it } from 'vitest';
import { SYSTEM_CHROMIUMS, ensureChromium, findChromium, installPlan } from '../../../tools/harness/chromium.mjs';

const PW = '/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const only = (...files: string[]) => (file: string) => files.includes(file);

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, as given', () => {
    expect(findChromium({ env: { CHROMIUM_PATH: '/opt/c/chrome' }, exists: only('/usr/bin/chromium'), playwrightPath: () => PW }))
      .toEqual({ path: '/opt/c/chrome', source: 'CHROMIUM_PATH' });
  });

  it('then the system binaries, in order', () => {
    expect(findChromium({ env: {}, exists: only('/usr/bin/google-chrome', '/usr/bin/chromium-browser', PW), playwrightPath: () => PW }))
      .toEqual({ path: '/usr/bin/chromium-browser', source: 'system' });
    for (const file of SYSTEM_CHROMIUMS) expect(findChromium({ env: {}, exists: only(file), playwrightPath: () => undefined })?.path).toBe(file);
  });

  it("then Playwright's download, only when the file is there", () => {
    expect(findChromium({ env: {}, exists: only(PW), playwrightPath: () => PW })).toEqual({ path: PW, source: 'playwright' });
    expect(findChromium({ env: {}, exists: only(), playwrightPath: () => PW })).toBeNull();
    expect(findChromium({ env: {}, exists: only(), playwrightPath: () => undefined })).toBeNull();
  });
});

describe('installPlan', () => {
  it("tries Playwright's download, then Debian's package when root on Debian", () => {
    expect(installPlan({ uid: 0, isDebian: true, playwrightCli: '/p/cli.js' }).map((s) => s.what)).toEqual([
      "Playwright's Chromium (npx playwright install chromium)", "Debian's chromium (apt-get install chromium)",
    ]);
    expect(installPlan({ uid: 0, isDebian: true, playwrightCli: '/p/cli.js' })[0]!.args).toEqual(['/p/cli.js', 'install', 'chromium']);
  });

  it('never runs apt as another user or off Debian', () => {
    expect(installPlan({ uid: 1000, isDebian: true, playwrightCli: '/p/cli.js' })).toHaveLength(1);
    expect(installPlan({ uid: 0, isDebian: false, playwrightCli: '/p/cli.js' })).toHaveLength(1);
    expect(installPlan({ uid: undefined, isDebian: false })).toEqual([]);
  });
});

describe('ensureChromium', () => {
  const steps = [{ what: 'A', command: 'a', args: [] }, { what: 'B', command: 'b', args: [] }];

  it('returns what it finds without installing anything', () => {
    const ran: string[] = [];
    expect(ensureChromium({ log: () => {}, find: () => ({ path: '/usr/bin/chromium', source: 'system' }), exists: () => true, plan: () => steps, run: (c) => { ran.push(c); return 0; } }))
      .toBe('/usr/bin/chromium');
    expect(ran).toEqual([]);
  });

  it('falls through a failed install to the next, saying what it does', () => {
    const ran: string[] = [];
    const lines: string[] = [];
    let installed = false;
    const path = ensureChromium({
      log: (l) => lines.push(l),
      find: () => (installed ? { path: '/usr/bin/chromium', source: 'system' } : null),
      exists: () => true,
      plan: () => steps,
      run: (command) => { ran.push(command); if (command === 'b') installed = true; return command === 'a' ? 1 : 0; },
    });
    expect(path).toBe('/usr/bin/chromium');
    expect(ran).toEqual(['a', 'b']);
    expect(lines.join('\n')).toMatch(/installing A[\s\S]*A did not install \(exit 1\)[\s\S]*installing B[\s\S]*using \/usr\/bin\/chromium/);
  });

  it('fails saying how to fix it when nothing installs, and rejects a CHROMIUM_PATH that is not there', () => {
    expect(() => ensureChromium({ log: () => {}, find: () => null, plan: () => steps, run: () => 1 })).toThrow(/set CHROMIUM_PATH/);
    expect(() => ensureChromium({ log: () => {}, find: () => ({ path: '/nope', source: 'CHROMIUM_PATH' }), exists: () => false }))
      .toThrow(/CHROMIUM_PATH=\/nope does not exist/);
  });
});

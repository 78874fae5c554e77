// @ts-check
/**
 * mulberry32, the same generator as src/core/random.ts `seededRandom`, for the plain-Node scripts that write seeded
 * data (the demo's simulated log, the test fixtures' event log) without a TypeScript loader.
 * test/node/tools/seeded-random.test.ts keeps the two equal.
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

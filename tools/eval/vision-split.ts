/** Pure splits of the vision eval (run in Node): the product-disjoint split that imitates held-back products. */
import { seededRandom } from '../../src/core/random.ts';

export interface Photo { label: string; group: string; blob: Blob; file: string }

export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/**
 * Product-disjoint split (imitates held-back photos of other products): per class, photos sorted by product id are
 * cut into blocks of `block` neighbouring ids (neighbouring ids are often one product line), blocks go to either
 * half at random (seeded), and a photo byte-identical to an earlier one follows it. `within` splits only those photos
 * (e.g. the teaching half again, for a validation split).
 */
export function productSplit(photos: Pick<Photo, 'label' | 'group' | 'file'>[], seed: number, block: number, within?: readonly number[]): [number[], number[]] {
  const allowed = within ? new Set(within) : null;
  const random = seededRandom(seed);
  const side = new Map<string, boolean>();
  const teach: number[] = [];
  const test: number[] = [];
  const idOf = (p: { file: string }) => Number(/(\d+)\.[a-z]+$/i.exec(p.file)?.[1] ?? 0);
  for (const label of [...new Set(photos.map((p) => p.label))].sort()) {
    if (allowed && !photos.some((p, i) => p.label === label && allowed.has(i))) continue;
    const members = photos.map((p, i) => i).filter((i) => photos[i]?.label === label && (!allowed || allowed.has(i))).sort((a, b) => idOf(photos[a] as { file: string }) - idOf(photos[b] as { file: string }));
    const blocks: number[][] = [];
    for (let b = 0; b < members.length; b += block) blocks.push(members.slice(b, b + block));
    const toTeach = new Set(shuffle(blocks.map((_, b) => b), random).slice(0, Math.ceil(blocks.length / 2)));
    blocks.forEach((members, b) => members.forEach((i) => {
      const group = (photos[i] as { group: string }).group;
      const inTeach = side.get(group) ?? toTeach.has(b);
      side.set(group, inTeach);
      (inTeach ? teach : test).push(i);
    }));
  }
  return [teach, test];
}


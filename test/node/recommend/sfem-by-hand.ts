/** Writes the SFEM format by hand, independently of encodeEmbeddings, as another tool would. */
export function writeSfemByHand(ids: string[], dim: number, rows: number[][], extra: Record<string, unknown> = {}): ArrayBuffer {
  const meta = new TextEncoder().encode(JSON.stringify({ ids, ...extra }));
  const pad = (4 - ((20 + meta.length) % 4)) % 4;
  const buffer = new ArrayBuffer(20 + meta.length + pad + ids.length * dim * 4);
  const view = new DataView(buffer);
  'SFEM'.split('').forEach((c, i) => view.setUint8(i, c.charCodeAt(0)));
  view.setUint32(4, 1, true);
  view.setUint32(8, ids.length, true);
  view.setUint32(12, dim, true);
  view.setUint32(16, meta.length, true);
  meta.forEach((b, i) => view.setUint8(20 + i, b));
  rows.flat().forEach((v, i) => view.setFloat32(20 + meta.length + pad + i * 4, v, true));
  return buffer;
}

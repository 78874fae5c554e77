/**
 * Markup without injection: the `html` tag escapes every interpolated value unless it is already {@link SafeHtml}
 * (made by this tag), so a product id or file name such as `"><script>` reaches the page as text. Shared by the
 * SVG primitives and the page; pure.
 */

/** Markup this module built (or escaped), safe to insert as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML/SVG text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

function part(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are markup, interpolations are escaped (arrays joined, null/undefined/false empty). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] as string;
  values.forEach((v, i) => {
    out += part(v) + (strings[i + 1] as string);
  });
  return new SafeHtml(out);
}

/** A number for people: fixed digits, or an em dash for null / non-finite. */
export function num(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/** An area under a curve, or an em dash when the point holds one class only (the area then describes nothing). */
export function area(p: { positives: number; count: number }, x: number): string {
  return p.positives > 0 && p.positives < p.count ? num(x) : '—';
}

/** A number for an SVG coordinate (two decimals is sub-pixel at our sizes). */
export const px = (x: number): string => (Math.round(x * 100) / 100).toString();

/** A data table: a caption, header cells (scope="col"), rows whose first cell is the row header. */
export function table(caption: string, head: readonly string[], rows: readonly (readonly unknown[])[]): SafeHtml {
  return html`<table><caption>${caption}</caption>
  <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
  <tbody>${rows.map(([first, ...rest]) => html`<tr><th scope="row">${first}</th>${rest.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody>
</table>`;
}

/** Collapsed detail (all plotted points, say) under a one-line summary. */
export function details(summary: string, body: SafeHtml): SafeHtml {
  return html`<details><summary>${summary}</summary>${body}</details>`;
}

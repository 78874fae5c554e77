/**
 * The SVG plot primitives every chart of the report shares: a frame with axes, ticks and labels, lines, dots,
 * error bars, a reference diagonal and an HTML legend. Our own few lines instead of a charting library, so the
 * page stays one file with no script. Colours are Okabe–Ito (told apart with colour-vision deficiencies), and
 * every series also has its own dash pattern, so print in grey still reads.
 */
import { SafeHtml, html, px } from './html.ts';

export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;
const DASHES = ['', '7 4', '2 3', '9 3 2 3', '4 2', '1 2', '12 4', '3 6'] as const;

export interface Axis {
  label: string;
  min: number;
  max: number;
  /** Tick values; {@link niceTicks} when absent. */
  ticks?: number[];
  format?: (x: number) => string;
}

/** Scales from data to SVG coordinates inside the frame. */
export interface Frame {
  sx(x: number): number;
  sy(y: number): number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const WIDTH = 520;
export const HEIGHT = 380;
const MARGIN = { left: 62, right: 18, top: 14, bottom: 54 };

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10ⁿ). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [min];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const out: number[] = [];
  // Integer multiples of the step, rounded to 12 digits: 3 × 0.2 is 0.6, not 0.6000000000000001; + 0 turns -0 into 0.
  for (let k = Math.ceil(min / step - 1e-9); k <= Math.floor(max / step + 1e-9); k++) out.push(Number((k * step).toPrecision(12)) + 0);
  return out;
}

/** A rounded-up upper bound for an axis holding values up to `value` (at least `floor`). */
export function niceMax(value: number, floor = 0.01): number {
  const v = Math.max(value, floor) * 1.08;
  const power = 10 ** Math.floor(Math.log10(v));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= v) ?? 10) * power;
}

function frameOf(x: Axis, y: Axis): Frame {
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return {
    left, right, top, bottom,
    sx: (v) => left + ((clamp(v, x.min, x.max) - x.min) / (x.max - x.min || 1)) * (right - left),
    sy: (v) => bottom - ((clamp(v, y.min, y.max) - y.min) / (y.max - y.min || 1)) * (bottom - top),
  };
}

function axes(f: Frame, x: Axis, y: Axis): SafeHtml {
  const fx = x.format ?? String;
  const fy = y.format ?? String;
  const xt = (x.ticks ?? niceTicks(x.min, x.max)).map((t) => html`
    <line class="grid" x1="${px(f.sx(t))}" x2="${px(f.sx(t))}" y1="${px(f.top)}" y2="${px(f.bottom)}"/>
    <text class="tick" x="${px(f.sx(t))}" y="${px(f.bottom + 18)}" text-anchor="middle">${fx(t)}</text>`);
  const yt = (y.ticks ?? niceTicks(y.min, y.max)).map((t) => html`
    <line class="grid" x1="${px(f.left)}" x2="${px(f.right)}" y1="${px(f.sy(t))}" y2="${px(f.sy(t))}"/>
    <text class="tick" x="${px(f.left - 8)}" y="${px(f.sy(t) + 4)}" text-anchor="end">${fy(t)}</text>`);
  const midY = (f.top + f.bottom) / 2;
  return html`<g class="axes" aria-hidden="true">${xt}${yt}
    <rect class="frame" x="${px(f.left)}" y="${px(f.top)}" width="${px(f.right - f.left)}" height="${px(f.bottom - f.top)}"/>
    <text class="axis-label" x="${px((f.left + f.right) / 2)}" y="${px(HEIGHT - 12)}" text-anchor="middle">${x.label}</text>
    <text class="axis-label" x="16" y="${px(midY)}" text-anchor="middle" transform="rotate(-90 16 ${px(midY)})">${y.label}</text>
  </g>`;
}

/** Options of {@link plot}. */
export interface PlotSpec {
  /** Unique within the page: ids of the SVG's title and description derive from it. */
  id: string;
  title: string;
  /** One or two sentences for screen readers: what is drawn and how to read it. */
  description: string;
  x: Axis;
  y: Axis;
  body: (f: Frame) => SafeHtml | SafeHtml[];
}

/** An SVG chart: frame, axes, then what `body` draws, clipped to the frame plus room for a dot on its edge. */
export function plot(spec: PlotSpec): SafeHtml {
  const f = frameOf(spec.x, spec.y);
  const clip = `${spec.id}-clip`;
  return html`<svg class="plot" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc" xmlns="http://www.w3.org/2000/svg">
  <title id="${spec.id}-title">${spec.title}</title>
  <desc id="${spec.id}-desc">${spec.description}</desc>
  <defs><clipPath id="${clip}"><rect x="${px(f.left - 8)}" y="${px(f.top - 8)}" width="${px(f.right - f.left + 16)}" height="${px(f.bottom - f.top + 16)}"/></clipPath></defs>
  ${axes(f, spec.x, spec.y)}
  <g clip-path="url(#${clip})">${spec.body(f)}</g>
</svg>`;
}

export type Point = readonly [number, number];

/** A series as a polyline; `step: 'pre'` draws a staircase that rises at each point's x (PR curves). */
export function line(f: Frame, points: readonly Point[], style: number, options: { step?: 'pre'; width?: number } = {}): SafeHtml {
  const coords: string[] = [];
  points.forEach(([x, y], i) => {
    const prev = points[i - 1];
    if (options.step === 'pre' && prev) coords.push(`${px(f.sx(prev[0]))},${px(f.sy(y))}`);
    coords.push(`${px(f.sx(x))},${px(f.sy(y))}`);
  });
  return html`<polyline class="series" points="${coords.join(' ')}" stroke="${PALETTE[style % PALETTE.length]}" stroke-dasharray="${DASHES[style % DASHES.length]}" stroke-width="${options.width ?? 2.2}"/>`;
}

/** Dots at the points; `radius` per point (e.g. by the count a point stands for). */
export function dots(f: Frame, points: readonly Point[], style: number, radius: (i: number) => number = () => 3.5): SafeHtml {
  return html`<g fill="${PALETTE[style % PALETTE.length]}">${points.map(([x, y], i) => html`<circle cx="${px(f.sx(x))}" cy="${px(f.sy(y))}" r="${px(radius(i))}"/>`)}</g>`;
}

/** Vertical error bars from `lo` to `hi` at `x`. */
export function errorBars(f: Frame, bars: readonly { x: number; lo: number; hi: number }[], style: number): SafeHtml {
  return html`<g class="error-bars" stroke="${PALETTE[style % PALETTE.length]}">${bars.map((b) => {
    const x = px(f.sx(b.x));
    return html`<line x1="${x}" x2="${x}" y1="${px(f.sy(b.lo))}" y2="${px(f.sy(b.hi))}"/><line x1="${px(f.sx(b.x) - 4)}" x2="${px(f.sx(b.x) + 4)}" y1="${px(f.sy(b.lo))}" y2="${px(f.sy(b.lo))}"/><line x1="${px(f.sx(b.x) - 4)}" x2="${px(f.sx(b.x) + 4)}" y1="${px(f.sy(b.hi))}" y2="${px(f.sy(b.hi))}"/>`;
  })}</g>`;
}

/** A grey dashed reference line from (x0, y0) to (x1, y1): chance on ROC, perfect calibration, a base rate. */
export function reference(f: Frame, [x0, y0]: Point, [x1, y1]: Point): SafeHtml {
  return html`<line class="reference" x1="${px(f.sx(x0))}" y1="${px(f.sy(y0))}" x2="${px(f.sx(x1))}" y2="${px(f.sy(y1))}"/>`;
}

/** The legend, as HTML under the chart (a screen reader reads it; the swatch repeats colour and dash). */
export function legend(items: readonly { name: string; style: number; note?: string }[], reference?: string): SafeHtml {
  const swatch = (style: number) => html`<svg class="swatch" viewBox="0 0 28 10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke="${PALETTE[style % PALETTE.length]}" stroke-dasharray="${DASHES[style % DASHES.length]}" stroke-width="2.5"/></svg>`;
  return html`<ul class="legend">${items.map((it) => html`<li>${swatch(it.style)}<span>${it.name}</span>${it.note ? html` <span class="muted">${it.note}</span>` : ''}</li>`)}${
    reference ? html`<li><svg class="swatch" viewBox="0 0 28 10" aria-hidden="true"><line class="reference" x1="1" y1="5" x2="27" y2="5"/></svg><span>${reference}</span></li>` : ''
  }</ul>`;
}

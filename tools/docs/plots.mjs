// @ts-check
/**
 * `node tools/docs/plots.mjs` writes the SVG plots of docs/plots/ from the measured points below, each copied from a
 * run that docs/benchmarks.md reports in a table (test/node/docs/plots.test.ts checks that every point is in that
 * page and that the committed SVGs are what this script writes). Pure string building, no dependency.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ label: string, points: [number, number][], dashed?: boolean }} Series
 * @typedef {{ file: string, title: string, xLabel: string, yLabel: string, x: [number, number, number],
 *   y: [number, number, number], yDigits: number, series: Series[], marks?: { x: number, label: string }[],
 *   levels?: { y: number, label: string }[], legend?: 'top-left' | 'bottom-right' }} Plot
 */

/** @type {Plot[]} */
export const PLOTS = [
  {
    file: 'recommend-beauty-curve.svg',
    title: 'Amazon Beauty: validation NDCG@10 (model alone) against training seconds, WASM',
    xLabel: 'seconds of training', yLabel: 'validation NDCG@10',
    x: [0, 1100, 100], y: [0.035, 0.075, 0.005], yDigits: 3,
    marks: [{ x: 300, label: 'browser budget, 300 s' }],
    series: [
      { label: 'attributes, dropout 0.5', points: [[121, 0.0465], [223, 0.0578], [311, 0.0647], [414, 0.0682], [520, 0.0694], [619, 0.0714], [725, 0.0721], [834, 0.0720], [923, 0.0725], [1012, 0.0725]] },
      { label: 'attributes, dropout 0.3', points: [[83, 0.0512], [176, 0.0637], [270, 0.0691]] },
      { label: 'no attributes, dropout 0.5', dashed: true, points: [[134, 0.0375], [269, 0.0510], [383, 0.0596], [485, 0.0625], [613, 0.0655], [725, 0.0675], [807, 0.0684], [867, 0.0680], [941, 0.0683]] },
      { label: 'no attributes, dropout 0.3', dashed: true, points: [[139, 0.0430], [269, 0.0577], [387, 0.0631], [484, 0.0644], [610, 0.0659], [717, 0.0666], [802, 0.0656], [864, 0.0653]] },
    ],
    legend: 'bottom-right',
  },
  {
    file: 'recommend-session-weight.svg',
    title: 'Amazon Beauty: validation NDCG@10 (blend, returning shoppers) against the session-kNN weight',
    xLabel: 'session-kNN weight (returningSessionWeight; default 0.3)', yLabel: 'validation NDCG@10',
    x: [0, 0.7, 0.1], y: [0.068, 0.080, 0.002], yDigits: 3,
    marks: [{ x: 0.3, label: 'default 0.3' }],
    series: [
      { label: '20-minute model (dropout 0.5, epoch 10)', points: [[0, 0.0738], [0.05, 0.0743], [0.1, 0.0751], [0.2, 0.0757], [0.3, 0.0762], [0.5, 0.0755], [0.7, 0.0717]] },
      { label: '300 s model (epoch 3)', points: [[0, 0.0719], [0.05, 0.0726], [0.1, 0.0729], [0.2, 0.0734], [0.3, 0.0738], [0.5, 0.0725], [0.7, 0.0689]] },
    ],
    legend: 'top-left',
  },
];

// Okabe–Ito colours, told apart with colour-blindness too.
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9'];
const W = 800;
const H = 400;
const M = { left: 70, right: 20, top: 40, bottom: 56 };

/** @param {string} text */
const esc = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** @param {number} v */
const r = (v) => Math.round(v * 10) / 10;

/** @param {number} lo @param {number} hi @param {number} step */
function ticks(lo, hi, step) {
  const out = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++) out.push(+(lo + i * step).toFixed(10));
  return out;
}

/** The SVG of one plot. @param {Plot} plot */
export function renderPlot(plot) {
  const [x0, x1, xs] = plot.x;
  const [y0, y1, ys] = plot.y;
  const px = (/** @type {number} */ x) => r(M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right));
  const py = (/** @type {number} */ y) => r(H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title>${esc(plot.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="22" font-size="13" font-weight="600" fill="#222">${esc(plot.title)}</text>`,
  ];
  for (const t of ticks(y0, y1, ys)) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end" fill="#555">${t.toFixed(plot.yDigits)}</text>`);
  }
  for (const t of ticks(x0, x1, xs)) {
    out.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" stroke="#555"/>`);
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 17}" text-anchor="middle" fill="#555">${+t.toFixed(6)}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#555"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#555"/>`);
  out.push(`<text x="${r((M.left + W - M.right) / 2)}" y="${H - 14}" text-anchor="middle" fill="#333">${esc(plot.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${r((M.top + H - M.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#333">${esc(plot.yLabel)}</text>`);
  for (const mark of plot.marks ?? []) {
    out.push(`<line x1="${px(mark.x)}" x2="${px(mark.x)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#999" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${px(mark.x) + 4}" y="${M.top + 12}" fill="#777">${esc(mark.label)}</text>`);
  }
  plot.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const path = s.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${px(x)} ${py(y)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${colour}"><title>${esc(`${s.label}: ${x}, ${y}`)}</title></circle>`);
  });
  const lx = plot.legend === 'top-left' ? M.left + 12 : W - M.right - 230;
  const ly = plot.legend === 'top-left' ? M.top + 16 : H - M.bottom - 14 - 18 * (plot.series.length - 1);
  plot.series.forEach((s, i) => {
    const y = ly + 18 * i;
    const colour = COLOURS[i % COLOURS.length];
    out.push(`<line x1="${lx}" x2="${lx + 26}" y1="${y - 4}" y2="${y - 4}" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${lx + 32}" y="${y}" fill="#222">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const plot of PLOTS) {
    const path = new URL(`../../docs/plots/${plot.file}`, import.meta.url);
    writeFileSync(path, renderPlot(plot));
    console.log(`wrote docs/plots/${plot.file}`);
  }
}

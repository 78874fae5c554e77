/**
 * The report page, checked by its structure (parsed by happy-dom), not its bytes: sections, one accessible SVG per
 * chart with a legend and a table of its numbers, nothing that loads or runs, and every user string escaped.
 */
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../../src/pipeline/report/html/page.ts';
import { escapeHtml, html } from '../../../../src/pipeline/report/html/html.ts';
import { niceTicks } from '../../../../src/pipeline/report/html/svg.ts';
import type { EvaluationReport } from '../../../../src/pipeline/report/types.ts';
import { intentReport } from '../../../../src/pipeline/report/intent-report.ts';
import { HOSTILE, header, sampleIntentReport, sampleRecommendReport, scored } from './fixtures.ts';

const windows: Window[] = [];
afterAll(async () => {
  for (const w of windows) await w.happyDOM.close();
});

function parse(report: EvaluationReport) {
  const text = renderReportHtml(report);
  const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  windows.push(window);
  window.document.write(text);
  return { text, doc: window.document };
}

/** What a reader scanning the page meets, in order: the headings. */
const outline = (doc: ReturnType<typeof parse>['doc']) => [...doc.querySelectorAll('h1, h2, h3')].map((h) => `${h.tagName.toLowerCase()} ${h.textContent.trim()}`);

function checkSelfContained(doc: ReturnType<typeof parse>['doc'], text: string) {
  expect(text.startsWith('<!doctype html>')).toBe(true);
  expect(doc.querySelectorAll('script, link, iframe, object, embed, img, image, use, foreignObject')).toHaveLength(0);
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
      if (attr.name !== 'xmlns') expect(attr.value, `${el.tagName} ${attr.name}`).not.toMatch(/(https?:|\/\/|javascript:)/i);
    }
  }
  expect(text).not.toMatch(/@import|url\((?!#)/);
  // The stylesheet arrives as CSS, not as escaped text (quoted font names intact).
  expect(doc.querySelector('style')?.textContent).toContain('"Liberation Sans"');
  // Every chart: role img, labelled by its own title and description, which exist.
  const svgs = [...doc.querySelectorAll('svg.plot')];
  for (const svg of svgs) {
    expect(svg.getAttribute('role')).toBe('img');
    for (const id of (svg.getAttribute('aria-labelledby') ?? '').split(' ')) expect(doc.getElementById(id)?.textContent.trim()).toBeTruthy();
    const figure = svg.closest('figure');
    expect(figure?.querySelector('figcaption h3')).not.toBeNull();
    expect(figure?.querySelector('ul.legend li')).not.toBeNull();
    expect(figure?.querySelector('table caption')).not.toBeNull();
    expect(svg.querySelectorAll('.axis-label')).toHaveLength(2);
  }
  const ids = [...doc.querySelectorAll('[id]')].map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  return svgs;
}

describe('renderReportHtml', () => {
  it('purchase intent: glance, ROC and PR over all points, one calibration chart per point, provenance and command', () => {
    const report = sampleIntentReport();
    const { doc, text } = parse(report);
    expect(outline(doc)).toEqual([
      'h1 models/x',
      'h2 At a glance',
      'h3 What this sample can tell',
      'h2 Ranking buyers above non-buyers',
      'h3 ROC curve',
      'h3 Precision–recall curve',
      'h2 Calibration: can the scores be read as probabilities?',
      ...report.points.map((p) => `h3 Calibration: ${p.name}`),
      'h2 Where the numbers come from',
      'h3 Model', 'h3 Events', 'h3 Command',
    ]);
    const svgs = checkSelfContained(doc, text);
    expect(svgs).toHaveLength(2 + report.points.length);
    // ROC and PR: one series per prediction point, and the chance line.
    expect(doc.querySelectorAll('#roc-figure polyline.series')).toHaveLength(3);
    expect(doc.querySelectorAll('#roc-figure .legend li')).toHaveLength(4);
    expect(doc.querySelectorAll('#roc-figure tbody tr')[1]?.textContent).toContain(report.points[1]!.rocAuc.toFixed(3));
    expect(doc.querySelectorAll('#calibration-0-figure table tbody tr')).toHaveLength(10);
    expect(doc.querySelectorAll('.card')).toHaveLength(3);
    expect(doc.querySelector('pre.command')?.textContent).toBe(report.command);
    expect(doc.title).toContain('purchase intent');
  });

  it('recommender: HR@K and NDCG@K charts with one line per ranker, the K table at 1, 5, 10, 20, 50 and every K folded', () => {
    const report = sampleRecommendReport();
    const { doc, text } = parse(report);
    expect(outline(doc)).toEqual([
      'h1 models/rec', 'h2 At a glance', 'h3 What this sample can tell',
      'h2 Next-item ranking (leave-one-out, full catalogue, history masked)',
      'h3 HR@K against K', 'h3 NDCG@K against K',
      'h2 Where the numbers come from', 'h3 Model', 'h3 Events', 'h3 Command',
    ]);
    expect(checkSelfContained(doc, text)).toHaveLength(2);
    expect(doc.querySelectorAll('#hr-figure polyline.series')).toHaveLength(3);
    const rows = [...doc.querySelectorAll('#hr-figure > table tbody tr th')].map((th) => th.textContent);
    expect(rows).toEqual(['1', '5', '10', '20', '50']);
    expect(doc.querySelectorAll('#hr-figure details tbody tr')).toHaveLength(50);
    expect(doc.querySelector('.card')?.textContent).toContain(`HR@10 ${report.series[0]!.hr[9]!.toFixed(4)}`);
  });

  it('hostile product ids, file names, provenance and point names arrive as text, never as markup', () => {
    const h = header({
      command: `storefront-ml evaluate '${HOSTILE}' --events x`,
      model: { path: `models/${HOSTILE}`, format: HOSTILE, provenance: { [HOSTILE]: HOSTILE, nested: { id: HOSTILE } }, claimed: { [HOSTILE]: 1 } },
      events: { path: HOSTILE, format: HOSTILE, sha256: HOSTILE },
      evaluatedOn: HOSTILE,
    });
    const intent = sampleIntentReport(h);
    intent.points[0]!.name = HOSTILE;
    intent.notes.push(HOSTILE);
    const rec = sampleRecommendReport(h);
    rec.series[0]!.name = HOSTILE;
    for (const report of [intent, rec]) {
      const { doc, text } = parse(report);
      checkSelfContained(doc, text);
      expect(text).not.toContain('<script>');
      expect(text).not.toContain('<img');
      expect(doc.querySelectorAll('style')).toHaveLength(1);
      expect(doc.querySelector('h1')?.textContent).toBe(`models/${HOSTILE}`);
      expect(doc.querySelector('pre.command')?.textContent).toBe(h.command);
      expect(doc.body.textContent.split(HOSTILE).length - 1).toBeGreaterThanOrEqual(6);
      expect(doc.title).toContain(HOSTILE);
    }
  });

  it('a prediction point with one class only: its areas show as —, its curves are not drawn, the legend says why', () => {
    const report = intentReport(header(), [
      { name: 'after 1 event', ...scored(300, 0.1, 0.5, 9) },
      { name: 'after 10 events', labels: [0, 0, 0, 0], scores: [0.1, 0.2, 0.3, 0.4] },
    ]);
    const { doc } = parse(report);
    expect(doc.querySelectorAll('#roc-figure polyline.series')).toHaveLength(1);
    expect(doc.querySelectorAll('#roc-figure .legend li')[1]?.textContent).toContain('one class only: not drawn');
    expect(doc.querySelectorAll('#roc-figure tbody tr')[1]?.textContent).toContain('—');
    expect(doc.querySelectorAll('.card')[1]?.textContent).toContain('ROC-AUC —');
  });

  it('the html tag escapes interpolations (arrays too) and passes its own output through once', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${[inner, '<u>', null, undefined, false, 0]}</p>`.value).toBe('<p><b>&lt;i&gt;</b>&lt;u&gt;0</p>');
  });

  it('ticks are round numbers covering the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 50)).toEqual([10, 20, 30, 40, 50]);
    expect(niceTicks(0, 0.15)).toEqual([0, 0.05, 0.1, 0.15]);
  });
});

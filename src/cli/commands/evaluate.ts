/**
 * `storefront-ml evaluate <model dir> --events <file> --out <dir>`: scores a deployable model folder on an event
 * log and writes the report as report.json and as one self-contained report.html (ROC and PR curves, calibration,
 * HR@K / NDCG@K against K). The family comes from metadata.json's `format`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StorefrontError, isStorefrontError } from '../../core/errors.ts';
import { readEventLog, type EventLog, type EventLogFormat } from '../../pipeline/event-log.ts';
import { renderReportHtml } from '../../pipeline/report/html/page.ts';
import { hasBothClasses } from '../../pipeline/report/intent-report.ts';
import { REPORT_FORMAT, type EvaluationReport, type ReportHeader } from '../../pipeline/report/types.ts';
import { withAtomicDir } from '../atomic-dir.ts';
import type { Command, CommandContext, OptionSpec } from '../command.ts';
import { EVENTS_OPTIONS } from '../events-input.ts';
import { readInputFile } from '../input-file.ts';
import { BACKEND_OPTION, describeRuntime, startNodeRuntime, type CliBackend } from '../node-runtime.ts';
import { evaluateIntentFolder, isUciCsv } from '../evaluate/intent.ts';
import { readModelFolder } from '../evaluate/model-folder.ts';
import { evaluateRecommenderFolder } from '../evaluate/recommend.ts';

const OPTIONS: readonly OptionSpec[] = [
  // The shared --events, --format, --skip-invalid, plus the UCI CSV an intent model can be scored on.
  ...EVENTS_OPTIONS.map((spec) => (spec.name === 'format' ? { ...spec, choices: [...(spec.choices ?? []), 'uci-csv'] }
    : spec.name === 'events' ? { ...spec, description: `${spec.description} Purchase intent: or the UCI Online Shoppers CSV.` } : spec)),
  { name: 'out', type: 'string', valueName: '<dir>', required: true, description: 'Folder for report.json and report.html (atomic: nothing is left there on failure).' },
  { name: 'force', type: 'boolean', description: 'Replace --out if it exists and is not empty.' },
  { name: 'max-k', type: 'number', valueName: '<n>', integer: true, min: 1, max: 200, default: 50, description: 'Recommender: HR@K and NDCG@K for K = 1…n.' },
  { name: 'max-users', type: 'number', valueName: '<n>', integer: true, min: 1, description: 'Recommender: only the first n shoppers of the log (as train recommend --max-users).' },
  BACKEND_OPTION,
];

/** One argument as a POSIX shell reads it back. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line that makes this report again: the positionals and every option that differs from its default. */
function commandLine(ctx: CommandContext): string {
  const parts = ['storefront-ml', 'evaluate', ...ctx.positionals];
  for (const spec of OPTIONS) {
    const v = ctx.options[spec.name];
    if (v === undefined || v === spec.default || (spec.type === 'boolean' && v === false)) continue;
    parts.push(`--${spec.name}`, ...(spec.type === 'boolean' ? [] : [String(v)]));
  }
  return parts.map(quote).join(' ');
}

const f3 = (x: number) => x.toFixed(3);
const f4 = (x: number) => x.toFixed(4);

function summaryOf(report: EvaluationReport): string[] {
  if (report.kind === 'purchase-intent') {
    // The per-point notes repeat the table's ± column; the terminal shows the rest.
    const perPoint = (n: string) => report.points.some((p) => n.startsWith(`${p.name}: `) && n.includes(' ± '));
    return [
      `purchase intent on ${report.evaluatedOn}`,
      '  point                         rows  buyers  ROC-AUC (95 %)    PR-AUC  base rate',
      ...report.points.map((p) => `  ${p.name.padEnd(28)} ${String(p.count).padStart(5)} ${String(p.positives).padStart(7)}  ${
        hasBothClasses(p) ? `${f3(p.rocAuc)} ± ${f3(1.96 * p.rocAucStandardError)}   ${f3(p.prAuc)}` : '  —               —    '}  ${f3(p.baseRate)}`),
      ...report.notes.filter((n) => !perPoint(n)).map((n) => `  note: ${n}`),
    ];
  }
  const at = Math.max(0, report.ks.indexOf(10));
  const k = report.ks[at];
  return [
    `recommender on ${report.evaluatedOn}`,
    ...report.series.map((s) => `  ${s.name.padEnd(11)} HR@${k} ${f4(s.hr[at] as number)}  NDCG@${k} ${f4(s.ndcg[at] as number)}`),
    ...report.notes.map((n) => `  note: ${n}`),
  ];
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Score a model folder on an event log: report.json and a self-contained report.html with plots.',
  usage: 'evaluate <model dir> --events <file> --out <dir> [options]',
  description: [
    'The model family comes from <model dir>/metadata.json\'s format; the folder is loaded by the library\'s own loader,',
    'every file checked against metadata.json\'s manifest, as the browser loads it.',
    '',
    'Purchase intent (storefront-ml/purchase-intent): the log is cut into sessions and prediction points (after 1, 3, 5,',
    '10 events, at the first cart addition, or the points the model was trained at) and featurised by sessionFeatures(),',
    'as train intent does; the UCI Online Shoppers CSV is read as its rows. Per point: ROC and PR curves, ROC-AUC with a',
    '95 % interval, PR-AUC against the base rate, a 10-bin reliability table, counts at the model\'s threshold.',
    '',
    'Recommender (storefront-ml/recommender): leave-one-out per shopper (the last product is the target; shoppers with',
    'fewer than 3 products give none), full ranking with the history masked; HR@K and NDCG@K for K = 1…--max-k of the',
    'model\'s recommend() against popularity and item-kNN fitted on the same training part.',
    '',
    'When --events is the file the model\'s provenance names (same SHA-256), only what its training held out is scored;',
    'the report says which rows it scored either way. Writes <out>/report.json and <out>/report.html (no script, no',
    'network: open it from disk).',
  ].join('\n'),
  positionals: [{ name: 'model dir', description: 'A model folder (metadata.json + weights) written by a train command or toFiles().' }],
  options: OPTIONS,
  examples: [
    'storefront-ml evaluate models/intent/ --events 2019-Oct.csv --out reports/intent/',
    'storefront-ml evaluate models/purchase-intent-live/ --events online_shoppers_intention.csv --out reports/uci/',
    'storefront-ml evaluate beauty/ --events Beauty.txt --out reports/beauty/ --json',
  ],
  async run(ctx) {
    const o = ctx.options;
    const folder = await readModelFolder(ctx.positionals[0] as string, ctx.cwd);
    const file = await readInputFile(String(o.events), ctx.cwd, '--events');
    const text = file.text();
    const uci = o.format === 'uci-csv' || (o.format === 'auto' && isUciCsv(text));
    if (uci && folder.family !== 'intent') {
      throw new StorefrontError('INVALID_INPUT', `${file.name} is the UCI Online Shoppers CSV, which has no shoppers' product sequences; a recommender cannot be scored on it. Pass an event log or S3-Rec sequences.`);
    }
    let log: EventLog | null = null;
    if (!uci) {
      log = readEventLog(text, { format: o.format as EventLogFormat | 'auto', skipInvalid: o['skip-invalid'] === true, source: file.name });
      ctx.log(`read ${log.rows.toLocaleString('en-US')} rows (${log.format}) from ${file.name}${log.skipped.length ? `; skipped ${log.skipped.length} malformed rows (first: line ${log.skipped[0]?.line})` : ''}`);
    }
    const runtime = await startNodeRuntime(o.backend as CliBackend);
    ctx.log(`backend: ${describeRuntime(runtime)}`);
    const header: ReportHeader = {
      format: REPORT_FORMAT, version: 1, command: commandLine(ctx), createdAt: new Date().toISOString(),
      tool: { name: 'storefront-ml', version: ctx.version },
      model: { path: ctx.positionals[0] as string, format: String(folder.metadata.format), provenance: {} },
      evaluatedOn: '',
      events: { path: String(o.events), format: uci ? 'uci-csv' : (log as EventLog).format, sha256: file.sha256, rows: log ? log.rows : undefined },
    };
    let report: EvaluationReport;
    try {
      report = folder.family === 'intent'
        ? await evaluateIntentFolder(folder, { file, log }, header, ctx.signal)
        : await evaluateRecommenderFolder(folder, { file, log: log as EventLog, maxK: o['max-k'] as number, ...(typeof o['max-users'] === 'number' ? { maxUsers: o['max-users'] } : {}) },
          header, ctx.signal, (total) => ctx.progress({ label: 'ranking', total, unit: 'shoppers' }));
    } catch (error) {
      if (isStorefrontError(error, 'ABORTED') || ctx.signal.aborted) throw new StorefrontError('ABORTED', 'evaluate: interrupted.', { cause: error });
      throw error;
    }
    if (report.events.rows === undefined) report.events.rows = report.kind === 'purchase-intent' ? report.points.reduce((a, p) => a + p.count, 0) : undefined;
    const html = renderReportHtml(report);
    await withAtomicDir(String(o.out), { force: o.force === true }, async (dir) => {
      await dir.write('report.json', `${JSON.stringify(report, null, 2)}\n`);
      await dir.write('report.html', html);
    });
    const htmlPath = path.join(path.resolve(ctx.cwd, String(o.out)), 'report.html');
    return {
      summary: [...summaryOf(report), `report: ${htmlPath}`, `        ${pathToFileURL(htmlPath).href}`],
      data: { out: String(o.out), html: htmlPath, json: path.join(path.dirname(htmlPath), 'report.json'), report },
    };
  },
};

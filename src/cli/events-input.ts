/** The `--events` input every training command shares: read the file, detect its format, report what was read. */
import { EVENT_LOG_FORMATS, readEventLog, type EventLog, type EventLogFormat } from '../pipeline/event-log.ts';
import type { OptionSpec, OptionValues } from './command.ts';
import { readInputFile, type InputFile } from './input-file.ts';

/** `--events`, `--format`, `--skip-invalid`: spread them into a command's options. */
export const EVENTS_OPTIONS: readonly OptionSpec[] = [
  { name: 'events', type: 'string', valueName: '<file>', required: true, description: 'The event log: e-commerce CSV, a history export, or S3-Rec sequences.' },
  { name: 'format', type: 'string', valueName: '<format>', default: 'auto', choices: ['auto', ...EVENT_LOG_FORMATS], description: 'Format of --events; auto detects it from the first line.' },
  { name: 'skip-invalid', type: 'boolean', description: 'Skip malformed rows and count them, instead of stopping at the first (exit 2).' },
];

export interface EventsInput {
  file: InputFile;
  log: EventLog;
  /** For provenance and --json: file name, sha256, format, rows, skipped. */
  summary: { file: string; sha256: string; bytes: number; format: EventLogFormat; rows: number; events: number; skipped: number; firstSkipped: { line: number; reason: string }[] };
}

export async function readEventsInput(options: OptionValues, cwd: string): Promise<EventsInput> {
  const file = await readInputFile(String(options.events), cwd, '--events');
  const log = readEventLog(file.text(), {
    format: (options.format ?? 'auto') as EventLogFormat | 'auto',
    skipInvalid: options['skip-invalid'] === true,
    source: file.name,
  });
  return {
    file,
    log,
    summary: {
      file: file.name, sha256: file.sha256, bytes: file.bytes.byteLength, format: log.format, rows: log.rows,
      events: log.events.length, skipped: log.skipped.length, firstSkipped: log.skipped.slice(0, 5),
    },
  };
}

/** `read 4,999 rows (ecommerce-csv) from x.csv; skipped 2 malformed rows (first: line 7: …)`. */
export function describeEventsInput(input: EventsInput): string {
  const s = input.summary;
  const skipped = s.skipped > 0 ? `; skipped ${s.skipped} malformed row${s.skipped === 1 ? '' : 's'} (first: line ${s.firstSkipped[0]?.line}: ${s.firstSkipped[0]?.reason})` : '';
  return `read ${s.rows.toLocaleString('en-US')} rows (${s.format}) from ${s.file}${skipped}`;
}

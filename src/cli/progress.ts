/**
 * Progress on stderr: on a TTY one bar redrawn in place (`\r`), elsewhere (CI logs, pipes) sparse lines: every step
 * when there are few (epochs), else at each tenth and at least every 10 s. Never on stdout.
 */

export interface ProgressOptions {
  /** What is being done: `training`, `downloading group1-shard1of1`. */
  label: string;
  /** Steps in all (epochs, bytes…); 0 when unknown. */
  total: number;
  /** Shown after the counts: `epochs`, `bytes`. */
  unit?: string;
  /** Format counts as bytes (kB, MB). @default false */
  bytes?: boolean;
}

export interface Progress {
  /** `done` steps of `total` so far, with an optional note (`loss 4.21`). */
  update(done: number, note?: string): void;
  /** Ends the bar with a final line saying `status` (`done`, `failed`, `stopped`). Idempotent. @default 'done' */
  finish(status?: string): void;
}

/** Where progress goes: a writable with an optional TTY flag and width (process.stderr has both). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A progress reporter on `stream`. `now` is injectable for tests. */
export function createProgress(stream: ProgressStream, options: ProgressOptions, now: () => number = () => performance.now()): Progress {
  const { label, total, unit = '' } = options;
  const tty = stream.isTTY === true;
  const started = now();
  let lastLine = started;
  let lastTenth = -1;
  let finished = false;
  let done = 0;
  let note = '';
  const count = (n: number) => (options.bytes ? formatBytes(n) : String(n));
  const text = () => {
    const elapsed = (now() - started) / 1000;
    const counts = total > 0 ? `${count(done)}/${count(total)}${unit ? ` ${unit}` : ''}` : `${count(done)}${unit ? ` ${unit}` : ''}`;
    const eta = total > 0 && done > 0 && done < total ? `, ~${formatSeconds((elapsed / done) * (total - done))} left` : '';
    return `${counts} (${formatSeconds(elapsed)}${eta})${note ? ` ${note}` : ''}`;
  };
  const draw = () => {
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
    const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const line = `${label} ${bar} ${text()}`;
    const max = (stream.columns ?? 120) - 1;
    stream.write(`\r${line.length > max ? line.slice(0, max) : line}\x1b[K`);
  };
  return {
    update(value, newNote) {
      if (finished) return;
      done = value;
      if (newNote !== undefined) note = newNote;
      if (tty) { draw(); return; }
      const t = now();
      const tenth = total > 0 ? Math.floor((10 * done) / total) : -1;
      const few = total > 0 && total <= 20;
      if (few || tenth > lastTenth || t - lastLine >= 10_000) {
        lastTenth = Math.max(lastTenth, tenth);
        lastLine = t;
        stream.write(`${label}: ${text()}\n`);
      }
    },
    finish(status = 'done') {
      if (finished) return;
      finished = true;
      if (tty) { draw(); stream.write(status === 'done' ? '\n' : ` ${status}\n`); return; }
      stream.write(`${label}: ${status}, ${text()}\n`);
    },
  };
}

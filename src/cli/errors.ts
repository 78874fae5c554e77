/** The one error printer and the exit codes: 0 ok, 1 failure, 2 usage or bad input, 130 interrupted. */
import { describeError, isStorefrontError, type ErrorCode } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Codes that mean the caller gave something wrong (exit 2) rather than that the work failed (exit 1). */
const BAD_INPUT: readonly ErrorCode[] = ['INVALID_INPUT', 'INVALID_OPTION', 'NOT_FOUND', 'DATA_MISSING'];

export function exitCodeOf(error: unknown): number {
  if (isStorefrontError(error, 'ABORTED')) return EXIT_INTERRUPTED;
  return isStorefrontError(error) && BAD_INPUT.includes(error.code) ? EXIT_USAGE : EXIT_FAILURE;
}

/** `error: [CODE] message`, then with `verbose` the cause chain (and the stack of a non-StorefrontError). */
export function formatError(error: unknown, verbose: boolean): string {
  const lines: string[] = [];
  if (isStorefrontError(error)) {
    lines.push(`error: [${error.code}] ${error.message}`);
  } else {
    lines.push(`error: [INTERNAL] ${describeError(error)} (a bug in storefront-ml: please report it with --verbose output)`);
    if (verbose && error instanceof Error && error.stack) lines.push(error.stack);
  }
  if (verbose) {
    let cause = (error as { cause?: unknown } | null)?.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      const code = isStorefrontError(cause) ? ` [${cause.code}]` : '';
      lines.push(`  cause${code}: ${describeError(cause)}`);
      if (!isStorefrontError(cause) && cause instanceof Error && cause.stack) lines.push(cause.stack.split('\n').slice(1, 4).map((l) => `  ${l.trim()}`).join('\n'));
      cause = (cause as { cause?: unknown } | null)?.cause;
    }
    if (isStorefrontError(error) && Object.keys(error.details).length > 0) {
      lines.push(`  details: ${JSON.stringify(error.details)}`);
    }
  } else if ((error as { cause?: unknown } | null)?.cause !== undefined) {
    lines.push('  (run with --verbose to see the cause)');
  }
  return lines.join('\n');
}

/** The error as `--json` prints it on stdout. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (isStorefrontError(error)) {
    const cause = (error as { cause?: unknown }).cause;
    return { code: error.code, message: error.message, details: error.details, ...(cause === undefined ? {} : { cause: describeError(cause) }) };
  }
  return { code: 'INTERNAL', message: describeError(error) };
}

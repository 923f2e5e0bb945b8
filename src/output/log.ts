/**
 * Where messages go: stderr, as text lines for people or, with `--log-format
 * json`, as one JSON object per line for log collectors. Data never goes here.
 *
 * Every JSON line has a `type` and a fixed set of keys for that type (README
 * "Cron and pipes"); absent values are null, never missing. No line carries a
 * time: collectors stamp lines themselves, and the same inputs give the same log.
 */
import type { Diagnostic } from '../core/diagnostic.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

let format: LogFormat = 'text';
let sink: ((s: string) => void) | undefined;

export function setLogFormat(f: LogFormat): void {
  format = f;
}

export function logFormat(): LogFormat {
  return format;
}

/** `--log-format json` given anywhere on the command line (read before commander parses, for its own errors). */
export function logFormatFromArgv(argv: readonly string[]): LogFormat {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--log-format' && argv[i + 1] === 'json') return 'json';
    if (a === '--log-format=json') return 'json';
  }
  return 'text';
}

/**
 * Redirects stderr lines while a progress bar owns the terminal (it prints
 * them above the bar); undefined restores plain writes.
 */
export function setStderrSink(fn: ((s: string) => void) | undefined): void {
  sink = fn;
}

/** Writes one complete line (or lines) to stderr. */
export function writeStderr(s: string): void {
  if (sink) sink(s);
  else process.stderr.write(s);
}

/** One JSON object as one stderr line. */
export function logEvent(event: { type: string } & Record<string, unknown>): void {
  writeStderr(`${JSON.stringify(event)}\n`);
}

/**
 * A message that is not a diagnostic ("wrote …", a stale lock taken over, a
 * limit exceeded). Text: the line as given; JSON: `{type: "message", level, message, file}`.
 */
export function logMessage(level: 'info' | 'warning' | 'error', text: string, file: string | null = null): void {
  if (format === 'json') logEvent({ type: 'message', level, message: text, file });
  else writeStderr(`${text}\n`);
}

/** The JSON form of a diagnostic: the same keys as in `--report-json`, null when absent. */
export function diagnosticEvent(d: Diagnostic): { type: 'diagnostic' } & Record<string, unknown> {
  return {
    type: 'diagnostic',
    severity: d.severity,
    code: d.code,
    file: d.file,
    line: d.line,
    ...(d.sheet !== undefined ? { sheet: d.sheet } : {}),
    field: d.field ?? null,
    value: d.value ?? null,
    message: d.message,
    hint: d.hint ?? null,
  };
}

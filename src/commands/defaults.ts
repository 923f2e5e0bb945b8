/**
 * The version and the flag defaults, in one place: `cli.ts` shows them in
 * `--help` and `options.ts` applies them (a command run in-process, as the
 * command tests do, gets the same ones). No imports: `--help` loads this.
 */
export const VERSION = '0.1.0';

export const DEFAULTS = {
  /** `--max-diagnostics`: validate is for reading diagnostics; the others print a few and point to --report-json. */
  maxDiagnostics: { validate: 200, aggregate: 20, build: 20, summary: 20, export: 20 },
  /** `aggregate --format`. */
  aggregateFormat: 'csv',
  /** `build --out`. */
  buildOut: 'reports',
  /** `summary --since`. */
  since: '24h',
} as const;

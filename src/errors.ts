/**
 * The one error type of campaign-report. Bad *data* is never thrown: it becomes a
 * diagnostic. This is for what the run cannot go on without (a missing input, an
 * invalid campaign file, a template that does not compile) and for bugs.
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'OUTPUT_UNWRITABLE'
  | 'TEMPLATE_ERROR'
  | 'BROWSER_NOT_FOUND'
  /** The browser started, then died or stopped answering while making a PDF. */
  | 'BROWSER_CRASHED'
  | 'LOCKED'
  | 'INTERNAL';

/** Documented process exit codes (README "Exit codes"). */
export const EXIT = {
  OK: 0,
  REJECTED: 1,
  USAGE: 2,
  INPUT: 3,
  TEMPLATE: 4,
  BROWSER: 5,
  OUTPUT: 6,
  /** Another run holds the output folder's lock. */
  LOCKED: 7,
  INTERNAL: 70,
} as const;

const EXIT_FOR: Record<ErrorCode, number> = {
  USAGE: EXIT.USAGE,
  CONFIG_NOT_FOUND: EXIT.USAGE,
  CONFIG_INVALID: EXIT.USAGE,
  INPUT_NOT_FOUND: EXIT.INPUT,
  INPUT_UNREADABLE: EXIT.INPUT,
  OUTPUT_UNWRITABLE: EXIT.OUTPUT,
  TEMPLATE_ERROR: EXIT.TEMPLATE,
  BROWSER_NOT_FOUND: EXIT.BROWSER,
  BROWSER_CRASHED: EXIT.BROWSER,
  LOCKED: EXIT.LOCKED,
  INTERNAL: EXIT.INTERNAL,
};

export class CampaignReportError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CampaignReportError';
    this.code = code;
    this.hint = options.hint;
  }
  get exitCode(): number {
    return EXIT_FOR[this.code];
  }
}

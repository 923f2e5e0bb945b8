import { CampaignReportError } from '../errors.js';
import { logEvent, logFormat, writeStderr } from '../output/log.js';
import type { Buckets } from '../core/diagnostic.js';

/** `--max-rejected N` (records) or `--max-rejected P%` (of the records read). */
export interface MaxRejected {
  readonly count?: number;
  readonly percent?: number;
  /** As given, for messages. */
  readonly text: string;
}

export function parseMaxRejected(v: unknown): MaxRejected | undefined {
  if (v === undefined || v === null) return undefined;
  const text = String(v).trim();
  if (/^\d+$/.test(text)) return { count: Number(text), text };
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (m && Number(m[1]) <= 100) return { percent: Number(m[1]), text };
  throw new CampaignReportError('USAGE', `--max-rejected expects a whole number or a percentage such as 0.5%, got "${text}"`, {
    hint: 'N: exit 1 when more than N records were rejected; P%: when more than P% of the records read were',
  });
}

/** True when more records were rejected than the limit allows (strictly more: the limit itself is allowed). */
export function exceedsMaxRejected(limit: MaxRejected | undefined, b: Pick<Buckets, 'read' | 'rejected'>): boolean {
  if (!limit) return false;
  if (limit.count !== undefined) return b.rejected > limit.count;
  return b.rejected * 100 > (limit.percent ?? 100) * b.read;
}

/**
 * Checks the limit after a run and says so on stderr when it is exceeded (even
 * with --quiet: it decides the exit code). Returns true when exceeded.
 */
export function checkMaxRejected(limit: MaxRejected | undefined, b: Pick<Buckets, 'read' | 'rejected'>): boolean {
  if (!exceedsMaxRejected(limit, b)) return false;
  const share = b.read > 0 ? ` (${((b.rejected * 100) / b.read).toFixed(2)}% of ${b.read} read)` : '';
  const message = `${b.rejected} records rejected${share}: more than --max-rejected ${limit!.text}`;
  if (logFormat() === 'json') {
    logEvent({ type: 'error', code: 'MAX_REJECTED', exit: 1, message, hint: null, rejected: b.rejected, read: b.read, limit: limit!.text });
  } else {
    writeStderr(`campaign-report: error [MAX_REJECTED]: ${message}\n`);
  }
  return true;
}

import path from 'node:path';
import { CampaignReportError } from '../errors.js';
import { isoOfDay, parseIsoDate, type DayDate } from '../normalize/date.js';
import type { LastRun } from '../output/state.js';

/** How `--since` was given. */
export type SinceSpec = '24h' | 'yesterday' | 'last-run' | 'date';

/** The summary window: seizure dates from `since` to `until`, both included (days since 1970-01-01, UTC). */
export interface SummaryWindow {
  readonly since: number;
  readonly until: number;
  readonly spec: SinceSpec;
  /** `last-run` with no recorded run: the window of `24h` was used. */
  readonly noLastRun?: boolean;
}

/** Today as a UTC date: SOURCE_DATE_EPOCH when set (reproducible runs), else the clock. */
export function todayUtc(now: Date): number {
  return Math.floor(now.getTime() / 86_400_000);
}

/**
 * Resolves `--since` / `--until` against `today` (a UTC day):
 * - `--until DATE`, else yesterday for `--since yesterday`, else today;
 * - `24h`: from the day before `until` — seizures carry dates, not times, so
 *   the last 24 hours are that day and `until`;
 * - `yesterday`: from the day before today (and, without --until, only that day);
 * - `last-run`: the day after the last successful run's `until`, or that same
 *   day again when the run was on it (the day was not over); no run yet: `24h`;
 * - `yyyy-MM-dd`: from that day.
 */
export function resolveWindow(since: string | undefined, untilFlag: string | undefined, today: number, lastRun: LastRun | undefined): SummaryWindow {
  const s = (since ?? '24h').trim().toLowerCase();
  const spec: SinceSpec = s === '24h' || s === 'yesterday' || s === 'last-run' ? s : 'date';
  let until = today;
  if (untilFlag !== undefined) until = dateFlag('--until', untilFlag).day;
  else if (spec === 'yesterday') until = today - 1;
  let from: number;
  let noLastRun = false;
  switch (spec) {
    case '24h':
      from = until - 1;
      break;
    case 'yesterday':
      from = today - 1;
      break;
    case 'last-run': {
      if (!lastRun) {
        noLastRun = true;
        from = until - 1;
        break;
      }
      const last = parseIsoDate(lastRun.until)!.day;
      from = last < parseIsoDate(lastRun.ranOn)!.day ? last + 1 : last;
      // Nothing new since then: the window is the last day, not an empty one.
      if (from > until) from = until;
      break;
    }
    case 'date':
      from = dateFlag('--since', since!).day;
      break;
  }
  if (from > until) {
    throw new CampaignReportError('USAGE', `--since ${isoOfDay(from)} is after --until ${isoOfDay(until)}`, { hint: 'the window runs from --since to --until, both days included' });
  }
  return { since: from, until, spec, ...(noLastRun ? { noLastRun } : {}) };
}

function dateFlag(flag: string, v: string): DayDate {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? parseIsoDate(v.trim()) : null;
  if (!d) {
    throw new CampaignReportError('USAGE', `${flag}: "${v}" is not a date`, {
      hint: flag === '--since' ? 'expected 24h, yesterday, last-run or a date as yyyy-MM-dd' : 'expected a date as yyyy-MM-dd',
    });
  }
  return d;
}

export const SUMMARY_FORMATS = ['md', 'html', 'txt'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * `--out` with `{date}` (the window's last day), `{phase}` (the phase containing
 * it, or `none`) and `{campaign}`, each value made safe for a file name by
 * `safe`. Unknown placeholders are a usage error, not a literal `{x}` file.
 */
export function expandOutPattern(pattern: string, values: { date: string; phase: string; campaign: string }, safe: (s: string) => string): string {
  return pattern.replace(PLACEHOLDER, (all, name: string) => {
    const key = name.trim().toLowerCase();
    if (key === 'date' || key === 'phase' || key === 'campaign') return safe(values[key]);
    throw new CampaignReportError('USAGE', `--out: unknown placeholder ${all} in "${pattern}"`, { hint: 'placeholders: {date}, {phase}, {campaign}' });
  });
}

/** The format an `--out` file name asks for by its extension, if any. */
export function formatOfPath(file: string): SummaryFormat | undefined {
  const ext = path.extname(file).slice(1).toLowerCase();
  return (SUMMARY_FORMATS as readonly string[]).includes(ext) ? (ext as SummaryFormat) : undefined;
}

/**
 * One file per format: the extension of the expanded pattern is replaced by
 * each format's (`nightly-2024-07-15.md` → `.md`, `.html`), or added when the
 * pattern has none of them.
 */
export function outFiles(expanded: string, formats: readonly SummaryFormat[]): Map<SummaryFormat, string> {
  const base = formatOfPath(expanded) ? expanded.slice(0, -path.extname(expanded).length) : expanded;
  return new Map(formats.map((f) => [f, `${base}.${f}`]));
}

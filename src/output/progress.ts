import { statSync } from 'node:fs';
import type { MultiBar, SingleBar } from 'cli-progress';
import type { Campaign } from '../config/campaign.js';
import type { RunCallbacks } from '../pipeline/run.js';
import { logFormat, setStderrSink } from './log.js';

/**
 * A read shorter than this shows no bar at all (default one second;
 * `CAMPAIGN_REPORT_PROGRESS_DELAY_MS` changes it, 0 shows it at once).
 */
function showAfterMs(): number {
  const v = process.env.CAMPAIGN_REPORT_PROGRESS_DELAY_MS;
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : 1_000;
}

export interface ReadProgress extends Disposable {
  /** For `runPipeline`'s callbacks; undefined when no bar can be shown. */
  readonly onProgress: RunCallbacks['onProgress'];
  /** Removes the bar (idempotent); lines logged meanwhile were printed above it. */
  stop(): void;
}

const NONE: ReadProgress = { onProgress: undefined, stop() {}, [Symbol.dispose]() {} };

/**
 * A progress bar for long reads, per source file: bytes of the file and
 * records so far. Only when stderr is a terminal and the log is text for
 * people (never in cron, pipes, `--quiet` or `--log-format json`), and only
 * once a read has lasted a second. cli-progress is loaded only then.
 */
export async function startReadProgress(campaign: Campaign, opts: { quiet?: boolean | undefined }): Promise<ReadProgress> {
  if (!process.stderr.isTTY || opts.quiet || logFormat() !== 'text' || campaign.files.length === 0) return NONE;
  const { default: cliProgress } = await import('cli-progress');
  const started = Date.now();
  const delay = showAfterMs();
  const sizes = new Map(campaign.files.map((f) => [f.display, sizeOf(f.path)]));
  let multi: MultiBar | undefined;
  let bar: SingleBar | undefined;
  let current = '';
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    setStderrSink(undefined);
    if (multi) {
      multi.update(); // prints the lines logged since the last redraw
      multi.stop();
    }
  };
  const onProgress: NonNullable<RunCallbacks['onProgress']> = ({ file, records, bytes }) => {
    if (stopped) return;
    if (!multi) {
      if (Date.now() - started < delay) return;
      multi = new cliProgress.MultiBar(
        {
          stream: process.stderr,
          clearOnComplete: true,
          // Leave the terminal as it was even on Ctrl-C: no hidden cursor, no disabled line wrap.
          hideCursor: false,
          linewrap: true,
          barsize: 20,
          autopadding: true,
          format: ' {file} |{bar}| {percentage}% · {mb}/{totalMb} MB · {records} records',
        },
        cliProgress.Presets.shades_classic,
      );
      const m = multi;
      // Diagnostics printed during the read go above the bar, not through it.
      setStderrSink((s) => m.log(s.endsWith('\n') ? s : `${s}\n`));
    }
    if (file !== current) {
      if (bar) multi.remove(bar);
      current = file;
      const size = sizes.get(file) ?? 0;
      const name = file.length > 32 ? `…${file.slice(-31)}` : file;
      // A size not known in advance (stdin, a pipe): no bar, no percentage, just the count.
      bar = multi.create(Math.max(size, 1), 0, { file: name, mb: '0.0', totalMb: mb(size), records: 0 }, size > 0 ? {} : { format: ' {file} · {mb} MB · {records} records' });
    }
    bar!.update(Math.min(bytes, bar!.getTotal()), { mb: mb(bytes), records: records.toLocaleString('en-US') });
  };
  return { onProgress, stop, [Symbol.dispose]: stop };
}

function sizeOf(file: string): number {
  try {
    const st = statSync(file);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

function mb(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CampaignReportError } from '../errors.js';
import { acquireOutputLock, type OutputLock } from './lock.js';
import { writeFileAtomically } from './write.js';

/** The state file, beside the campaign file. */
export const STATE_FILE = '.campaign-report-state.json';

/** What `summary --since last-run` needs of the last successful summary run (dates only, UTC). */
export interface LastRun {
  readonly since: string;
  readonly until: string;
  /** The day the run happened: tells whether `until` was a finished day then. */
  readonly ranOn: string;
}

interface StateDocument {
  schemaVersion: 1;
  /** Per `--out` pattern ("-" for stdout): two scheduled summaries keep their own last run. */
  summary: Record<string, LastRun>;
}

export function stateFileFor(campaignDir: string): string {
  return path.join(campaignDir, STATE_FILE);
}

/** The last successful run for `key`; `problem` says why the file could not be used (it is then ignored). */
export async function readLastRun(file: string, key: string): Promise<{ lastRun?: LastRun; problem?: string }> {
  const doc = await readState(file);
  if ('problem' in doc) return { problem: doc.problem };
  const r = doc.state?.summary[key];
  return r ? { lastRun: r } : {};
}

/**
 * Records a successful run, atomically (a reader sees the old file or the new
 * one). Two summaries of the same campaign finishing together (other --out)
 * update it one after the other, under a short-lived lock, so neither entry is lost.
 */
export async function writeLastRun(file: string, key: string, run: LastRun): Promise<void> {
  const lock = await lockStateFile(file);
  try {
    await removeLeftoverTemps(file);
    const doc = await readState(file);
    const state: StateDocument = 'state' in doc && doc.state ? doc.state : { schemaVersion: 1, summary: {} };
    state.summary[key] = { since: run.since, until: run.until, ranOn: run.ranOn };
    await writeFileAtomically(file, `${JSON.stringify(state, null, 2)}\n`);
  } finally {
    await lock.release();
  }
}

/**
 * A run killed while writing the state file leaves write-file-atomic's temp file
 * (`<file>.<digits>`; a SIGKILL runs no clean-up). Only the holder of the state
 * file's lock writes one, so under the lock any there is a dead run's.
 */
async function removeLeftoverTemps(file: string): Promise<void> {
  const base = path.basename(file);
  const entries = await readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const e of entries) {
    if (e.startsWith(`${base}.`) && /^\d+$/.test(e.slice(base.length + 1))) await unlink(path.join(path.dirname(file), e)).catch(() => {});
  }
}

/** The state file's lock; held for milliseconds, so waited for (up to 10 s) rather than refused. */
async function lockStateFile(file: string): Promise<OutputLock> {
  for (let i = 0; ; i++) {
    try {
      return await acquireOutputLock(path.dirname(file), `${path.basename(file)}.lock`);
    } catch (err) {
      if (!(err instanceof CampaignReportError) || err.code !== 'LOCKED' || i >= 200) throw err;
      await sleep(50);
    }
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

async function readState(file: string): Promise<{ state: StateDocument | undefined } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { state: undefined } : { problem: `cannot read ${file}: ${code ?? String(err)}` };
  }
  try {
    const v = JSON.parse(text) as Partial<StateDocument>;
    if (v.schemaVersion !== 1 || typeof v.summary !== 'object' || v.summary === null) throw new Error('not a state file');
    for (const r of Object.values(v.summary)) {
      if (!ISO.test(r?.since ?? '') || !ISO.test(r?.until ?? '') || !ISO.test(r?.ranOn ?? '')) throw new Error('bad entry');
    }
    return { state: v as StateDocument };
  } catch {
    return { problem: `${file} is not a campaign-report state file` };
  }
}

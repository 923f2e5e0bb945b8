import path from 'node:path';
import { acquireOutputLock, type OutputLock } from '../output/lock.js';
import { logMessage } from '../output/log.js';
import { removeLeftoverStaging } from '../output/publish.js';

/**
 * Takes an output folder for this run: its lock (exit 7 when another run holds
 * it), then removes what a killed run left there (unfinished staging folders).
 * Release with `await using` or `release()`.
 */
export async function lockOutputDir(dir: string, quiet: boolean): Promise<OutputLock> {
  const lock = await acquireOutputLock(dir);
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  if (lock.tookOver && !quiet) {
    const t = lock.tookOver;
    const who = t.pid > 0 ? `pid ${t.pid}, started ${t.started}, is gone` : 'it was unreadable';
    logMessage('warning', `warning: took over the stale lock ${rel(lock.file)} (${who})`, lock.file);
  }
  const left = await removeLeftoverStaging(dir);
  if (left.length > 0 && !quiet) {
    logMessage('warning', `warning: settled ${left.length} output set(s) left in ${rel(dir)} by an interrupted run (a set killed while publishing was completed; one killed before was removed, leaving the previous outputs as they were)`, dir);
  }
  return lock;
}

import { mkdir, open, readdir, readFile, rename, stat, unlink, link, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { CampaignReportError } from '../errors.js';
import { writeErrorText } from './write-error.js';

/** The lock file every writing run creates in its output folder. */
export const LOCK_FILE = '.campaign-report.lock';

/** What a lock file holds: who took it, where and when. */
export interface LockInfo {
  readonly pid: number;
  readonly hostname: string;
  /** ISO time the run started (for the message only; never in an output). */
  readonly started: string;
}

export interface OutputLock extends AsyncDisposable {
  readonly file: string;
  /** Set when a stale lock was taken over: the dead run's lock. */
  readonly tookOver: LockInfo | undefined;
  release(): Promise<void>;
}

/** An unreadable lock file younger than this is being written by its owner, not abandoned. */
const FRESH_MS = 10_000;

/**
 * Takes the lock of an output folder, or throws LOCKED (exit 7) at once when
 * another live run holds it: two runs never write the same reports together.
 *
 * The lock is a file holding pid, host name and start time, written whole under
 * a name of its own and then hard-linked into place (link fails if the lock
 * exists), so a run killed at any moment never leaves an empty lock behind; on a
 * file system without hard links it is created with O_EXCL (`wx`) instead. The
 * side files of runs that died (`.new-<pid>`, `.stale-<pid>`) are removed. A lock whose process is gone (same host, `kill(pid, 0)` fails
 * with ESRCH) is stale — a run killed with SIGKILL or a power cut — and is taken
 * over. A lock from another host cannot be checked and is respected.
 */
export async function acquireOutputLock(dir: string, name = LOCK_FILE): Promise<OutputLock> {
  const file = path.join(dir, name);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot create output folder ${dir}: ${writeErrorText(err)}`, { cause: err });
  }
  const mine: LockInfo = { pid: process.pid, hostname: hostname(), started: new Date().toISOString() };
  let tookOver: LockInfo | undefined;
  await removeDeadSideFiles(dir, name);
  // A few attempts: again after a stale lock was moved out of the way, or the lock was released meanwhile.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(file, mine)) return heldLock(file, mine, tookOver);
    const holder = await readHolder(file);
    if (holder === 'gone') continue; // released meanwhile: try again
    if (holder === 'unreadable') {
      throw locked(file, 'another run is creating it', `if no other campaign-report is running, remove ${file}`);
    }
    if (holder.state === 'alive') {
      const who = holder.info;
      throw locked(file, `held by pid ${who.pid} on ${who.hostname} since ${who.started}`, who.hostname === mine.hostname ? `wait for that run to finish; if it is not campaign-report, remove ${file}` : `that run is on another machine; if it is no longer running, remove ${file}`);
    }
    if (!(await removeStale(file, holder.raw))) continue;
    tookOver = holder.info;
  }
  // Another run took the stale lock over at the same moment.
  const holder = await readHolder(file);
  const who = typeof holder === 'object' ? ` (pid ${holder.info.pid} on ${holder.info.hostname})` : '';
  throw locked(file, `taken by another run${who}`, 'wait for that run to finish');
}

function locked(file: string, why: string, hint: string): CampaignReportError {
  return new CampaignReportError('LOCKED', `output folder ${path.dirname(file)} is in use by another run: lock ${file} ${why}`, { hint });
}

async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
  const side = `${file}.new-${process.pid}`;
  try {
    await writeFile(side, `${JSON.stringify(info)}\n`);
  } catch (err) {
    await unlink(side).catch(() => {});
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot create lock ${file}: ${writeErrorText(err)}`, { cause: err });
  }
  try {
    await link(side, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') {
      throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot create lock ${file}: ${writeErrorText(err)}`, { cause: err });
    }
  } finally {
    await unlink(side).catch(() => {});
  }
  return tryCreateExclusive(file, info);
}

/** No hard links here: create with O_EXCL and write (a kill in between leaves an empty lock, aged out by FRESH_MS). */
async function tryCreateExclusive(file: string, info: LockInfo): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot create lock ${file}: ${writeErrorText(err)}`, { cause: err });
  }
  try {
    await fh.writeFile(`${JSON.stringify(info)}\n`);
    await fh.close();
  } catch (err) {
    // A full disk: an empty lock left here would hold the folder for the next run.
    await fh.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot create lock ${file}: ${writeErrorText(err)}`, { cause: err });
  }
  return true;
}

type Holder = 'gone' | 'unreadable' | { state: 'alive' | 'dead'; info: LockInfo; raw: string };

async function readHolder(file: string): Promise<Holder> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot read lock ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const info = parseLockInfo(raw);
  if (!info) {
    // Empty or garbled: a run killed between creating and writing it, or one writing it right now.
    const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age < FRESH_MS) return 'unreadable';
    return { state: 'dead', info: { pid: 0, hostname: '?', started: '?' }, raw };
  }
  return { state: isAlive(info) ? 'alive' : 'dead', info, raw };
}

export function parseLockInfo(raw: string): LockInfo | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.hostname === 'string' && typeof v.started === 'string') {
      return { pid: v.pid, hostname: v.hostname, started: v.started };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** Removes `<lock>.new-<pid>` and `<lock>.stale-<pid>` files whose run (on this host) is gone. */
async function removeDeadSideFiles(dir: string, name: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:new|stale)-(\\d+)$`);
  for (const e of entries) {
    const pid = re.exec(e)?.[1];
    if (pid !== undefined && !isAlive({ pid: Number(pid), hostname: hostname(), started: '' })) await unlink(path.join(dir, e)).catch(() => {});
  }
}

/** Only a process on this host can be checked; `kill(pid, 0)` tests without signalling (EPERM: alive, someone else's). */
function isAlive(info: LockInfo): boolean {
  if (info.hostname !== hostname()) return true;
  if (info.pid === process.pid) return true;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Moves a stale lock aside (rename is atomic: of two runs taking it over, one
 * gets ENOENT) and checks that what was moved is the stale lock that was read,
 * not a fresh one created in between; a fresh one is put back.
 */
async function removeStale(file: string, staleRaw: string): Promise<boolean> {
  const aside = `${file}.stale-${process.pid}`;
  try {
    await rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot take over stale lock ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== staleRaw) {
    await link(aside, file).catch(() => {}); // EEXIST: someone holds the lock anyway
    await unlink(aside).catch(() => {});
    return false;
  }
  await unlink(aside).catch(() => {});
  return true;
}

function heldLock(file: string, info: LockInfo, tookOver: LockInfo | undefined): OutputLock {
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    // Remove it only if it is still ours (a user may have removed it and another run taken it).
    const now = await readFile(file, 'utf8').catch(() => '');
    const held = parseLockInfo(now);
    if (held && held.pid === info.pid && held.started === info.started && held.hostname === info.hostname) await unlink(file).catch(() => {});
  };
  return { file, tookOver, release, [Symbol.asyncDispose]: release };
}

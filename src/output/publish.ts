import { lstat, mkdir, mkdtemp, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CampaignReportError } from '../errors.js';
import { writeErrorText } from './write-error.js';
import { writeFileAtomically } from './write.js';

/** Staging folders are created inside the output folder (same file system: renames are atomic). */
export const STAGING_PREFIX = '.campaign-report-staging-';
/** Written into a staging folder, fsynced, before the first rename: from then on the set is committed. */
export const COMMIT_MARKER = '.committed.json';

interface Staged {
  readonly target: string;
  readonly staged: string;
}

/**
 * Publishes the whole set of files of one run, or none of it.
 *
 * Every file is first written (and fsynced) into a staging folder inside the
 * output folder; only when all are written are they renamed into place, in the
 * order they were written (so a report is renamed after the charts it links
 * to). A failure or a kill before that leaves the previous outputs untouched;
 * the staging folder is removed on failure, and a killed run's is removed by
 * the next run (`removeLeftoverStaging`, under the output folder's lock).
 *
 * All or nothing, like a database commit: before the first rename a commit
 * marker listing the set is written and fsynced into the staging folder. A run
 * killed before the marker publishes nothing (the next run removes its staging
 * folder); a run killed during the renames is rolled forward by the next run,
 * which renames the rest of the set into place before doing anything else.
 * What remains: a reader listing the folder during the renames themselves
 * (milliseconds, under the folder's lock) can see some new files beside old ones.
 */
export class Publication implements AsyncDisposable {
  private readonly files: Staged[] = [];
  private state: 'open' | 'committed' | 'aborted' = 'open';

  private constructor(
    readonly dir: string,
    readonly staging: string,
  ) {}

  static async begin(dir: string): Promise<Publication> {
    const abs = path.resolve(dir);
    try {
      await mkdir(abs, { recursive: true });
      return new Publication(abs, await mkdtemp(path.join(abs, STAGING_PREFIX)));
    } catch (err) {
      throw unwritable(abs, err);
    }
  }

  /** Stages one file of the set; `file` is where it will be published, inside the output folder. */
  async write(file: string, data: string | Uint8Array): Promise<void> {
    await this.writeAll([[file, data]]);
  }

  /**
   * Stages several files of the set at once: their writes and fsyncs overlap (the
   * example's report and its 16 charts, one after another, spent ~30 ms waiting on
   * the disk). They join the set in the order given, whatever order the writes end
   * in; when one fails, the others are waited for before the error is thrown (so
   * an abort finds nothing still being written).
   */
  async writeAll(entries: readonly (readonly [file: string, data: string | Uint8Array])[]): Promise<void> {
    if (this.state !== 'open') throw new CampaignReportError('INTERNAL', `publication of ${this.dir} is already ${this.state}`);
    const placed = entries.map(([file, data]) => ({ ...this.place(file), data }));
    // A file given twice is written once, with its last content (two writes of one file at once would race).
    const last = new Map(placed.map((f) => [f.staged, f]));
    const results = await Promise.allSettled([...last.values()].map((f) => stage(f.staged, f.target, f.data)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const { target, staged } of placed) if (!this.files.some((f) => f.target === target)) this.files.push({ target, staged });
  }

  /** Where a file of the set goes (inside the output folder) and where it is staged. */
  private place(file: string): Staged {
    const target = path.resolve(this.dir, file);
    const rel = path.relative(this.dir, target);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new CampaignReportError('INTERNAL', `${file} is not inside the output folder ${this.dir}`);
    }
    return { target, staged: path.join(this.staging, rel) };
  }

  /** Takes a staged file out of the set: it is not published, and the file already at its place (if any) stays. */
  async discard(file: string): Promise<void> {
    if (this.state !== 'open') throw new CampaignReportError('INTERNAL', `publication of ${this.dir} is already ${this.state}`);
    const target = path.resolve(this.dir, file);
    const i = this.files.findIndex((f) => f.target === target);
    if (i === -1) return;
    const [f] = this.files.splice(i, 1);
    await rm(f!.staged, { force: true });
  }

  /** The final paths of the staged files, in write order. */
  get targets(): readonly string[] {
    return this.files.map((f) => f.target);
  }

  /** Renames every staged file into place, then removes the staging folder. */
  async commit(): Promise<readonly string[]> {
    if (this.state !== 'open') throw new CampaignReportError('INTERNAL', `publication of ${this.dir} is already ${this.state}`);
    // Check what could make a rename fail before the first one, so a failure publishes nothing.
    const stats = await Promise.all(this.files.map((f) => lstat(f.target).catch(() => undefined)));
    const folder = this.files.find((_, i) => stats[i]?.isDirectory());
    if (folder) {
      await this.abort();
      throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot write ${folder.target}: it is a folder`);
    }
    try {
      // Atomically (temp file, fsync, rename): a kill while writing leaves no half marker,
      // so the set is either wholly listed or not committed.
      await writeFileAtomically(path.join(this.staging, COMMIT_MARKER), JSON.stringify(this.files.map((f) => path.relative(this.staging, f.staged))));
      await syncDirs([this.staging]);
    } catch (err) {
      await this.abort();
      throw unwritable(this.dir, err);
    }
    try {
      for (const f of this.files) {
        await mkdir(path.dirname(f.target), { recursive: true });
        await rename(f.staged, f.target);
      }
    } catch (err) {
      // Committed: the next run rolls the rest forward (see finishLeftoverStaging).
      this.state = 'committed';
      throw unwritable(this.dir, err);
    }
    this.state = 'committed';
    await syncDirs(new Set(this.files.map((f) => path.dirname(f.target))));
    await rm(this.staging, { recursive: true, force: true }).catch(() => {});
    return this.targets;
  }

  /** Removes the staging folder: nothing of the set is published. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    await rm(this.staging, { recursive: true, force: true }).catch(() => {});
  }

  /** Leaving scope without commit() (an error was thrown) aborts. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.abort();
  }
}

/** Writes and fsyncs one staged file (its folder made first). */
async function stage(staged: string, target: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(path.dirname(staged), { recursive: true });
    const fh = await open(staged, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw unwritable(target, err);
  }
}

/**
 * Settles the staging folders a killed run left in `dir`: one with a commit
 * marker is rolled forward (the rest of its set renamed into place), one
 * without is removed. Call only while holding the folder's lock: then no other
 * run can be writing one. Returns the folders settled.
 */
export async function removeLeftoverStaging(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const left = entries.filter((e) => e.startsWith(STAGING_PREFIX)).sort();
  for (const e of left) {
    const staging = path.join(dir, e);
    const list = await readFile(path.join(staging, COMMIT_MARKER), 'utf8').then(markerList, () => undefined);
    for (const rel of list ?? []) {
      const from = path.join(staging, rel);
      const to = path.resolve(dir, rel);
      if (path.relative(dir, to).startsWith('..')) continue;
      if (!(await lstat(from).catch(() => undefined))) continue; // renamed before the kill
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
    }
    await rm(staging, { recursive: true, force: true });
  }
  return left;
}

/**
 * The files a commit marker lists; undefined when it is not a whole marker (a
 * run of an earlier version killed while writing it: nothing was renamed yet,
 * since the renames start only after the marker is written).
 */
function markerList(text: string): string[] | undefined {
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) && list.every((f) => typeof f === 'string') ? list : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the renames durable (best effort: not every file system supports fsync on a folder). */
async function syncDirs(dirs: Iterable<string>): Promise<void> {
  for (const d of dirs) {
    try {
      const fh = await open(d, 'r');
      await fh.sync().finally(() => fh.close());
    } catch {
      // EISDIR/EINVAL/EPERM on some platforms: the renames are still atomic
    }
  }
}

function unwritable(file: string, err: unknown): CampaignReportError {
  if (err instanceof CampaignReportError) return err;
  return new CampaignReportError('OUTPUT_UNWRITABLE', `cannot write ${file}: ${writeErrorText(err)}`, { cause: err });
}

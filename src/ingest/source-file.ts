import { fstat, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';

/** An open source file and what fstat said of it when it was opened. */
export interface OpenSource {
  readonly fh: FileHandle;
  readonly opened: Stats;
}

/**
 * Opens a source for reading. The campaign file lists its sources when it is
 * loaded; one that is gone by the time it is opened (an export replaced or
 * moved meanwhile) is INPUT_NOT_FOUND, like a source missing at load.
 */
export async function openSourceFile(file: SourceFile): Promise<OpenSource> {
  let fh: FileHandle;
  try {
    fh = await open(file.path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CampaignReportError('INPUT_NOT_FOUND', `source ${file.display} is gone: it was there when the campaign file was read, not when it was to be read (ENOENT)`, { cause: err });
    }
    throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${code ?? String(err)}`, { cause: err });
  }
  try {
    return { fh, opened: await fh.stat() };
  } catch (err) {
    await fh.close().catch(() => {});
    throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/**
 * Throws INPUT_UNREADABLE when a source changed while it was read: truncated,
 * appended to or rewritten (size or modification time differ from when it was
 * opened, or fewer or more bytes were read than it held). Its figures would be
 * those of neither version, so the run stops instead of reporting them.
 * Removing (unlinking) a file being read is not a change: the open file keeps
 * its data, and it is read whole.
 *
 * @param bytesRead the bytes the reader got, for a whole-file read; undefined for a byte range.
 */
export async function assertUnchanged(file: SourceFile, src: OpenSource, bytesRead: number | undefined): Promise<void> {
  assertSame(file, src.opened, await src.fh.stat(), bytesRead);
}

/** assertUnchanged for a file held open by descriptor since `was` (a range read of it: src/pipeline/plan.ts). */
export async function assertUnchangedSince(file: SourceFile, was: { readonly fd: number; readonly size: number; readonly mtimeMs: number }): Promise<void> {
  const now = await new Promise<Stats>((resolve, reject) => fstat(was.fd, (err, st) => (err ? reject(new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${err.code ?? String(err)}`, { cause: err })) : resolve(st))));
  assertSame(file, was, now, undefined);
}

function assertSame(file: SourceFile, was: { readonly size: number; readonly mtimeMs: number }, now: Stats, bytesRead: number | undefined): void {
  if (now.size === was.size && now.mtimeMs === was.mtimeMs && (bytesRead === undefined || bytesRead === was.size)) return;
  const read = bytesRead !== undefined && bytesRead !== now.size ? `, ${bytesRead} read` : '';
  throw new CampaignReportError('INPUT_UNREADABLE', `source ${file.display} changed while it was read (${was.size} bytes when opened, ${now.size} at the end${read}): its figures would be of neither version`, {
    hint: 'run again once the export is complete (an exporter should write to a temporary name and rename it into place)',
  });
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { CampaignReportError } from '../errors.js';
import { writeErrorText } from './write-error.js';

/**
 * Writes a file atomically (temp file in the same folder, fsync, rename), so an
 * interrupted run leaves the previous file intact.
 */
export async function writeFileAtomically(file: string, data: string | Buffer): Promise<void> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(file, data);
  } catch (err) {
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot write ${file}: ${writeErrorText(err)}`, { cause: err });
  }
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { partialSchema, type PartialDocument } from '../aggregate/partial.js';
import type { SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';

/** True when a source is a partial: `format: partial`, or a `.partial.json` file. */
export function isPartialSource(file: SourceFile): boolean {
  return file.config.format === 'partial' || (file.config.format === undefined && /\.partial\.json$/i.test(file.path));
}

/** Reads and checks a partial; a file that is not one is an input error naming what is wrong. */
export async function readPartial(file: SourceFile): Promise<{ doc: PartialDocument; sha256: string; bytes: number }> {
  let buf: Buffer;
  try {
    buf = await readFile(file.path);
  } catch (err) {
    throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CampaignReportError('INPUT_UNREADABLE', `${file.display} is not a partial: not valid JSON (${(err as Error).message})`);
  }
  const r = partialSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new CampaignReportError('INPUT_UNREADABLE', `${file.display} is not a valid partial: ${i.path.join('.') || '(top level)'}: ${i.message}`, {
      hint: 'partials are written by `campaign-report aggregate --format partial`',
    });
  }
  const doc = r.data as PartialDocument;
  const b = doc.buckets;
  if (b.read !== b.accepted + b.rejected + b.duplicates + b.out_of_scope) {
    throw new CampaignReportError('INPUT_UNREADABLE', `${file.display}: its buckets do not add up (read ${b.read})`);
  }
  return { doc, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
}

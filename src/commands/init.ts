import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CampaignReportError, EXIT } from '../errors.js';

export interface InitOptions {
  dir: string;
  force?: boolean;
}

const TEMPLATE = fileURLToPath(new URL('../../templates/init/', import.meta.url));

/** `campaign-report init [DIR]`: a commented campaign.yaml and a small example export. */
export async function runInit(opts: InitOptions): Promise<number> {
  const dir = path.resolve(opts.dir);
  await mkdir(dir, { recursive: true });
  const existing = await stat(path.join(dir, 'campaign.yaml')).then(() => true, () => false);
  if (existing && !opts.force) {
    throw new CampaignReportError('USAGE', `${path.join(opts.dir, 'campaign.yaml')} already exists`, { hint: 'use --force to overwrite it' });
  }
  try {
    await cp(TEMPLATE, dir, { recursive: true, force: true });
  } catch (err) {
    throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot write to ${opts.dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const files = await readdir(TEMPLATE, { recursive: true });
  process.stderr.write(`created ${files.length} entries in ${opts.dir}: campaign.yaml, data/\nnext: cd ${opts.dir} && campaign-report validate\n`);
  return EXIT.OK;
}

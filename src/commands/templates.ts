import { cp, stat } from 'node:fs/promises';
import path from 'node:path';
import { CampaignReportError, EXIT } from '../errors.js';
import { DEFAULT_TEMPLATES } from '../render/locale.js';

/** `campaign-report templates eject [DIR]`: the default report templates, to edit and pass with --template. */
export async function runTemplatesEject(opts: { dir: string; force: boolean }): Promise<number> {
  const dir = path.resolve(opts.dir);
  const subs = ['html', 'md', 'locales', 'summary'];
  // Check everything first: a refused eject writes nothing.
  for (const sub of subs) {
    if (!opts.force && (await stat(path.join(dir, sub)).then(() => true, () => false))) {
      throw new CampaignReportError('USAGE', `${path.join(opts.dir, sub)} already exists`, { hint: 'use --force to overwrite' });
    }
  }
  for (const sub of subs) {
    const target = path.join(dir, sub);
    try {
      await cp(path.join(DEFAULT_TEMPLATES, sub), target, { recursive: true, force: true });
    } catch (err) {
      throw new CampaignReportError('OUTPUT_UNWRITABLE', `cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  process.stderr.write(
    `copied the default templates to ${opts.dir}/{html,md,locales,summary}\nedit any file there and run: campaign-report build --template ${opts.dir}\n(summary/ is used through the campaign file's \`templates: ${opts.dir}\`; a file you delete falls back to the default)\n`,
  );
  return EXIT.OK;
}

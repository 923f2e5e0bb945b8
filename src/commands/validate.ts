import { openCampaign } from './common.js';
import { resolveValidateOptions, type ValidateOptions } from './options.js';
import { exitCodeOf, runCampaign } from './run-campaign.js';

export type { ValidateOptions } from './options.js';

/**
 * `campaign-report validate`: exit 0 clean (warnings allowed), 1 when a record
 * was rejected — or, with `--max-rejected`, when more were than it allows.
 */
export async function runValidate(flags: ValidateOptions): Promise<number> {
  const opts = resolveValidateOptions(flags);
  const campaign = await openCampaign(opts.campaign);
  const run = await runCampaign(campaign, opts, { onRecord: () => {} }, async () => {});
  return exitCodeOf(run, opts.maxRejected === undefined);
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInit } from '../../src/commands/init.js';
import { runValidate } from '../../src/commands/validate.js';
import { CampaignReportError } from '../../src/errors.js';
import { captured } from '../helpers/capture.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

describe('runInit', () => {
  it('creates a campaign folder that validates cleanly', async () => {
    const dir = join(tempDir(), 'new-campaign');
    const init = await captured(() => runInit({ dir }));
    expect(init.result).toBe(0);
    expect(existsSync(join(dir, 'campaign.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'data', 'example.csv'))).toBe(true);
    const v = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml') }));
    expect(v.result).toBe(0);
    expect(v.stderr).not.toMatch(/\[[A-Z_]+\]/);
    expect(v.stderr).toMatch(/^read (\d+) = accepted \1 \+ rejected 0 \+ duplicates 0 \+ out_of_scope 0$/m);
  });

  it('refuses to overwrite an existing campaign.yaml without --force (USAGE, exit code 2), and overwrites with it', async () => {
    const dir = tempDir();
    await captured(() => runInit({ dir }));
    writeFileSync(join(dir, 'campaign.yaml'), '# mine\n');
    const again = await captured(() => runInit({ dir }));
    expect(again.error).toBeInstanceOf(CampaignReportError);
    expect((again.error as CampaignReportError).exitCode).toBe(2);
    expect(readFileSync(join(dir, 'campaign.yaml'), 'utf8')).toBe('# mine\n');
    const forced = await captured(() => runInit({ dir, force: true }));
    expect(forced.result).toBe(0);
    expect(readFileSync(join(dir, 'campaign.yaml'), 'utf8')).not.toBe('# mine\n');
  });
});

/**
 * Templates come only from the default set or the user's --template folder: a
 * partial name is a key into that set, never a path, so `{{> ../x}}` or an
 * absolute path reaches no file outside it (exit 4, TEMPLATE_ERROR, nothing written).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

describe('partials cannot reach outside the template folders', () => {
  for (const ref of ['../md/cover', '../../../../etc/hostname', '/etc/hostname', 'html/cover']) {
    it(`{{> ${ref}}} is a missing partial: exit 4, nothing written`, async () => {
      const tpl = tempDir({ 'html/cover.hbs': `<h1>cover</h1>\n{{> ${ref.includes('/') && !ref.startsWith('/') && !ref.startsWith('.') ? ref : `[${ref}]`}}}\n` });
      const out = join(tempDir(), 'reports');
      const r = await runCli(['build', '--campaign', join(ROOT, 'fixtures/example/campaign.yaml'), '--format', 'html', '--template', tpl, '--out', out]);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toContain(`${join(tpl, 'html/cover.hbs')}:2: partial "${ref}" not found`);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    });
  }
});

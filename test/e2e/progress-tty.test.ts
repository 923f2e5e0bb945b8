/**
 * On a terminal, long reads show a progress bar per file with its bytes and
 * records (stderr only); `--quiet` and `--log-format json` have none. The CLI
 * runs under util-linux `script`, which gives it a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, neutralEnv } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

// The bar shows at once (not after a second): the test must not depend on how fast this machine reads.
function onTerminal(cwd: string, args: string, delayMs = '0'): string {
  const env = { ...neutralEnv(), CAMPAIGN_REPORT_PROGRESS_DELAY_MS: delayMs };
  const r = spawnSync('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`, '/dev/null'], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stdout).toBe(0);
  return r.stdout; // the terminal's output: stderr and stdout of the CLI together
}

describe.skipIf(!hasScript)('progress bar on a terminal', () => {
  const dir = tempDir({
    'campaign.yaml': 'campaign:\n  id: p\n  name: P\n  participants: [KR]\n  commodities: [drugs]\nphases:\n  - { id: jul, start: 2024-07-01, end: 2024-07-31 }\nsources:\n  - path: big.csv\n',
  });
  const rows = ['id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country'];
  for (let i = 1; i <= 100_000; i++) rows.push(`KR-${i},2024-07-${String((i % 28) + 1).padStart(2, '0')},KR,drugs,heroin,1.5,kg,air,TH,KR`);
  writeFileSync(join(dir, 'big.csv'), rows.join('\n') + '\n');

  it('shows the file, a bar, megabytes and records while reading, and the buckets at the end', () => {
    const screen = onTerminal(dir, 'validate');
    expect(screen).toMatch(/big\.csv \|[█░]+\| +\d+% · [\d.]+\/[\d.]+ MB · [\d,]+ records/);
    expect(screen).toContain('read 100000 = accepted 100000 + rejected 0 + duplicates 0 + out_of_scope 0');
  });

  it('a read shorter than the delay shows no bar', () => {
    expect(onTerminal(dir, 'validate', '600000')).not.toMatch(/[█░]/);
  });

  it('--quiet and --log-format json: no bar', () => {
    expect(onTerminal(dir, 'validate --quiet')).not.toMatch(/[█░]/);
    expect(onTerminal(dir, 'validate --log-format json')).not.toMatch(/[█░]/);
  });
});

/** The last-run state file of `summary`: a killed writer's temp file does not stay. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readLastRun, STATE_FILE, writeLastRun } from '../../src/output/state.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

it("writeLastRun removes the temp file of a run killed while writing it (write-file-atomic's <file>.<digits>), and only that", async () => {
  const dir = tempDir({ [`${STATE_FILE}.3735928559`]: '{"schemaVersion":1,"sum', [`${STATE_FILE}.bak`]: 'mine', 'campaign.yaml': 'x' });
  const file = join(dir, STATE_FILE);
  await writeLastRun(file, 'reports/nightly-{date}.md', { since: '2024-07-14', until: '2024-07-15', ranOn: '2024-07-15' });
  expect(readdirSync(dir).sort()).toEqual([STATE_FILE, `${STATE_FILE}.bak`, 'campaign.yaml']);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ schemaVersion: 1, summary: { 'reports/nightly-{date}.md': { since: '2024-07-14', until: '2024-07-15', ranOn: '2024-07-15' } } });
  expect(await readLastRun(file, 'reports/nightly-{date}.md')).toEqual({ lastRun: { since: '2024-07-14', until: '2024-07-15', ranOn: '2024-07-15' } });
});

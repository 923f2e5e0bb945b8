/** Temporary campaign folders written from a map of relative path → content. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/** Creates a fresh folder holding `files`; removed by `cleanupTempDirs()`. */
export function tempDir(files: Record<string, string | Buffer> = {}, prefix = 'cr-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

export function cleanupTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The canonical header, in the order the helpers' CSV rows use. */
export const CANONICAL_HEADER = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country';

/**
 * A minimal campaign.yaml: participants VN and KR, phases p1 (July 2024) and
 * p2 (August 2024), sources given as YAML list items (indented by the caller
 * as `- path: ...` lines), optional extra top-level YAML.
 */
export function campaignYaml(sources: string, extra = ''): string {
  return [
    'campaign:',
    '  id: t1',
    '  name: Test campaign',
    '  participants: [VN, KR]',
    'phases:',
    '  - { id: p1, name: July, start: 2024-07-01, end: 2024-07-31 }',
    '  - { id: p2, name: August, start: 2024-08-01, end: 2024-08-31 }',
    'sources:',
    sources.replace(/^/gm, '  '),
    extra,
    '',
  ].join('\n');
}

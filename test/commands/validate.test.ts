import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/commands/validate.js';
import { CampaignReportError } from '../../src/errors.js';
import { bucketsOf, captured } from '../helpers/capture.js';
import { BAD_FILE, campaignWithDefects, CLEAN_FILES, CLEAN_SOURCES, cleanCampaign } from '../helpers/scenario.js';
import { campaignYaml, cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

interface Report {
  schemaVersion: number;
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  out_of_scope: number;
  sources: { file: string; sha256: string; read: number; accepted: number; rejected: number; duplicates: number; out_of_scope: number }[];
  diagnostics: { severity: string; code: string; file: string; line: number; field: string | null; value: string | null; message: string; hint?: string }[];
}

describe('runValidate', () => {
  it('a clean campaign: exit 0, no diagnostics, the buckets line', async () => {
    const dir = cleanCampaign();
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml') }));
    expect(r.error).toBeUndefined();
    expect(r.result).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('read 6 = accepted 6 + rejected 0 + duplicates 0 + out_of_scope 0\n');
  });

  it('defects: exit 1, one diagnostic line each in file:line: [CODE] form, then the buckets', async () => {
    const dir = campaignWithDefects();
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml') }));
    expect(r.result).toBe(1);
    expect(bucketsOf(r.stderr)).toEqual({ read: 13, accepted: 7, rejected: 4, duplicates: 1, out_of_scope: 1 });
    const lines = r.stderr.trimEnd().split('\n');
    const diag = lines.filter((l) => /\[[A-Z_]+\]/.test(l));
    expect(diag.map((l) => /(\S+:\d+): \[([A-Z_]+)\]/.exec(l)?.slice(1, 3))).toEqual([
      ['data/kr-pus.csv:2', 'INVALID_QUANTITY'],
      ['data/kr-pus.csv:3', 'INVALID_DATE'],
      ['data/kr-pus.csv:4', 'UNKNOWN_COMMODITY'],
      ['data/kr-pus.csv:5', 'DUPLICATE'],
      ['data/kr-pus.csv:6', 'CONFLICTING_ID'],
      ['data/kr-pus.csv:7', 'OUTSIDE_PHASES'],
    ]);
    expect(diag[0]).toContain('data/kr-pus.csv:2: [INVALID_QUANTITY] quantity "abc":');
    expect(diag[4]).toContain('data/kr-icn.csv:3');
    expect(lines.at(-1)).toBe('read 13 = accepted 7 + rejected 4 + duplicates 1 + out_of_scope 1 (outside phases 1, commodity 0, other phase 0)');
  });

  it('--report-json: schemaVersion 1, totals, per-source buckets and hashes, every diagnostic', async () => {
    const dir = campaignWithDefects();
    const out = join(dir, 'out', 'report.json');
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml'), reportJson: out }));
    expect(r.result).toBe(1);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(rep.schemaVersion).toBe(1);
    expect([rep.read, rep.accepted, rep.rejected, rep.duplicates, rep.out_of_scope]).toEqual([13, 7, 4, 1, 1]);
    // glob matches in sorted order (kr-icn, kr-pus), then vn-hq
    expect(rep.sources.map((s) => [s.file, s.read, s.accepted, s.rejected, s.duplicates, s.out_of_scope])).toEqual([
      ['data/kr-icn.csv', 4, 4, 0, 0, 0],
      ['data/kr-pus.csv', 7, 1, 4, 1, 1],
      ['data/vn-hq.csv', 2, 2, 0, 0, 0],
    ]);
    for (const s of rep.sources) {
      expect(s.sha256).toBe(createHash('sha256').update(readFileSync(join(dir, s.file))).digest('hex'));
      expect(s.read).toBe(s.accepted + s.rejected + s.duplicates + s.out_of_scope);
    }
    expect(rep.diagnostics.map((d) => [d.severity, d.code, d.file, d.line])).toEqual([
      ['error', 'INVALID_QUANTITY', 'data/kr-pus.csv', 2],
      ['error', 'INVALID_DATE', 'data/kr-pus.csv', 3],
      ['error', 'UNKNOWN_COMMODITY', 'data/kr-pus.csv', 4],
      ['warning', 'DUPLICATE', 'data/kr-pus.csv', 5],
      ['error', 'CONFLICTING_ID', 'data/kr-pus.csv', 6],
      ['warning', 'OUTSIDE_PHASES', 'data/kr-pus.csv', 7],
    ]);
    expect(rep.diagnostics[0]).toMatchObject({ field: 'quantity', value: 'abc' });
  });

  it('a glob is read in sorted order, so the first sighting of an id is in the earlier file', async () => {
    // Rename kr-icn.csv so that it sorts after kr-pus.csv: now kr-pus.csv:5 is the first KR-1.
    const dir = tempDir({
      'campaign.yaml': campaignYaml(CLEAN_SOURCES),
      'data/kr-zz.csv': CLEAN_FILES['data/kr-icn.csv']!,
      'data/vn-hq.csv': CLEAN_FILES['data/vn-hq.csv']!,
      ...BAD_FILE,
    });
    const out = join(dir, 'r.json');
    await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml'), reportJson: out }));
    const rep = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(rep.sources.map((s) => s.file)).toEqual(['data/kr-pus.csv', 'data/kr-zz.csv', 'data/vn-hq.csv']);
    const dup = rep.diagnostics.find((d) => d.code === 'DUPLICATE');
    expect([dup?.file, dup?.line]).toEqual(['data/kr-zz.csv', 2]);
    expect(dup?.message).toContain('data/kr-pus.csv:5');
    // KR-2 of kr-pus.csv (600 g) came first now; kr-zz.csv's KR-2 (500 g) is the conflicting later one
    const conflict = rep.diagnostics.find((d) => d.code === 'CONFLICTING_ID');
    expect([conflict?.file, conflict?.line]).toEqual(['data/kr-zz.csv', 3]);
    expect(conflict?.message).toContain('data/kr-pus.csv:6');
  });

  it('--quiet prints errors only; --max-diagnostics caps the printed lines and says how many were left out', async () => {
    const dir = campaignWithDefects();
    const q = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml'), quiet: true }));
    expect(q.stderr).not.toMatch(/\[(DUPLICATE|OUTSIDE_PHASES)\]/);
    expect(q.stderr.match(/\[(INVALID_QUANTITY|INVALID_DATE|UNKNOWN_COMMODITY|CONFLICTING_ID)\]/g)).toHaveLength(4);
    const m = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml'), maxDiagnostics: '2' }));
    expect(m.stderr.match(/\[[A-Z_]+\]/g)).toHaveLength(2);
    expect(m.stderr).toMatch(/4 more diagnostic\(s\) not shown/);
  });

  it('a bad --max-diagnostics is a usage error', async () => {
    const dir = cleanCampaign();
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml'), maxDiagnostics: 'lots' }));
    expect(r.error).toBeInstanceOf(CampaignReportError);
    expect((r.error as CampaignReportError).exitCode).toBe(2);
  });

  it('no campaign.yaml in the current folder: CONFIG_NOT_FOUND, exit code 2', async () => {
    const empty = tempDir();
    const cwd = process.cwd();
    process.chdir(empty);
    try {
      const r = await captured(() => runValidate({}));
      expect(r.error).toBeInstanceOf(CampaignReportError);
      expect((r.error as CampaignReportError).code).toBe('CONFIG_NOT_FOUND');
      expect((r.error as CampaignReportError).exitCode).toBe(2);
    } finally {
      process.chdir(cwd);
    }
  });

  it('finds campaign.yaml in the current folder', async () => {
    const dir = cleanCampaign();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await captured(() => runValidate({}));
      expect(r.result).toBe(0);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a missing source file: INPUT_NOT_FOUND, exit code 3', async () => {
    const dir = tempDir({ 'campaign.yaml': campaignYaml('- path: data/nope.csv') });
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml') }));
    expect((r.error as CampaignReportError).code).toBe('INPUT_NOT_FOUND');
    expect((r.error as CampaignReportError).exitCode).toBe(3);
  });

  it('MISSING_COLUMN rejects every row of the file with a single diagnostic at line 1', async () => {
    const dir = tempDir({
      'campaign.yaml': campaignYaml('- path: data/kr.csv'),
      'data/kr.csv': 'id,date,reporting_country,commodity,quantity,unit\nK1,2024-07-01,KR,drugs,1,kg\nK2,2024-07-02,KR,drugs,1,kg\nK3,2024-07-03,KR,drugs,1,kg\n',
    });
    const out = join(dir, 'r.json');
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml'), reportJson: out }));
    expect(r.result).toBe(1);
    expect(bucketsOf(r.stderr)).toEqual({ read: 3, accepted: 0, rejected: 3, duplicates: 0, out_of_scope: 0 });
    const rep = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(rep.diagnostics.map((d) => [d.code, d.line, d.field])).toEqual([['MISSING_COLUMN', 1, 'route']]);
  });

  it('a glob that matches nothing is an EMPTY_FILE warning, not an error', async () => {
    const dir = tempDir({ 'campaign.yaml': campaignYaml('- path: data/kr-*.csv\n- path: data/th-*.csv'), 'data/kr-1.csv': 'id,date,reporting_country,commodity,quantity,unit,route\nK1,2024-07-01,KR,drugs,1,kg,air\n' });
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml') }));
    expect(r.result).toBe(0);
    expect(r.stderr).toContain('data/th-*.csv: [EMPTY_FILE]');
    expect(bucketsOf(r.stderr)).toEqual({ read: 1, accepted: 1, rejected: 0, duplicates: 0, out_of_scope: 0 });
  });

  it('reads a Windows-1252 export (guessed, with a warning), curly apostrophe and all', async () => {
    // Excel on Windows writes "Côte d’Ivoire" with ô = 0xF4 and ’ = 0x92.
    const csv = Buffer.from('id,date,reporting_country,commodity,quantity,unit,route,origin_country\nK1,2024-07-01,KR,drugs,1,kg,air,C\xf4te d\x92Ivoire\n', 'latin1');
    const dir = tempDir({ 'campaign.yaml': campaignYaml('- path: kr.csv'), 'kr.csv': csv });
    const out = join(dir, 'r.json');
    const r = await captured(() => runValidate({ campaign: join(dir, 'campaign.yaml'), reportJson: out }));
    const rep = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(rep.diagnostics.map((d) => [d.code, d.value])).toEqual([['ENCODING_GUESSED', null]]);
    expect(r.result).toBe(0);
    expect(bucketsOf(r.stderr)).toEqual({ read: 1, accepted: 1, rejected: 0, duplicates: 0, out_of_scope: 0 });
  });
});

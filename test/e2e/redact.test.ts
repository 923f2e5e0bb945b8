/**
 * `redact:` and extra columns (fixtures/redact): personal and officer fields, and
 * extras no template names, must reach no output, partial or log. Every command
 * the coordinator runs is run on the fixture, and every byte it writes (stdout,
 * stderr, every file, the PDFs' text) is searched for the CANARY-* values.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

/** Every file below `dir`, as text (PDFs: their bytes and their extracted text). */
function allOutput(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else {
        let text = readFileSync(p).toString('latin1') + readFileSync(p, 'utf8');
        if (p.endsWith('.pdf')) text += spawnSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' }).stdout;
        out.set(p, text);
      }
    }
  };
  walk(dir);
  return out;
}

describe('redact: and extra columns', () => {
  let camp: string;
  const runs: { name: string; result: CliResult }[] = [];
  const run = async (name: string, args: string[]) => {
    const result = await runCli(['--campaign', join(camp, 'campaign.yaml'), ...args], { cwd: camp, env: { SOURCE_DATE_EPOCH: '1722470400' } });
    runs.push({ name, result });
    return result;
  };

  beforeAll(async () => {
    camp = tempDir({});
    cpSync(join(ROOT, 'fixtures/redact'), camp, { recursive: true });
    await run('validate', ['validate', '--report-json', 'out/validate.json']);
    await run('validate json log', ['validate', '--log-format', 'json']);
    await run('aggregate csv', ['aggregate', '--by', 'commodity,subtype,route,country']);
    await run('aggregate json', ['aggregate', '--format', 'json', '--by', 'phase,commodity,subtype']);
    await run('aggregate partial', ['aggregate', '--format', 'partial', '--out', 'out/kr.partial.json']);
    await run('build', ['build', '--format', 'md,html,pdf', '--out', 'out/reports', '--report-json', 'out/build.json']);
    await run('build vi', ['build', '--format', 'md,html', '--locale', 'vi', '--out', 'out/reports-vi']);
    await run('summary', ['summary', '--since', '2024-07-01', '--until', '2024-07-31', '--format', 'md,html,txt', '--out', 'out/nightly-{date}.md']);
    await run('summary stdout', ['summary', '--since', '2024-07-01', '--until', '2024-07-31']);
  }, 120_000);

  it('every command ran with its documented exit code (1: two records are rejected)', () => {
    expect(runs.map((r) => [r.name, r.result.code])).toEqual([
      ['validate', 1],
      ['validate json log', 1],
      ['aggregate csv', 0],
      ['aggregate json', 0],
      ['aggregate partial', 0],
      ['build', 0],
      ['build vi', 0],
      ['summary', 0],
      ['summary stdout', 0],
    ]);
    for (const r of runs) {
      if (r.name.includes('json log')) expect(r.result.stderr).toContain('{"type":"buckets","read":7,"accepted":4,"rejected":2,"duplicates":1,"out_of_scope":0');
      else expect(r.result.stderr, r.name).toContain('read 7 = accepted 4 + rejected 2 + duplicates 1 + out_of_scope 0');
    }
  });

  it('no redacted value and no unnamed extra column appears in any output, partial or log', () => {
    const files = allOutput(join(camp, 'out'));
    expect([...files.keys()].some((f) => f.endsWith('.pdf'))).toBe(true);
    expect([...files.keys()].some((f) => f.endsWith('kr.partial.json'))).toBe(true);
    const places = [...runs.flatMap((r) => [[`${r.name} stdout`, r.result.stdout], [`${r.name} stderr`, r.result.stderr]]), ...files];
    const leaks = places.filter(([, text]) => /CANARY-/.test(text!)).map(([where, text]) => `${where}: ${/CANARY-[A-Z]+-\d/.exec(text!)![0]}`);
    expect(leaks).toEqual([]);
    // the search does find data that is meant to be shown
    expect(places.filter(([, text]) => text!.includes('CTRL-SUBTYPE-OK')).length).toBeGreaterThan(5);
  });

  it('the redacted columns are gone from the records, not only from the reports: no extra, no concealment', async () => {
    const r = await run('aggregate ndjson', ['aggregate', '--format', 'ndjson', '--by', 'commodity']);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(camp, 'out/validate.json'), 'utf8')) as { diagnostics: { code: string; line: number; file: string }[] };
    expect(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      'data/kr.csv:4 INVALID_QUANTITY',
      'data/kr.csv:5 DUPLICATE',
      // the control subtype is not in the goods vocabulary: one warning for the file, after its records
      'data/kr.csv:2 UNKNOWN_SUBTYPE',
      'data/vn.yaml:15 INVALID_QUANTITY',
    ]);
  });

  it('a required field cannot be redacted: exit 2 naming the key', async () => {
    const dir = tempDir({ 'campaign.yaml': readFileSync(join(ROOT, 'fixtures/redact/campaign.yaml'), 'utf8').replace('redact: [', 'redact: [quantity, ') });
    cpSync(join(ROOT, 'fixtures/redact/data'), join(dir, 'data'), { recursive: true });
    const r = await runCli(['validate'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('redact[0]: "quantity" is a required field');
  });
});

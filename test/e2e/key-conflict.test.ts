/**
 * `key:` and `on_conflict:` end to end on fixtures/key: two releases of the same
 * statistics, the later one revising a figure (VN methamphetamine of 20 January:
 * 5 kg → 7.5 kg), with their own row ids. Figures worked out in fixtures/key/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const LATEST = 'fixtures/key/campaign.yaml';
const FIRST = 'fixtures/key/campaign-first.yaml';
const OLD = 'releases/2024-03.csv';
const NEW = 'releases/2024-04.csv';

function report(file: string) {
  return JSON.parse(readFileSync(file, 'utf8')) as {
    read: number; accepted: number; rejected: number; duplicates: number; out_of_scope: number;
    duplicate_reasons: { same_record: number; superseded: number };
    sources: { file: string; read: number; accepted: number; rejected: number; duplicates: number; out_of_scope: number }[];
    diagnostics: { severity: string; code: string; file: string; line: number; field: string | null; value: string | null; message: string }[];
  };
}

const where = (d: { code: string; file: string; line: number; field: string | null; value: string | null }) => `${d.code} ${d.file}:${d.line} ${d.field} ${d.value}`;

describe('on_conflict: latest', () => {
  it('the later release replaces the revised figure; the buckets balance with the superseded records under duplicates', async () => {
    const dir = tempDir();
    const json = join(dir, 'r.json');
    const r = await runCli(['validate', '--campaign', LATEST, '--report-json', json]);
    // one record rejected (the same key twice in the April release)
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('read 11 = accepted 5 + rejected 1 + duplicates 4 + out_of_scope 1 (outside phases 1, commodity 0, other phase 0; superseded 4)');
    const doc = report(json);
    expect([doc.read, doc.accepted, doc.rejected, doc.duplicates, doc.out_of_scope]).toEqual([11, 5, 1, 4, 1]);
    expect(doc.duplicate_reasons).toEqual({ same_record: 0, superseded: 4 });
    // the April release is the record: it replaces every March row of the same key, revised (lines 3, 6) or not (2, 4)
    expect(doc.sources.map(({ file, read, accepted, rejected, duplicates, out_of_scope }) => ({ file, read, accepted, rejected, duplicates, out_of_scope }))).toEqual([
      { file: OLD, read: 5, accepted: 1, rejected: 0, duplicates: 4, out_of_scope: 0 },
      { file: NEW, read: 6, accepted: 4, rejected: 1, duplicates: 0, out_of_scope: 1 },
    ]);
    expect(doc.diagnostics.map(where)).toEqual([
      `OUTSIDE_PHASES ${OLD}:6 date 2024-04-02`,
      `SUPERSEDED ${OLD}:2 key VN, 2024-01-15, heroin, air`,
      `SUPERSEDED ${OLD}:3 key VN, 2024-01-20, methamphetamine, sea`,
      `SUPERSEDED ${OLD}:4 key KR, 2024-02-03, cocaine, air`,
      `SUPERSEDED ${OLD}:6 key VN, 2024-04-02, heroin, post`,
      `OUTSIDE_PHASES ${NEW}:6 date 2024-04-02`,
      `CONFLICTING_ID ${NEW}:7 key VN, 2024-03-05, heroin, air`,
    ]);
    const superseded = doc.diagnostics.filter((d) => d.code === 'SUPERSEDED');
    expect(superseded[0]).toMatchObject({ severity: 'warning', message: `replaced by ${NEW}:2, the same key from a later source with the same content (on_conflict: latest)` });
    expect(superseded[1]).toMatchObject({ severity: 'warning', message: `replaced by ${NEW}:3, the same key from a later source with other content (on_conflict: latest)` });
    expect(doc.diagnostics.find((d) => d.code === 'CONFLICTING_ID')!.message).toContain(`${NEW}:5`);
  });

  it('aggregate: the revised figure (7.5 kg) wins; every other figure once', async () => {
    const r = await runCli(['aggregate', '--campaign', LATEST, '--by', 'phase,subtype']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      ['phase,subtype,unit,cases,seizures,quantity', '2024-01,heroin,kg,1,1,10', '2024-01,methamphetamine,kg,1,1,7.5', '2024-02,cannabis-herb,kg,1,1,40', '2024-02,cocaine,kg,1,1,2', '2024-03,heroin,kg,1,1,4', ''].join('\n'),
    );
  });

  it('the same figures and diagnostics on any number of threads (records held across units read by workers)', async () => {
    const runs = await Promise.all(
      ['1', '3'].map((n) => runCli(['aggregate', '--campaign', LATEST, '--by', 'phase,country,subtype', '--format', 'json'], { env: { CAMPAIGN_REPORT_THREADS: n, CAMPAIGN_REPORT_MAIN_STEALS: '0' } })),
    );
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    expect(runs[1]!.stderr).toBe(runs[0]!.stderr);
  });

  it('build: the report of January shows 7.5 kg of methamphetamine, and the reporters found (no participant list)', async () => {
    const out = tempDir();
    const r = await runCli(['build', '--campaign', LATEST, '--phase', '2024-01', '--format', 'md', '--out', out], { env: { SOURCE_DATE_EPOCH: '1717200000' } });
    expect(r.code).toBe(0);
    const md = readFileSync(join(out, 'key-releases-2024-01.md'), 'utf8');
    // the good by its vocabulary label; no concealment column when no item says one
    expect(md).toContain('| 20 January 2024 | Vietnam | Sea | Methamphetamine | 7.5 kg |\n');
    expect(md).toContain('| Reporting countries (1) | Vietnam |');
    expect(md).toContain('### Countries that reported in this phase \\(the campaign lists no participants\\)\n\nVietnam (VN)\n');
    expect(md).not.toContain('Participants that submitted nothing');
    expect(r.stderr).not.toContain('NOT_PARTICIPANT');
  });

  it("each phase's own annex figures: a replaced record is a duplicate of its own phase, and the phases balance with the campaign", async () => {
    const out = tempDir();
    const r = await runCli(['build', '--campaign', LATEST, '--all-phases', '--format', 'md', '--out', out]);
    expect(r.code).toBe(0);
    const own = (phase: string) => {
      const md = readFileSync(join(out, `key-releases-${phase}.md`), 'utf8');
      const at = md.indexOf('### This phase');
      const row = md.slice(at).split('\n').find((l) => /^\| \d/.test(l))!;
      return row.split('|').slice(1, -1).map((c) => Number(c.trim()));
    };
    // January: R1-1 and R1-2 replaced by R2-1 and R2-2 (SUPERSEDED, the same content or not: duplicates of January), R2-1 and R2-2 accepted
    expect(own('2024-01')).toEqual([4, 2, 0, 2, 0]);
    expect(own('2024-02')).toEqual([3, 2, 0, 1, 0]);
    expect(own('2024-03')).toEqual([2, 1, 1, 0, 0]);
    // the two April records (outside every phase: one out of scope, the one it replaced a duplicate) are in no phase: 9 + 2 = 11 read
    const sum = ['2024-01', '2024-02', '2024-03'].map(own).reduce((a, b) => a.map((n, i) => n + b[i]!));
    expect(sum).toEqual([9, 5, 1, 3, 0]);
  });
});

describe('summary without participants', () => {
  it('leaves out the participants that sent nothing, and counts the window from the records kept', async () => {
    const r = await runCli(['summary', '--campaign', LATEST, '--since', '2024-01-01', '--until', '2024-01-31'], { env: { SOURCE_DATE_EPOCH: '1706745600' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cases: 2 · Seizures: 2\nBy commodity:\n  - Drugs: Cases 2, Seizures 2; 17.5 kg\n');
    expect(r.stdout).not.toContain('== Participants');
    expect(r.stdout).toContain('Read 11 = Accepted 5 + Rejected 1 + Duplicates 4 + Out of scope 1');
  });
});

describe('on_conflict: first', () => {
  it('the earlier release is kept (5 kg); the later record is set aside as SUPERSEDED at its own line', async () => {
    const dir = tempDir();
    const json = join(dir, 'r.json');
    const [v, a] = await Promise.all([runCli(['validate', '--campaign', FIRST, '--report-json', json]), runCli(['aggregate', '--campaign', FIRST, '--by', 'subtype'])]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('read 11 = accepted 5 + rejected 1 + duplicates 4 + out_of_scope 1 (outside phases 1, commodity 0, other phase 0; superseded 2)');
    const doc = report(json);
    expect(doc.duplicate_reasons).toEqual({ same_record: 2, superseded: 2 });
    expect(doc.sources.map((s) => [s.read, s.accepted, s.rejected, s.duplicates, s.out_of_scope])).toEqual([
      [5, 4, 0, 0, 1],
      [6, 1, 1, 4, 0],
    ]);
    expect(doc.diagnostics.filter((d) => d.code === 'SUPERSEDED').map(where)).toEqual([`SUPERSEDED ${NEW}:3 key VN, 2024-01-20, methamphetamine, sea`, `SUPERSEDED ${NEW}:6 key VN, 2024-04-02, heroin, post`]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(['subtype,unit,cases,seizures,quantity', 'cannabis-herb,kg,1,1,40', 'cocaine,kg,1,1,2', 'heroin,kg,2,2,14', 'methamphetamine,kg,1,1,5', ''].join('\n'));
  });
});

describe('without key:', () => {
  it('the same releases are told apart by id: nothing is superseded, every row with its own id counts', async () => {
    const dir = tempDir({
      'campaign.yaml': readFileSync(join(ROOT, LATEST), 'utf8').replace(/^key:.*\n^on_conflict:.*\n/m, '').replaceAll('releases/', `${join(ROOT, 'fixtures/key/releases')}/`),
    });
    const json = join(dir, 'r.json');
    const r = await runCli(['validate', '--campaign', join(dir, 'campaign.yaml'), '--report-json', json]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read 11 = accepted 9 + rejected 0 + duplicates 0 + out_of_scope 2');
    expect(report(json).duplicate_reasons).toEqual({ same_record: 0, superseded: 0 });
  });
});

describe('the campaign file', () => {
  const base = `campaign: { id: k, name: K }\nphases: { every: year, from: 2024, to: 2024 }\nsources: [{ path: a.csv }]\n`;
  const csv = 'id,date,reporting_country,commodity,quantity,unit,route\n1,2024-01-01,VN,drugs,1,kg,air\n';
  it.each([
    ['key: [quantity]', 'key[0]'],
    ['key: [date, date]', 'a field is listed twice'],
    ['key: []', 'key'],
    ['on_conflict: latest', 'on_conflict: needs key:'],
    ['key: [date]\non_conflict: last', 'on_conflict'],
  ])('%j is refused (exit 2)', async (extra, message) => {
    const dir = tempDir({ 'campaign.yaml': base + extra + '\n', 'a.csv': csv });
    const r = await runCli(['validate', '--campaign', join(dir, 'campaign.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('on_conflict: latest with a workbook', () => {
  it('records held until every source is read keep the sheet they came from (export names it)', async () => {
    const { writeWorkbook, vnSheet, day } = await import('../helpers/workbooks.js');
    const dir = tempDir({
      'campaign.yaml': [
        'campaign: { id: wb, name: Workbook releases, participants: [VN] }',
        'phases: [{ id: jul, start: 2024-07-01, end: 2024-08-31 }]',
        'key: [reporting_country, date, subtype, route]',
        'on_conflict: latest',
        'sources:',
        '  - path: march.csv',
        '  - { path: releases.xlsx, defaults: { reporting_country: VN }, columns: { id: Số vụ }, sheet: "*" }',
        '',
      ].join('\n'),
      // an earlier release of the first workbook row (same key, other figure): replaced by the workbook's
      'march.csv': 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country\nOLD-1,2024-07-02,VN,drugs,heroin,1,kg,land,LA,VN\n',
    });
    const august = [[1, 'VN-HQ-101', day('2024-08-06'), 'ma túy', 'cocaine', 3, 'kg', 'hàng không', 'Brazil', 'Việt Nam']];
    await writeWorkbook(join(dir, 'releases.xlsx'), [vnSheet('Tháng 7'), vnSheet('Tháng 8', august)]);
    const r = await runCli(['export', '--campaign', 'campaign.yaml', '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const at = (name: string) => header.indexOf(name);
    // the CSV release's row was replaced: the four July rows and the August row, each with its sheet and the sheet's row
    expect(rows.map((x) => `${x[at('id')]} ${x[at('sheet')]}:${x[at('source_line')]} ${x[at('quantity')]}`)).toEqual([
      'VN-HQ-001 Tháng 7:4 1.25',
      'VN-HQ-002 Tháng 7:5 12.5',
      'VN-HQ-003 Tháng 7:6 2.5',
      'VN-HQ-004 Tháng 7:7 0.75',
      'VN-HQ-101 Tháng 8:4 3',
    ]);
    expect(r.stderr).toContain('superseded 1');
    // the replaced CSV record names the workbook row that replaced it by sheet and row, as diagnostics are printed
    expect(r.stderr).toContain('warning march.csv:2: [SUPERSEDED] key "VN, 2024-07-02, heroin, land": replaced by releases.xlsx [Tháng 7] row 4, the same key from a later source with other content (on_conflict: latest)');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/commands/defaults.js';
import { parseFormatList, REPORT_FORMATS, requirePhase, resolveAggregateOptions, resolveBuildOptions, resolveExportOptions, resolveSummaryOptions, resolveValidateOptions } from '../../src/commands/options.js';
import { CampaignReportError } from '../../src/errors.js';
import { testCampaign } from '../helpers/records.js';

function usage(fn: () => unknown): CampaignReportError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CampaignReportError);
    expect((err as CampaignReportError).code).toBe('USAGE');
    expect((err as CampaignReportError).exitCode).toBe(2);
    return err as CampaignReportError;
  }
  throw new Error('no usage error');
}

describe('resolved options: defaults in one place', () => {
  it('validate', () => {
    const o = resolveValidateOptions({});
    expect(o).toEqual({ campaign: undefined, quiet: false, maxDiagnostics: 200, maxRejected: undefined, reportJson: undefined });
    expect(Object.isFrozen(o)).toBe(true);
    expect(resolveValidateOptions({ maxDiagnostics: '0', maxRejected: '2.5%', quiet: true }).maxRejected).toEqual({ percent: 2.5, text: '2.5%' });
  });

  it('aggregate: commodity, route, country as CSV', () => {
    expect(resolveAggregateOptions({})).toMatchObject({ dimensions: [['commodity', 'route', 'country']], format: 'csv', strict: false, inputs: [], phase: undefined, maxDiagnostics: 20 });
  });

  it('build: md,html of the campaign file unless --format; the output folder absolute', () => {
    expect(resolveBuildOptions({})).toMatchObject({ formats: undefined, out: path.resolve('reports'), template: undefined, allPhases: false, strict: false, maxDiagnostics: 20 });
    expect(resolveBuildOptions({ format: 'MD, html,md', template: 't' })).toMatchObject({ formats: ['md', 'html'], template: path.resolve('t') });
  });

  it('summary: the last 24h as plain text, or the --out extension', () => {
    expect(resolveSummaryOptions({})).toMatchObject({ since: '24h', formats: ['txt'], out: undefined, reportJson: undefined, maxDiagnostics: 20 });
    expect(resolveSummaryOptions({ out: 'r/nightly-{date}.html' }).formats).toEqual(['html']);
    expect(resolveSummaryOptions({ out: 'r/nightly-{date}', format: 'md,txt' }).formats).toEqual(['md', 'txt']);
  });

  it('the defaults --help shows are the ones applied', () => {
    expect(DEFAULTS.maxDiagnostics).toEqual({ validate: 200, aggregate: 20, build: 20, summary: 20, export: 20 });
    expect(resolveExportOptions({}).maxDiagnostics).toBe(DEFAULTS.maxDiagnostics.export);
    expect(resolveBuildOptions({}).out).toBe(path.resolve(DEFAULTS.buildOut));
  });
});

describe('resolved options: usage errors before anything is read', () => {
  it('--max-diagnostics and --max-rejected', () => {
    expect(usage(() => resolveValidateOptions({ maxDiagnostics: 'lots' })).message).toBe('--max-diagnostics expects a whole number, got "lots"');
    expect(usage(() => resolveSummaryOptions({ maxDiagnostics: '-1' })).message).toBe('--max-diagnostics expects a whole number, got "-1"');
    expect(usage(() => resolveBuildOptions({ maxRejected: 'many' })).message).toContain('--max-rejected expects a whole number or a percentage');
  });

  it('aggregate --by, --format xlsx and the ad-hoc flags', () => {
    const by = usage(() => resolveAggregateOptions({ by: 'commodity,bogus' }));
    expect(by.message).toBe('--by: unknown dimension(s) "bogus"');
    expect(by.hint).toBe('expected a comma list of phase, commodity, group, subtype, route, direction, country, agency, origin, destination, year, quarter, month, week');
    // a misspelling says the dimension it is near to
    expect(usage(() => resolveAggregateOptions({ by: 'comodity,route,contry,xyz' })).message).toBe('--by: unknown dimension(s) "comodity" (did you mean commodity?), "contry" (did you mean country?), "xyz"');
    expect(resolveAggregateOptions({ by: 'agency,group,year,quarter', labels: 'ko', kgEquivalent: true })).toMatchObject({ dimensions: [['agency', 'group', 'year', 'quarter']], labels: 'ko', kgEquivalent: true });
    expect(resolveAggregateOptions({})).toMatchObject({ labels: undefined, kgEquivalent: false });
    expect(usage(() => resolveAggregateOptions({ format: 'partial', labels: 'vi' })).message).toBe('--labels and --kg-equivalent do not apply to --format partial');
    expect(usage(() => resolveAggregateOptions({ by: ['phase', 'week'] })).message).toBe('several --by sets need --format xlsx (one sheet each)');
    expect(resolveAggregateOptions({ by: ['phase', 'week,commodity'], format: 'xlsx', out: 'a.xlsx' }).dimensions).toEqual([['phase'], ['week', 'commodity']]);
    expect(usage(() => resolveAggregateOptions({ format: 'xlsx' })).message).toBe('--format xlsx needs --out FILE.xlsx');
    expect(usage(() => resolveAggregateOptions({ decimal: ',' })).message).toBe('--date-format, --decimal, --delimiter, --encoding, --sheet, --header-row, --map, --default, --null-values, --allow-zero and --where apply to files named on the command line');
    expect(usage(() => resolveAggregateOptions({ inputs: ['a.csv'], campaign: 'c.yaml' })).message).toBe('give either --campaign or input files, not both');
    expect(resolveAggregateOptions({ inputs: ['a.csv'], decimal: ',', map: ['id=No'] }).adhoc).toMatchObject({ decimal: ',', map: ['id=No'], default: [] });
  });

  it('--format lists: each once, known ones only', () => {
    expect(parseFormatList('html, MD ,html', REPORT_FORMATS)).toEqual(['html', 'md']);
    const bad = usage(() => resolveBuildOptions({ format: 'md,docx,docx' }));
    expect([bad.message, bad.hint]).toEqual(['--format: unknown format(s) "docx"', 'expected a comma list of md, html, pdf']);
    expect(usage(() => parseFormatList(' , ', REPORT_FORMATS)).message).toBe('--format: unknown format(s) (none)');
    expect(usage(() => resolveSummaryOptions({ format: 'pdf' })).hint).toBe('expected a comma list of md, html, txt');
    expect(usage(() => resolveSummaryOptions({ format: 'md,html' })).message).toBe('--format md,html: several formats need --out');
  });

  it('--phase names a phase of the campaign', () => {
    const campaign = testCampaign();
    expect(requirePhase(campaign, 'p2').name).toBe('August');
    const err = usage(() => requirePhase(campaign, 'p9'));
    expect([err.message, err.hint]).toEqual(['--phase: "p9" is not a phase of test', 'phases: p1, p2']);
  });
});

import path from 'node:path';
import { ReportCollector } from '../aggregate/report-collector.js';
import { buildReportModel, type ReportModel } from '../aggregate/report-model.js';
import type { Campaign, Phase } from '../config/campaign.js';
import { CampaignReportError, EXIT } from '../errors.js';
import { logMessage } from '../output/log.js';
import { startReadProgress } from '../output/progress.js';
import { Publication } from '../output/publish.js';
import { runPipeline } from '../pipeline/run.js';
import { loadLocale, type ReportLocale } from '../render/locale.js';
import { compileTemplates, loadTemplateSet } from '../render/templates.js';
import { safeName } from '../util/file-name.js';
import { sourceDateEpoch } from '../util/source-date-epoch.js';
import { configureColour, DiagnosticLog, openCampaign, parseLimit, writeReportJson } from './common.js';
import { checkMaxRejected, parseMaxRejected } from './max-rejected.js';
import { lockOutputDir } from './output-dir.js';

export interface BuildOptions {
  campaign?: string;
  quiet?: boolean;
  phase?: string;
  allPhases?: boolean;
  format?: string;
  out?: string;
  template?: string;
  locale?: string;
  strict?: boolean;
  reportJson?: string;
  maxDiagnostics?: string;
  maxRejected?: string;
}

const FORMATS = ['md', 'html', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/** The latest phase that has ended by `today`, else the current one, else the first. */
export function defaultPhase(phases: readonly Phase[], today: string): Phase {
  const ended = phases.filter((p) => p.end.iso < today);
  return ended[ended.length - 1] ?? phases.find((p) => p.start.iso <= today && today <= p.end.iso) ?? phases[0]!;
}

/** `campaign-report build`: phase-end reports in Markdown, HTML and PDF. */
export async function runBuild(opts: BuildOptions): Promise<number> {
  configureColour();
  const campaign = await openCampaign(opts.campaign);
  const formats = parseFormats(opts.format, campaign);
  const localeName = opts.locale ?? campaign.locale;
  const templateDir = opts.template ? path.resolve(opts.template) : campaign.templates;
  const loc = loadLocale(localeName, templateDir);
  // Compile templates before reading data: a template error should not wait for a big read.
  const renderers = {
    html: formats.some((f) => f !== 'md') ? compileTemplates(loadTemplateSet('html', templateDir), 'html', loc) : undefined,
    md: formats.includes('md') ? compileTemplates(loadTemplateSet('md', templateDir), 'md', loc) : undefined,
  };
  const phases = selectPhases(campaign, opts);
  const outDir = path.resolve(opts.out ?? 'reports');
  const limit = parseMaxRejected(opts.maxRejected);
  // One run per output folder (exit 7 when another holds it); released however this function ends.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- held, not used: released when the function returns
  await using _lock = await lockOutputDir(outDir, opts.quiet ?? false);

  // PDF asked for: the browser starts now, so its start-up overlaps reading the data
  // (a launch failure surfaces at the first PDF, after Markdown and HTML are written).
  await using pdf = formats.includes('pdf') ? (await import('../render/pdf.js')).PdfRenderer.start() : undefined;

  const collector = new ReportCollector(campaign);
  const rejectedByReason = new Map<string, number>();
  const log = new DiagnosticLog(parseLimit(opts.maxDiagnostics ?? '20', '--max-diagnostics'), opts.quiet ?? false);
  using progress = await startReadProgress(campaign, opts);
  const result = await runPipeline(campaign, {
    onDiagnostic: (d) => {
      log.add(d);
      if (d.severity === 'error') rejectedByReason.set(d.code, (rejectedByReason.get(d.code) ?? 0) + 1);
    },
    onRecord: collector.add,
    onPartial: (doc, index) => {
      collector.addPartial(doc, index);
      for (const [code, n] of Object.entries(doc.rejectedByReason)) rejectedByReason.set(code, (rejectedByReason.get(code) ?? 0) + n);
    },
    onProgress: progress.onProgress,
  });
  progress.stop();
  const generatedAt = sourceDateEpoch();
  // Every file is staged and published together after the last is written; on an error, none is.
  await using publication = await Publication.begin(outDir);
  let written: string[] = [];
  /** PDFs staged so far: all or none of a run's PDFs are published. */
  const pdfFiles: string[] = [];
  let browserError: CampaignReportError | undefined;
  for (const phase of phases) {
    const model = buildReportModel({
      campaign,
      phase,
      collector,
      buckets: result.buckets,
      sources: result.files.map((f) => ({ file: f.file, sha256: f.sha256, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, out_of_scope: f.out_of_scope })),
      rejectedByReason,
      conversions: result.conversions,
      generatedAt: generatedAt?.toISOString() ?? null,
    });
    const base = `${safeName(campaign.id)}-${safeName(phase.id)}${localeName === 'en' ? '' : `.${safeName(localeName)}`}`;
    const charts = await renderReportCharts(model, loc);
    if (renderers.md) {
      const chartDir = `${base}-charts`;
      const links = charts.map((c) => ({ ...c, href: `${chartDir}/${c.name}.svg` }));
      for (const c of charts) await publication.write(path.join(outDir, chartDir, `${c.name}.svg`), c.svg);
      const file = path.join(outDir, `${base}.md`);
      await publication.write(file, renderers.md({ ...model, charts: links }));
      written.push(file);
    }
    const html = renderers.html?.({ ...model, charts, lang: loc.locale });
    if (html !== undefined && formats.includes('html')) {
      const file = path.join(outDir, `${base}.html`);
      await publication.write(file, html);
      written.push(file);
    }
    if (html !== undefined && pdf && !browserError) {
      const file = path.join(outDir, `${base}.pdf`);
      try {
        const bytes = await pdf.render(html, {
          header: campaign.classification ?? campaign.name,
          page: loc.labels.page ?? 'Page',
          of: loc.labels.of ?? 'of',
          title: `${campaign.name} — ${phase.name}`,
          ...(generatedAt ? { date: generatedAt } : {}),
        });
        await publication.write(file, bytes);
        written.push(file);
        pdfFiles.push(file);
      } catch (err) {
        if (!(err instanceof CampaignReportError)) throw err;
        if (err.code === 'BROWSER_NOT_FOUND') browserError = err;
        else if (err.code === 'BROWSER_CRASHED') {
          browserError = new CampaignReportError('BROWSER_CRASHED', `cannot write ${file}: ${err.message}; no PDF of this run is published`, { hint: err.hint, cause: err });
        } else throw err;
        // The PDFs of phases before this one would stand beside the previous run's of the phases after it.
        for (const f of pdfFiles) await publication.discard(f);
        written = written.filter((f) => !pdfFiles.includes(f));
      }
    }
  }
  await pdf?.close();
  await publication.commit();
  if (opts.reportJson) await writeReportJson(opts.reportJson, campaign, result, log);
  if (!opts.quiet) for (const f of written) logMessage('info', `wrote ${path.relative(process.cwd(), f) || f}`, f);
  log.finish(result, opts.reportJson);
  if (browserError) throw browserError; // Markdown and HTML are written; PDF could not be
  if (checkMaxRejected(limit, result.buckets)) return EXIT.REJECTED;
  return opts.strict && result.buckets.rejected > 0 ? EXIT.REJECTED : EXIT.OK;
}

function parseFormats(flag: string | undefined, campaign: Campaign): Format[] {
  const list = flag ? flag.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : [...campaign.formats];
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || list.length === 0) {
    throw new CampaignReportError('USAGE', `--format: unknown format(s) ${bad.map((b) => `"${b}"`).join(', ') || '(none)'}`, { hint: 'expected a comma list of md, html, pdf' });
  }
  return [...new Set(list)] as Format[];
}

function selectPhases(campaign: Campaign, opts: BuildOptions): readonly Phase[] {
  if (opts.allPhases) return campaign.phases;
  if (opts.phase !== undefined) {
    const p = campaign.phases.find((x) => x.id === opts.phase);
    if (!p) throw new CampaignReportError('USAGE', `--phase: "${opts.phase}" is not a phase of ${campaign.id}`, { hint: `phases: ${campaign.phases.map((x) => x.id).join(', ')}` });
    return [p];
  }
  const today = (sourceDateEpoch() ?? new Date()).toISOString().slice(0, 10);
  return [defaultPhase(campaign.phases, today)];
}

interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

async function renderReportCharts(model: ReportModel, loc: ReportLocale): Promise<RenderedChart[]> {
  const { renderCharts } = await import('../render/charts.js');
  const L = loc.labels;
  const fmt = { decimal: loc.decimal, group: loc.group };
  const specs = [
    { name: 'commodity', title: L.chartCommodity!, xTitle: L.axisCommodity!, data: model.headline.byCommodity.map((r) => ({ label: loc.commodities[r.commodity] ?? r.commodity, value: r.cases })), kind: 'bar' as const },
    { name: 'route', title: L.chartRoute!, xTitle: L.axisRoute!, data: model.byRouteOnly.map((r) => ({ label: loc.routes[r.keys.route!] ?? r.keys.route!, value: r.cases })), kind: 'bar' as const },
    { name: 'country', title: L.chartCountry!, xTitle: L.axisCountry!, data: model.byCountry.map((r) => ({ label: r.keys.country!, value: r.cases })), kind: 'bar' as const },
    { name: 'weekly', title: L.chartWeekly!, xTitle: L.axisWeek!, data: model.trend.weekly.map((w) => ({ label: w.week, value: w.cases })), kind: 'line' as const },
    { name: 'phases', title: L.chartPhases!, xTitle: L.axisPhase!, data: model.trend.phases.map((p) => ({ label: p.id, value: p.cases })), kind: 'bar' as const },
  ];
  const svgs = await renderCharts(specs.map((s) => ({ kind: s.kind, title: s.title, xTitle: s.xTitle, yTitle: L.axisCases!, data: s.data, locale: fmt })));
  return specs.map((s, i) => ({ name: s.name, title: s.title, svg: svgs[i]! }));
}


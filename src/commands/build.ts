import path from 'node:path';
import { PhaseTally } from '../aggregate/phase-tally.js';
import { ReportCollector } from '../aggregate/report-collector.js';
import { buildReportModel, type AnnexMode, type ReportModel } from '../aggregate/report-model.js';
import type { Campaign, Phase } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import { goodsVocabulary, type LabelLanguage } from '../normalize/goods.js';
import { Publication } from '../output/publish.js';
import { chartRows, renderReportCharts, type ChartNames, type RenderedChart } from '../render/chart-specs.js';
import { executiveSummary } from '../render/executive-summary.js';
import { inDisplayOrder } from '../render/display-order.js';
import { dimensionLabels, templateVocabulary } from '../render/labels.js';
import { pdfInfoOf } from '../render/pdf-info.js';
import { loadLocale, type ReportLocale } from '../render/locale.js';
import { localizePhaseName } from '../render/phase-name.js';
import type { PdfOptions, PdfRenderer } from '../render/pdf.js';
import { compileTemplates, loadTemplateSet } from '../render/templates.js';
import { safeName } from '../util/file-name.js';
import { sourceDateEpoch } from '../util/source-date-epoch.js';
import { annexSourcesOf, openCampaign } from './common.js';
import { parseFormatList, REPORT_FORMATS, requirePhase, resolveBuildOptions, type BuildOptions, type ReportFormat, type ResolvedBuildOptions } from './options.js';
import { lockOutputDir } from './output-dir.js';
import { exitCodeOf, runCampaign, type CampaignRead, type Collectors, type Outputs } from './run-campaign.js';
import { startReaders } from '../pipeline/run.js';

export type { BuildOptions } from './options.js';

/** The latest phase that has ended by `today`, else the current one, else the first. */
export function defaultPhase(phases: readonly Phase[], today: string): Phase {
  const ended = phases.filter((p) => p.end.iso < today);
  return ended[ended.length - 1] ?? phases.find((p) => p.start.iso <= today && today <= p.end.iso) ?? phases[0]!;
}

/** What a build makes, settled before any data is read. */
interface ReportPlan {
  readonly campaign: Campaign;
  readonly formats: readonly ReportFormat[];
  readonly localeName: string;
  readonly loc: ReportLocale;
  /** Compiled templates (HTML also for PDF). */
  readonly renderers: { readonly html?: (model: object) => string; readonly md?: (model: object) => string };
  readonly phases: readonly Phase[];
  readonly outDir: string;
  /** `--annex`, else the campaign file's `report.annex`, else full. */
  readonly annex: AnnexMode;
}

/** `campaign-report build`: phase-end reports in Markdown, HTML and PDF. */
export async function runBuild(flags: BuildOptions): Promise<number> {
  const opts = resolveBuildOptions(flags);
  // PDF asked for: the browser starts at once (with --format, even before the campaign file is
  // read), so its start-up overlaps reading the data; a launch failure surfaces at the first
  // PDF, after Markdown and HTML are written. Closed however this function ends.
  await using early = opts.formats?.includes('pdf') ? await startPdf() : undefined;
  const campaign = await openCampaign(opts.campaign);
  // The reading threads load their code while the templates compile (closed by the run, or here on an error before it).
  await using readers = startReaders(campaign, 'replays');
  const plan = planReports(campaign, opts);
  // One run per output folder (exit 7 when another holds it); released however this function ends.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- held, not used: released when the function returns
  await using _lock = await lockOutputDir(plan.outDir, opts.quiet);
  await using late = early === undefined && plan.formats.includes('pdf') ? await startPdf() : undefined;
  const pdf = early ?? late;
  const collector = new ReportCollector(campaign);
  const tally = new PhaseTally(campaign.phases);
  const collectors: Collectors = {
    onRecord: collector.add,
    onPartial: (doc, index) => {
      collector.addPartial(doc, index);
      tally.addPartial(doc.setAside, doc.unplacedRejected);
    },
    onReserve: collector.reserve,
    onUpcomingCases: collector.expect,
    onRejected: tally.rejected,
    onSetAside: tally.setAside,
  };
  // With workers, the main thread only replays: the report's collector makes it the busiest
  // (1M rows on 2 threads: 5.2 → 4.2 s wall, medians of 6 alternated runs; README: One read path).
  const run = await runCampaign(campaign, opts, collectors, (read) => publishReports(plan, collector, tally, read, pdf), { mainReads: false, readers });
  return exitCodeOf(run, opts.strict);
}

async function startPdf(): Promise<PdfRenderer> {
  return (await import('../render/pdf.js')).PdfRenderer.start();
}

function planReports(campaign: Campaign, opts: ResolvedBuildOptions): ReportPlan {
  // The campaign file's formats pass the same check as --format's (an empty list is an error).
  const formats = opts.formats ?? parseFormatList(campaign.formats.join(','), REPORT_FORMATS);
  const localeName = opts.locale ?? campaign.locale;
  const templateDir = opts.template ?? campaign.templates;
  const loc = loadLocale(localeName, templateDir);
  const vocab = templateVocabulary(campaign);
  // Compile templates before reading data: a template error should not wait for a big read.
  const renderers = {
    html: formats.some((f) => f !== 'md') ? compileTemplates(loadTemplateSet('html', templateDir), 'html', loc, vocab) : undefined,
    md: formats.includes('md') ? compileTemplates(loadTemplateSet('md', templateDir), 'md', loc, vocab) : undefined,
  };
  const annex = opts.annex ?? campaign.report?.annex ?? 'full';
  return { campaign, formats, localeName, loc, renderers, phases: selectPhases(campaign, opts), outDir: opts.out, annex };
}

function selectPhases(campaign: Campaign, opts: ResolvedBuildOptions): readonly Phase[] {
  if (opts.allPhases) return campaign.phases;
  if (opts.phase !== undefined) return [requirePhase(campaign, opts.phase)];
  const today = (sourceDateEpoch() ?? new Date()).toISOString().slice(0, 10);
  return [defaultPhase(campaign.phases, today)];
}

/**
 * Renders every phase's report in every format and publishes them together
 * after the last is written; on an error, none is. A browser that cannot make
 * a PDF leaves Markdown and HTML published and no PDF of the run.
 */
async function publishReports(plan: ReportPlan, collector: ReportCollector, tally: PhaseTally, read: CampaignRead, pdf: PdfRenderer | undefined): Promise<Outputs> {
  const generatedAt = sourceDateEpoch();
  const good = dimensionLabels(plan.campaign, plan.localeName as 'en' | 'vi' | 'ko', ['subtype'])[0]!;
  await using publication = await Publication.begin(plan.outDir);
  const pdfs = pdf ? new PdfSet(pdf, publication) : undefined;
  const written: string[] = [];
  for (const phase of plan.phases) {
    // countries by their names in the report's language (the model sorts them by code)
    const model = inDisplayOrder(buildReportModel({
      campaign: plan.campaign,
      phase,
      collector,
      buckets: read.result.buckets,
      sources: annexSourcesOf(read.result),
      rejectedByReason: read.rejectedByReason,
      conversions: read.result.conversions,
      unknownWords: read.result.unknownWords,
      generatedAt: generatedAt?.toISOString() ?? null,
      lang: plan.localeName,
      localizeName: (name) => localizePhaseName(name, plan.loc),
      annex: plan.annex,
      tally,
    }), plan.loc);
    const { localeName, loc } = plan;
    const summary = executiveSummary(model, loc, good);
    const base = path.join(plan.outDir, `${safeName(plan.campaign.id)}-${safeName(phase.id)}${localeName === 'en' ? '' : `.${safeName(localeName)}`}`);
    const charts = await renderReportCharts(model, loc, chartNames(plan));
    const html = plan.renderers.html?.({ ...model, executiveSummary: summary, charts, chartRows: chartRows(charts), lang: loc.locale });
    // The browser prints while this thread renders and writes the Markdown and the HTML.
    const pdfFile = `${base}.pdf`;
    // Dated by SOURCE_DATE_EPOCH, else by the report's issue date (never the wall clock): the same inputs give the same bytes.
    const printing = html !== undefined && pdfs ? pdfs.write(pdfFile, html, pdfOptions(plan, model, generatedAt ?? new Date(`${model.report.issued}T00:00:00Z`)), phase !== plan.phases.at(-1)) : undefined;
    printing?.catch(() => {}); // awaited below, also when writing the Markdown or the HTML fails first
    try {
      // The charts, the Markdown and the HTML staged together (their writes overlap), in that order.
      const files = plan.renderers.md ? markdownFiles(base, plan.renderers.md, { ...model, executiveSummary: summary }, charts) : [];
      if (html !== undefined && plan.formats.includes('html')) files.push([`${base}.html`, html]);
      await publication.writeAll(files);
      if (plan.renderers.md) written.push(`${base}.md`);
      if (html !== undefined && plan.formats.includes('html')) written.push(`${base}.html`);
    } catch (err) {
      await printing?.catch(() => {});
      throw err;
    }
    if (printing && (await printing)) written.push(pdfFile);
  }
  await pdf?.close();
  await publication.commit();
  return { written: pdfs?.failure ? written.filter((f) => !pdfs.files.includes(f)) : written, ...(pdfs?.failure ? { failure: pdfs.failure } : {}) };
}

function pdfOptions(plan: ReportPlan, model: ReportModel, date: Date): PdfOptions {
  const { loc } = plan;
  return { header: plan.campaign.classification ?? plan.campaign.name, page: loc.labels.page ?? 'Page', of: loc.labels.of ?? 'of', date, info: pdfInfoOf(model, loc) };
}

/** Goods by their names in the report's language (the vocabulary with the campaign's additions). */
function chartNames(plan: ReportPlan): ChartNames {
  const goods = goodsVocabulary(plan.campaign.vocabulary);
  return { good: (id) => goods.good(id)?.labels[plan.loc.locale as LabelLanguage] };
}

/** The Markdown report and, before it, its charts as SVG files it links to: the files to stage, in order. */
function markdownFiles(base: string, render: (model: object) => string, model: ReportModel & { executiveSummary: string[] }, charts: readonly RenderedChart[]): [string, string][] {
  const chartDir = `${path.basename(base)}-charts`;
  const links = charts.map((c) => ({ ...c, href: `${chartDir}/${c.name}.svg` }));
  return [...charts.map((c): [string, string] => [path.join(path.dirname(base), chartDir, `${c.name}.svg`), c.svg]), [`${base}.md`, render({ ...model, charts: links })]];
}

/**
 * The run's PDFs: all or none are published. Once the browser is missing or
 * crashes, the PDFs staged so far are discarded (those of earlier phases would
 * stand beside the previous run's of later ones) and no more are made.
 */
class PdfSet {
  readonly files: string[] = [];
  failure: CampaignReportError | undefined;

  constructor(
    private readonly pdf: PdfRenderer,
    private readonly publication: Publication,
  ) {}

  /** Renders and stages one PDF (`more`: another follows); false when it was not (this or an earlier one failed). */
  async write(file: string, html: string, options: PdfOptions, more: boolean): Promise<boolean> {
    if (this.failure) return false;
    try {
      await this.publication.write(file, await this.pdf.render(html, options, more));
      this.files.push(file);
      return true;
    } catch (err) {
      if (!(err instanceof CampaignReportError)) throw err;
      if (err.code === 'BROWSER_NOT_FOUND') this.failure = err;
      else if (err.code === 'BROWSER_CRASHED') {
        this.failure = new CampaignReportError('BROWSER_CRASHED', `cannot write ${file}: ${err.message}; no PDF of this run is published`, { hint: err.hint, cause: err });
      } else throw err;
      for (const f of this.files) await this.publication.discard(f);
      return false;
    }
  }
}

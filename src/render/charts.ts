import type { Config, TopLevelSpec } from 'vega-lite';
import { CampaignReportError } from '../errors.js';
import { drawBarChart, isSimpleBarChart } from './bar-chart.js';
import { barLayout, DEFAULT_HEIGHT, DEFAULT_WIDTH, FONT, INK, LABEL_FONT_SIZE, MARK, MUTED, TITLE_FONT_SIZE, VALUE_LABEL_SIZE, type ChartDatum, type ChartSpec } from './chart-model.js';
import { labelsFit, numberShape, textWidth, wrapText } from './text-metrics.js';

export { textWidth, wrapText } from './text-metrics.js';

export type { ChartDatum, ChartSpec } from './chart-model.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
interface ChartLibs {
  vega: Vega;
  compile: VegaLite['compile'];
}

// Series must stay apart on a greyscale printout: bars differ by shade (adjacent
// series far apart in lightness, all outlined in black), lines by shade, dash and
// point shape together.
const BAR_SHADES = ['#262626', '#a6a6a6', '#595959', '#e0e0e0', '#7f7f7f', '#ffffff'];
const LINE_SHADES = ['#000000', '#555555', '#333333', '#777777', '#1a1a1a', '#666666'];
const LINE_DASHES = [[1, 0], [7, 3], [2, 2], [9, 3, 2, 3], [4, 4], [12, 2, 2, 2, 2, 2]];
const POINT_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross'];

let libsPromise: Promise<ChartLibs> | undefined;

/**
 * Loads vega and vega-lite on first use only (so `--help` never pays for them) and
 * swaps vega's text measurement for a deterministic one.
 */
function loadChartLibs(): Promise<ChartLibs> {
  libsPromise ??= (async () => {
    const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
    useFontTableTextMetrics(vega);
    return { vega, compile: vl.compile };
  })().catch((cause: unknown) => {
    libsPromise = undefined;
    throw new CampaignReportError('INTERNAL', 'could not load the charting library (vega, vega-lite)', {
      cause,
      hint: 'reinstall campaign-report: its dependencies are incomplete',
    });
  });
  return libsPromise;
}

/**
 * Renders charts, loading the charting library once: each a standalone `<svg>`
 * string, greyscale, white background, no scripts, no external references,
 * same input → same bytes.
 */
export async function renderCharts(specs: readonly ChartSpec[]): Promise<string[]> {
  // the simple bar charts (one series, no negative value: every chart of the report) are drawn
  // directly; Vega-Lite and Vega load only for the others (~250 ms to load, 13–60 ms a chart)
  const libs = specs.every(isSimpleBarChart) ? undefined : await loadChartLibs();
  const out: string[] = [];
  for (const spec of specs) {
    checkSpec(spec);
    out.push(libs && !isSimpleBarChart(spec) ? await renderWith(libs, spec) : drawBarChart(spec));
  }
  return out;
}

async function renderWith(libs: ChartLibs, spec: ChartSpec): Promise<string> {
  checkSpec(spec);
  const { vega } = libs;
  const problems: string[] = [];
  const logger = collectingLogger(problems);
  let view: InstanceType<Vega['View']> | undefined;
  try {
    const vgSpec = libs.compile(buildVegaLiteSpec(spec), { logger }).spec;
    if (spec.kind === 'line') useLineLegendGlyphs(vgSpec);
    view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logger });
    // Clip and gradient ids come from module-level counters; reset them so the
    // bytes do not depend on how many charts were drawn before.
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    // the dataflow reports its errors to the logger instead of rejecting
    if (problems.length > 0) throw new Error(problems.join('; '));
    return describeSvg(svg, spec.description ?? spec.title);
  } catch (cause) {
    throw new CampaignReportError('INTERNAL', `chart "${spec.title}" could not be rendered`, { cause });
  } finally {
    view?.finalize();
  }
}

/**
 * The SVG as one image for screen readers, described in the report's language:
 * vega's ARIA roles and descriptions (English, generated) are taken out, the
 * root gets `role="img"`, an `aria-label` and a `<title>`.
 */
export function describeSvg(svg: string, description: string | undefined): string {
  const bare = svg.replace(/ (?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '');
  if (description === undefined) return bare;
  const text = escapeXml(description);
  return bare
    .replace(/^<svg ([^>]*)>/, `<svg $1 role="img" aria-label="${text}"><title>${text}</title>`);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Charts are drawn from aggregates, so a bad number here is a bug upstream, not bad data. */
function checkSpec(spec: ChartSpec): void {
  for (const d of spec.data) {
    if (!Number.isFinite(d.value)) {
      throw new CampaignReportError('INTERNAL', `chart "${spec.title}": value of "${d.label}" is ${String(d.value)}, expected a finite number`);
    }
  }
  for (const [name, v] of [['width', spec.width], ['height', spec.height]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 80)) {
      throw new CampaignReportError('INTERNAL', `chart "${spec.title}": ${name} is ${String(v)}, expected a number of px >= 80`);
    }
  }
}

function collectingLogger(errors: string[]): import('vega').LoggerInterface {
  let level = 1;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    // Warnings are about our generated spec, not the data; errors abort the chart.
    error(...args: unknown[]) {
      errors.push(args.map(String).join(' '));
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

type LayerSpec = Extract<TopLevelSpec, { layer: unknown }>;
type UnitLayer = Extract<LayerSpec['layer'][number], { mark: unknown }>;
type Encoding = NonNullable<UnitLayer['encoding']>;
type ChartBody = Pick<LayerSpec, 'encoding' | 'layer'>;

/** The vega-lite spec `renderCharts` draws; exported for tests and for trying a chart in the Vega editor. */
export function buildVegaLiteSpec(spec: ChartSpec): TopLevelSpec {
  const width = spec.width ?? DEFAULT_WIDTH;
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    autosize: { type: 'fit', contains: 'padding' },
    title: { text: wrapText(spec.title, width - 16, TITLE_FONT_SIZE, true) },
    config: { ...chartConfig(spec.locale), aria: false },
  } satisfies Partial<LayerSpec>;
  if (spec.data.length === 0) {
    return {
      ...base,
      height: Math.min(spec.height ?? 90, 90),
      data: { values: [{}] },
      mark: { type: 'text', text: '—', fontSize: 20, color: INK },
    };
  }
  const rows = spec.data.map((d) => ({ label: d.label, value: d.value, series: d.series ?? '', muted: d.muted === true }));
  const hasSeries = spec.data.some((d) => d.series !== undefined);
  const labels = [...new Set(rows.map((r) => r.label))];
  if (spec.kind === 'line') {
    return { ...base, height: spec.height ?? DEFAULT_HEIGHT, data: { values: rows }, ...lineBody(spec, labels, width, hasSeries) };
  }
  const layout = barLayout(spec);
  const values = layout.labels.map((label, i) => ({ ...rows[i]!, label }));
  return { ...base, height: layout.height, data: { values }, ...barBody(spec, [...new Set(layout.labels)], width, layout.horizontal, hasSeries) };
}

function chartConfig(locale: ChartSpec['locale']): Config {
  return {
    background: '#ffffff',
    // no generated English ("X-axis titled … for a discrete scale"): the chart's description speaks instead
    aria: false,
    font: FONT,
    padding: 8,
    view: { stroke: null },
    title: { fontSize: TITLE_FONT_SIZE, fontWeight: 'bold', color: INK, anchor: 'start', offset: 12, aria: false },
    axis: {
      labelFontSize: LABEL_FONT_SIZE,
      labelColor: INK,
      titleFontSize: LABEL_FONT_SIZE,
      titleFontWeight: 'bold',
      titleColor: INK,
      titlePadding: 8,
      domainColor: MARK,
      tickColor: MARK,
      gridColor: '#d9d9d9',
    },
    legend: { labelFontSize: LABEL_FONT_SIZE, labelColor: INK, orient: 'top', direction: 'horizontal', title: null, symbolStrokeWidth: 1.5 },
    locale: { number: { decimal: locale.decimal, thousands: locale.group, grouping: [3], currency: ['', ''] } },
  };
}

// d3-format ',' = grouped, up to 12 significant digits, no trailing zeros: 1234.5 → "1,234.5".
const VALUE_FORMAT = ',';

function barBody(spec: ChartSpec, labels: string[], width: number, horizontal: boolean, hasSeries: boolean): ChartBody {
  const category: Encoding['x'] = {
    field: 'label',
    type: 'nominal',
    sort: null,
    title: spec.xTitle,
    axis: horizontal
      ? { ticks: false, labelLimit: Math.round(width * 0.4), maxExtent: Math.round(width * 0.4) + 4, ...(labels.some((l) => l.includes('\n')) ? { labelExpr: "split(datum.label, '\\n')" } : {}) }
      : { ticks: false, labelAngle: labelsFit(labels, width) ? 0 : -40, labelLimit: 160 },
  };
  const value: Encoding['x'] = {
    field: 'value',
    type: 'quantitative',
    title: spec.yTitle,
    scale: valueLabelRoom(spec.data, horizontal),
    // wide grouped numbers ("12.500.000") need more room than vega's 40 px per tick
    axis: horizontal ? { tickCount: { expr: 'ceil(width / 90)' } } : {},
  };
  const offset: Encoding['xOffset'] = { field: 'series', type: 'nominal', sort: null };
  const offsets: Encoding = !hasSeries ? {} : horizontal ? { yOffset: offset } : { xOffset: offset };
  const neg = 'datum.value < 0';
  // constants when no value is negative (counts, quantities): every expression is code vega compiles per chart
  const anyNeg = spec.data.some((d) => d.value < 0);
  const valueLabel = horizontal
    ? anyNeg
      ? { align: { expr: `${neg} ? 'right' : 'left'` }, dx: { expr: `${neg} ? -3 : 3` }, baseline: 'middle' as const }
      : { align: 'left' as const, dx: 3, baseline: 'middle' as const }
    : anyNeg
      ? { baseline: { expr: `${neg} ? 'top' : 'bottom'` }, dy: { expr: `${neg} ? 3 : -3` } }
      : { baseline: 'bottom' as const, dy: -3 };
  return {
    encoding: horizontal ? { y: category, x: value } : { x: category, y: value },
    layer: [
      {
        mark: { type: 'bar', fill: MARK, stroke: INK, strokeWidth: hasSeries || spec.data.some((d) => d.muted) ? 0.75 : 0 },
        encoding: hasSeries
          ? { fill: { field: 'series', type: 'nominal', sort: null, scale: { range: BAR_SHADES } }, ...offsets }
          : spec.data.some((d) => d.muted)
            ? { fill: { condition: { test: 'datum.muted', value: MUTED }, value: MARK } }
            : {},
      },
      ...(spec.data.some((d) => d.value < 0)
        ? [{ mark: { type: 'rule' as const, color: INK, strokeWidth: 1 }, encoding: horizontal ? { x: { datum: 0 } } : { y: { datum: 0 } } }]
        : []),
      {
        mark: { type: 'text', fontSize: VALUE_LABEL_SIZE, color: INK, ...valueLabel },
        encoding: { text: { field: 'value', type: 'quantitative', format: VALUE_FORMAT }, ...offsets },
      },
    ],
  };
}

function lineBody(spec: ChartSpec, labels: string[], width: number, hasSeries: boolean): ChartBody {
  const bySeries = <R>(range: R[]) => ({ field: 'series', type: 'nominal', sort: null, scale: { range } }) as const;
  return {
    encoding: {
      x: {
        field: 'label',
        type: 'ordinal',
        sort: null,
        title: spec.xTitle,
        scale: { padding: 0.5 },
        axis: { labelAngle: labelsFit(labels, width) ? 0 : -40, labelOverlap: 'parity', labelLimit: 160 },
      },
      y: { field: 'value', type: 'quantitative', title: spec.yTitle, scale: valueLabelRoom(spec.data, false) },
    },
    layer: [
      {
        mark: { type: 'line', stroke: MARK, strokeWidth: 2 },
        encoding: hasSeries
          ? { stroke: { ...bySeries(LINE_SHADES), legend: lineLegend() }, strokeDash: bySeries(LINE_DASHES) }
          : {},
      },
      {
        mark: { type: 'point', filled: true, fill: MARK, size: 45, opacity: 1 },
        encoding: hasSeries
          ? { fill: bySeries(LINE_SHADES), shape: bySeries(POINT_SHAPES) }
          : {},
      },
      // every point's value above it, as on the bar charts (one series: several would collide)
      ...(hasSeries
        ? []
        : [{ mark: { type: 'text' as const, fontSize: VALUE_LABEL_SIZE, color: INK, baseline: 'bottom' as const, dy: -6 }, encoding: { text: { field: 'value', type: 'quantitative' as const, format: VALUE_FORMAT } } }]),
    ],
  };
}

/**
 * Widens the value domain so the value printed past each bar end stays inside the
 * plot. vega's autosize "fit" lays out once and would let the longest bar's label
 * run off the SVG; here the domain is solved against the final plot size signal.
 */
function valueLabelRoom(data: readonly ChartDatum[], horizontal: boolean) {
  const values = data.map((d) => d.value);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  if (max === min) return {};
  // one line of text vertically; the widest formatted number horizontally (',' and
  // '.' share a width in the table, so the locale does not matter here)
  const room = (v: number) => (horizontal ? textWidth(numberShape(v), VALUE_LABEL_SIZE, false) + 8 : VALUE_LABEL_SIZE + 6);
  const pos = max > 0 ? Math.max(...values.filter((v) => v > 0).map(room)) : 0;
  const neg = min < 0 ? Math.max(...values.filter((v) => v < 0).map(room)) : 0;
  const size = horizontal ? 'width' : 'height';
  // px per unit once the labels have their room; never below a tenth of the plot
  const k = `max(${size} * 0.1, ${size} - ${pos.toFixed(1)} - ${neg.toFixed(1)}) / ${max - min}`;
  return {
    domainMax: { expr: `${max} + ${pos.toFixed(1)} / (${k})` },
    ...(min < 0 ? { domainMin: { expr: `${min} - ${neg.toFixed(1)} / (${k})` } } : {}),
  };
}

// The legend glyph of a line series: a dashed stroke through its point shape, in the
// unit square vega scales custom symbols by. The shape order follows POINT_SHAPES.
const LEGEND_GLYPHS = [
  'M0.3,0A0.3,0.3,0,1,1,-0.3,0A0.3,0.3,0,1,1,0.3,0Z',
  'M-0.26,-0.26H0.26V0.26H-0.26Z',
  'M0,-0.34L0.32,0.24H-0.32Z',
  'M0,-0.36L0.36,0L0,0.36L-0.36,0Z',
  'M0,0.34L0.32,-0.24H-0.32Z',
  'M-0.34,-0.11H-0.11V-0.34H0.11V-0.11H0.34V0.11H0.11V0.34H-0.11V0.11H-0.34Z',
].map((marker) => `M-1,0H1${marker}`);

function lineLegend() {
  return { symbolType: 'stroke', symbolSize: 600, symbolStrokeWidth: 2 } as const;
}

/**
 * vega-lite draws a line series' legend entry as its point shape only and will not let
 * a custom encoding override that, so the compiled legend is given the dash-plus-shape
 * glyph here. A legend entry's index is its series' index in the unsorted domain, as
 * in the scales.
 */
function useLineLegendGlyphs(vg: import('vega').Spec): void {
  const pick = (list: readonly string[]) => ({ signal: `${JSON.stringify(list)}[datum.index % ${list.length}]` });
  for (const legend of vg.legends ?? []) {
    if (legend.strokeDash === undefined) continue;
    delete legend.shape;
    delete legend.fill;
    const symbols = legend.encode?.symbols;
    legend.encode = {
      ...legend.encode,
      symbols: { ...symbols, update: { ...symbols?.update, shape: pick(LEGEND_GLYPHS), fill: pick(LINE_SHADES) } },
    };
  }
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

function useFontTableTextMetrics(vega: Vega): void {
  // textMetrics is exported at runtime (vega-scenegraph) but missing from the typings;
  // vega documents a user-defined width function as supported (vl-convert does this).
  const metrics = (vega as unknown as { textMetrics?: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  if (!metrics) return;
  metrics.width = (item, text) => {
    const size = item.fontSize ?? 11;
    const weight = item.fontWeight;
    const w = textWidth(text == null ? '' : String(text).trim(), size, weight === 'bold' || (typeof weight === 'number' && weight >= 600));
    // vega truncates to `limit` by bisecting with this function; report at most the limit
    // so layout uses the truncated width (and vega does not recurse into us).
    return item.limit !== undefined && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
}

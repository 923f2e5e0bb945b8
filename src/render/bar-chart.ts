/**
 * A bar chart of one series with no negative value (every chart of the report)
 * drawn as SVG directly: the look of the Vega-Lite charts (charts.ts) — title,
 * axis titles, grid, value labels past each bar, a muted bar lighter and
 * outlined — without loading Vega-Lite and Vega (~250 ms) or running their
 * compile, parse and dataflow (13–60 ms a chart). Greyscale, white background,
 * no scripts or ids, same input → same bytes.
 */
import { barLayout, FONT, GRID, INK, LABEL_FONT_SIZE, MARK, MUTED, TITLE_FONT_SIZE, VALUE_LABEL_SIZE, type ChartSpec } from './chart-model.js';
import { labelsFit, numberShape, textWidth } from './text-metrics.js';

const PAD = 8;
const TITLE_LINE = 18;
/** Below the title, above the plot. */
const TITLE_OFFSET = 12;
/** Axis title: font size (on its side, its height), gap to the labels. */
const AXIS_TITLE_GAP = 8;
const TICK = 5;
const LABEL_PAD = 2;
/** Where text sits against its anchor point, as a share of its size (vega's baselines). */
const MIDDLE = 0.3;
const TOP = 0.79;
/** Band scale paddings (Vega-Lite's bar defaults): a gap of a tenth of a step between bars, a twentieth at the ends. */
const INNER = 0.1;
const OUTER = 0.05;
/** Longest category label below a vertical bar chart, px. */
const VERTICAL_LABEL_LIMIT = 160;
const LABEL_ANGLE = 40;

/** Whether `drawBarChart` draws this spec (else Vega-Lite does): bars, one series, no value below zero. */
export function isSimpleBarChart(spec: ChartSpec): boolean {
  return spec.kind === 'bar' && spec.data.every((d) => d.series === undefined && d.value >= 0);
}

interface Frame {
  width: number;
  height: number;
  titleLines: readonly string[];
  /** The plot's top, px. */
  top: number;
}

/** The chart as a standalone `<svg>` string, described for screen readers by `spec.description` (else its title). */
export function drawBarChart(spec: ChartSpec): string {
  const layout = barLayout(spec);
  if (spec.data.length === 0) return drawEmpty(spec, layout.width, layout.titleLines);
  const top = PAD + TITLE_FONT_SIZE + TITLE_LINE * (layout.titleLines.length - 1) + TITLE_OFFSET;
  const frame: Frame = { width: layout.width, height: layout.height, titleLines: layout.titleLines, top };
  const body = layout.horizontal ? horizontalBars(spec, layout.labels, frame) : verticalBars(spec, layout.labels, frame);
  return svgDocument(spec, frame, body);
}

function drawEmpty(spec: ChartSpec, width: number, titleLines: readonly string[]): string {
  const top = PAD + TITLE_FONT_SIZE + TITLE_LINE * (titleLines.length - 1) + TITLE_OFFSET;
  const height = Math.min(spec.height ?? 90, 90) + top - 34;
  const frame = { width, height: Math.max(height, top + 30), titleLines, top };
  const y = (frame.top + frame.height - PAD) / 2 + 20 * MIDDLE;
  return svgDocument(spec, frame, text(width / 2, y, '—', { size: 20, anchor: 'middle' }));
}

function svgDocument(spec: ChartSpec, f: Frame, body: string): string {
  const label = escapeXml(spec.description ?? spec.title);
  const title = f.titleLines.map((line, i) => text(PAD, PAD + TITLE_FONT_SIZE * TOP + TITLE_LINE * i, line, { size: TITLE_FONT_SIZE, bold: true })).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${label}"><title>${label}</title>` +
    `<rect width="${f.width}" height="${f.height}" fill="#ffffff"/>` +
    `<g font-family="${FONT}" fill="${INK}">${title}${body}</g></svg>`
  );
}

/** Bars along the value axis (x), categories down the left with their names, a long one on up to three lines. */
function horizontalBars(spec: ChartSpec, labels: readonly string[], f: Frame): string {
  const limit = Math.round(f.width * 0.4);
  const lines = labels.map((l) => l.split('\n').map((line) => truncate(line, LABEL_FONT_SIZE, limit)));
  const labelWidth = Math.max(...lines.flat().map((l) => textWidth(l, LABEL_FONT_SIZE, false)));
  const left = PAD + LABEL_FONT_SIZE + AXIS_TITLE_GAP + labelWidth + LABEL_PAD + 2;
  const plotW = f.width - left - PAD;
  // below the plot: ticks, their labels, the axis title
  const plotH = f.height - f.top - 45;
  const room = (v: number) => textWidth(numberShape(v), VALUE_LABEL_SIZE, false) + 8;
  // about one tick per 90 px, fewer when their labels would run into each other (35,000,000 on a narrow chart)
  let count = Math.ceil(plotW / 90);
  let scale = valueScale(spec, plotW, room, count);
  while (count > 1 && !tickLabelsApart(scale, plotW)) scale = valueScale(spec, plotW, room, --count);
  const band = bands(spec.data.length, plotH);
  const out: string[] = [];
  for (const t of scale.ticks) {
    const x = px(scale.at(t) + 0.5);
    out.push(line(x, 0, x, plotH, GRID), line(x, plotH, x, plotH + TICK, MARK));
    const label = scale.tickText(t);
    const y = plotH + TICK + LABEL_PAD + LABEL_FONT_SIZE * TOP;
    const [from, to] = tickLabelSpan(scale, t, plotW);
    out.push(t === 0 ? text(0, y, label) : text((from + to) / 2, y, label, { anchor: 'middle' }));
  }
  out.push(line(0, plotH + 0.5, plotW, plotH + 0.5, MARK), line(0.5, 0, 0.5, plotH, MARK));
  out.push(text(plotW / 2, plotH + 35, spec.yTitle, { bold: true, anchor: 'middle' }));
  out.push(sideways(-(LABEL_PAD + labelWidth + AXIS_TITLE_GAP + 2), plotH / 2, spec.xTitle));
  out.push(barMarks(spec, (i, v) => [0, band.start(i), scale.at(v), band.width]));
  spec.data.forEach((d, i) => {
    const centre = band.start(i) + band.width / 2;
    const ls = lines[i]!;
    ls.forEach((l, j) => out.push(text(-LABEL_PAD, centre + (j - (ls.length - 1) / 2) * 13 + LABEL_FONT_SIZE * MIDDLE, l, { anchor: 'end' })));
    out.push(text(scale.at(d.value) + 3, centre + VALUE_LABEL_SIZE * MIDDLE, scale.valueText(d.value), { size: VALUE_LABEL_SIZE }));
  });
  return `<g transform="translate(${px(left)},${f.top})">${out.join('')}</g>`;
}

/** Bars up the value axis (y), categories along the bottom, their names slanted when they do not fit side by side. */
function verticalBars(spec: ChartSpec, labels: readonly string[], f: Frame): string {
  const names = labels.map((l) => truncate(l, LABEL_FONT_SIZE, VERTICAL_LABEL_LIMIT));
  const slanted = !labelsFit(labels, f.width);
  const widest = Math.max(...names.map((l) => textWidth(l, LABEL_FONT_SIZE, false)));
  const rad = (LABEL_ANGLE * Math.PI) / 180;
  const labelExtent = LABEL_PAD + (slanted ? widest * Math.sin(rad) + LABEL_FONT_SIZE * Math.cos(rad) : LABEL_FONT_SIZE + 2);
  const plotH = f.height - f.top - (labelExtent + AXIS_TITLE_GAP + LABEL_FONT_SIZE + 3 + PAD);
  // the value axis's labels decide the left margin: a first guess of the scale gives them
  const guess = valueScale(spec, 100, () => VALUE_LABEL_SIZE + 6, Math.ceil(plotH / 40));
  const tickWidth = Math.max(...guess.ticks.map((t) => textWidth(guess.tickText(t), LABEL_FONT_SIZE, false)));
  const left = PAD + LABEL_FONT_SIZE + AXIS_TITLE_GAP + tickWidth + TICK + LABEL_PAD + 2;
  const plotW = f.width - left - PAD;
  const scale = valueScale(spec, plotH, () => VALUE_LABEL_SIZE + 6, Math.ceil(plotH / 40));
  const band = bands(spec.data.length, plotW);
  const out: string[] = [];
  for (const t of scale.ticks) {
    const y = px(plotH - scale.at(t) + 0.5);
    out.push(line(0, y, plotW, y, GRID), line(-TICK, y, 0, y, MARK));
    out.push(text(-(TICK + LABEL_PAD), plotH - scale.at(t) + LABEL_FONT_SIZE * MIDDLE, scale.tickText(t), { anchor: 'end' }));
  }
  out.push(line(0.5, 0, 0.5, plotH, MARK), line(0, plotH + 0.5, plotW, plotH + 0.5, MARK));
  out.push(sideways(-(tickWidth + TICK + LABEL_PAD + AXIS_TITLE_GAP + 2), plotH / 2, spec.yTitle));
  out.push(text(plotW / 2, plotH + labelExtent + AXIS_TITLE_GAP + LABEL_FONT_SIZE * TOP, spec.xTitle, { bold: true, anchor: 'middle' }));
  out.push(barMarks(spec, (i, v) => [band.start(i), plotH - scale.at(v), band.width, scale.at(v)]));
  spec.data.forEach((d, i) => {
    const centre = band.start(i) + band.width / 2;
    const y = plotH + LABEL_PAD + (slanted ? LABEL_FONT_SIZE * MIDDLE : LABEL_FONT_SIZE * TOP);
    out.push(slanted ? text(0, 0, names[i]!, { anchor: 'end', transform: `translate(${px(centre)},${px(y)}) rotate(-${LABEL_ANGLE})` }) : text(centre, y, names[i]!, { anchor: 'middle' }));
    out.push(text(centre, plotH - scale.at(d.value) - 3 - VALUE_LABEL_SIZE * 0.21, scale.valueText(d.value), { size: VALUE_LABEL_SIZE, anchor: 'middle' }));
  });
  return `<g transform="translate(${px(left)},${f.top})">${out.join('')}</g>`;
}

/** The bars, in data order: `box(i, value)` gives x, y, width, height. A muted bar is lighter and every bar is outlined then. */
function barMarks(spec: ChartSpec, box: (i: number, value: number) => [number, number, number, number]): string {
  const outlined = spec.data.some((d) => d.muted);
  const stroke = outlined ? ` stroke="${INK}" stroke-width="0.75"` : '';
  return spec.data
    .map((d, i) => {
      const [x, y, w, h] = box(i, d.value);
      return `<rect x="${px(x)}" y="${px(y)}" width="${px(w)}" height="${px(h)}" fill="${d.muted ? MUTED : MARK}"${stroke}/>`;
    })
    .join('');
}

/** A band scale over `size` px for `n` bars (Vega-Lite's bar paddings). */
function bands(n: number, size: number): { start: (i: number) => number; width: number } {
  const step = size / (n - INNER + 2 * OUTER);
  return { start: (i) => step * OUTER + i * step, width: step * (1 - INNER) };
}

/**
 * Where the x-axis label of tick `t` runs (px from the axis's zero): the first
 * starts at its tick, the others are centred on theirs, one that would run off
 * the right edge is moved in.
 */
function tickLabelSpan(scale: ValueScale, t: number, plotW: number): [number, number] {
  const w = textWidth(scale.tickText(t), LABEL_FONT_SIZE, false);
  if (t === 0) return [0, w];
  const centre = Math.min(scale.at(t), plotW + PAD - 1 - w / 2);
  return [centre - w / 2, centre + w / 2];
}

/** Whether each x-axis label ends at least 6 px before the next begins. */
function tickLabelsApart(scale: ValueScale, plotW: number): boolean {
  const spans = scale.ticks.map((t) => tickLabelSpan(scale, t, plotW));
  return spans.every((s, i) => i === 0 || spans[i - 1]![1] + 6 <= s[0]);
}

interface ValueScale {
  /** px from the axis's zero. */
  at(v: number): number;
  ticks: number[];
  tickText(v: number): string;
  valueText(v: number): string;
}

/**
 * The value axis from 0, widened so the figure printed past the longest bar stays
 * inside the plot (`room(v)` px for value v), never leaving the bars less than a
 * tenth of it; ticks at round numbers, about `count` of them.
 */
function valueScale(spec: ChartSpec, size: number, room: (v: number) => number, count: number): ValueScale {
  const max = Math.max(0, ...spec.data.map((d) => d.value));
  let domainMax = 1;
  if (max > 0) {
    const pos = Math.max(...spec.data.filter((d) => d.value > 0).map((d) => room(d.value)));
    domainMax = max + pos / (Math.max(size * 0.1, size - pos) / max);
  }
  const ticks = niceTicks(domainMax, count);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : domainMax;
  // At most 20 decimals (toFixed's and Intl's limit): a smaller step only comes of a denormal quantity.
  const decimals = Math.min(20, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return {
    at: (v) => (v / domainMax) * size,
    ticks,
    tickText: (v) => formatNumber(Number(v.toFixed(decimals)), spec.locale, decimals),
    valueText: (v) => formatNumber(v, spec.locale),
  };
}

/** d3's ticks(0, stop, count): multiples of 1, 2 or 5 × 10^k. */
export function niceTicks(stop: number, count: number): number[] {
  const step = stop / Math.max(1, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  const out: number[] = [];
  // An end so small (a denormal quantity such as 5e-324) that its step underflows: one tick, at 0.
  if (!(step > 0) || !Number.isFinite(10 ** -power)) return [0];
  if (power < 0) {
    const inv = 10 ** -power / factor;
    for (let i = 0; i / inv <= stop * (1 + 1e-12); i++) out.push(i / inv);
  } else {
    const inc = 10 ** power * factor;
    for (let i = 0; i * inc <= stop * (1 + 1e-12); i++) out.push(i * inc);
  }
  return out;
}

/**
 * As d3-format ',' prints a figure (grouped, at most 12 significant digits, no trailing
 * zeros, U+2212 for minus), in the report's separators; `decimals` fixes the decimals (axis ticks).
 */
export function formatNumber(v: number, locale: ChartSpec['locale'], decimals?: number): string {
  const abs = Math.abs(v);
  const s = decimals === undefined ? String(Number(abs.toPrecision(12))) : abs.toFixed(decimals);
  if (s.includes('e')) return `${v < 0 ? '\u2212' : ''}${s}`;
  const [int = '', frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, locale.group);
  return `${v < 0 && abs > 0 ? '\u2212' : ''}${grouped}${frac === undefined ? '' : `${locale.decimal}${frac}`}`;
}

/** A label cut to `limit` px with an ellipsis, as vega cuts one. */
function truncate(label: string, size: number, limit: number): string {
  if (textWidth(label, size, false) <= limit) return label;
  const chars = [...label];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, size, false) > limit) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

function px(n: number): number {
  return Math.round(n * 100) / 100;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string): string {
  return `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" stroke="${stroke}"/>`;
}

interface TextOptions {
  size?: number;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  transform?: string;
}

function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const at = o.transform ? ` transform="${o.transform}"` : ` x="${px(x)}" y="${px(y)}"`;
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  const weight = o.bold ? ' font-weight="bold"' : '';
  return `<text${at}${anchor} font-size="${o.size ?? LABEL_FONT_SIZE}"${weight}>${escapeXml(content)}</text>`;
}

/** An axis title on its side (read bottom to top), its baseline at x. */
function sideways(x: number, y: number, content: string): string {
  return text(0, 0, content, { bold: true, anchor: 'middle', transform: `translate(${px(x)},${px(y)}) rotate(-90)` });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * What a chart is (the spec callers fill in), the report's chart look (font,
 * greys, sizes), and how a bar chart is laid out: shared by the direct SVG
 * drawer (bar-chart.ts) and the Vega-Lite path (charts.ts).
 */
import { LABEL_FONT_SIZE, wrapLabel, wrapText } from './text-metrics.js';

/** One bar or one line point. `series` groups bars / splits lines, with a legend. */
export interface ChartDatum {
  label: string;
  value: number;
  series?: string;
  /** Drawn lighter (a bar), e.g. a week the phase covers only in part; the label should say why. */
  muted?: boolean;
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  /** Already localized by the caller. */
  title: string;
  /**
   * Axis titles, with units ("Cases per week"). `xTitle` always titles the category
   * (label) axis and `yTitle` the value axis, also when a bar chart is drawn horizontally.
   */
  xTitle: string;
  yTitle: string;
  /** Drawn in the given order: sort before passing. One datum per (label, series). */
  data: readonly ChartDatum[];
  /** decimal and group separators for axis labels: en '.' ',' ; vi ',' '.' */
  locale: { decimal: string; group: string };
  /**
   * Size of the whole SVG in px, title, axes and legend included. Default 640 x 280;
   * a horizontal bar chart without an explicit height grows to keep its bars legible.
   */
  width?: number;
  height?: number;
  /**
   * The chart's text for screen readers, in the report's language: it replaces
   * vega's own descriptions, which are English ("X-axis titled … for a discrete scale").
   */
  description?: string;
}

export const FONT = 'Noto Sans, DejaVu Sans, sans-serif';
export const INK = '#000000';
export const MARK = '#333333';
/** A muted bar: far lighter than MARK, outlined, so it stays apart on a greyscale printout. */
export const MUTED = '#c8c8c8';
export const GRID = '#d9d9d9';
export const DEFAULT_WIDTH = 640;
export const DEFAULT_HEIGHT = 280;
/** Labels longer than this, or more bars than MAX_VERTICAL_BARS, turn a bar chart on its side. */
export const MAX_VERTICAL_LABEL = 12;
export const MAX_VERTICAL_BARS = 8;
export { LABEL_FONT_SIZE };
export const TITLE_FONT_SIZE = 14;
export const VALUE_LABEL_SIZE = 10;

/** A bar chart's layout decisions: orientation, size, title lines, and its bars' labels (wrapped on their side). */
export interface BarLayout {
  width: number;
  height: number;
  titleLines: string[];
  horizontal: boolean;
  /** Category labels, a long one on up to three lines (joined by newlines) when the chart is on its side. */
  labels: string[];
}

/**
 * On its side for long labels or many bars: a long name on two or three lines
 * rather than cut, and as tall as its bars need (a few bars make a short chart).
 */
export function barLayout(spec: ChartSpec): BarLayout {
  const width = spec.width ?? DEFAULT_WIDTH;
  const titleLines = wrapText(spec.title, width - 16, TITLE_FONT_SIZE, true);
  const labels = spec.data.map((d) => d.label);
  const distinct = [...new Set(labels)];
  const horizontal = distinct.some((l) => [...l].length > MAX_VERTICAL_LABEL) || spec.data.length > MAX_VERTICAL_BARS;
  if (!horizontal) return { width, height: spec.height ?? DEFAULT_HEIGHT, titleLines, horizontal, labels };
  const limit = Math.round(width * 0.4);
  const wrapped = labels.map((l) => wrapLabel(l, limit));
  const lines = Math.max(...wrapped.map((l) => l.split('\n').length));
  const perBar = lines > 1 ? 12 + 12 * lines : spec.data.length <= MAX_VERTICAL_BARS ? 28 : 20;
  const height = spec.height ?? Math.max(130, 72 + 18 * (titleLines.length - 1) + spec.data.length * perBar);
  return { width, height, titleLines, horizontal, labels: wrapped };
}

import { describe, expect, it } from 'vitest';
import { drawBarChart, formatNumber, isSimpleBarChart, niceTicks } from '../../src/render/bar-chart.js';
import type { ChartSpec } from '../../src/render/chart-model.js';
import { LABEL_FONT_SIZE, textWidth } from '../../src/render/text-metrics.js';

const EN = { decimal: '.', group: ',' };
const VI = { decimal: ',', group: '.' };

function bars(pairs: Array<[string, number, boolean?]>, extra: Partial<ChartSpec> = {}): ChartSpec {
  return {
    kind: 'bar',
    title: 'Cases by route',
    xTitle: 'Route',
    yTitle: 'Cases',
    locale: EN,
    data: pairs.map(([label, value, muted]) => ({ label, value, ...(muted ? { muted } : {}) })),
    ...extra,
  };
}

const rects = (svg: string) =>
  [...svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"( stroke="#000000" stroke-width="0.75")?\/>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    w: Number(m[3]),
    h: Number(m[4]),
    fill: m[5],
    outlined: m[6] !== undefined,
  }));

/** The x (or y) of a text element with this content, in its group's coordinates. */
const textAt = (svg: string, content: string) => {
  const m = new RegExp(`<text x="([\\d.-]+)" y="([\\d.-]+)"[^>]*>${content.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</text>`).exec(svg);
  return m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
};

describe('isSimpleBarChart', () => {
  it('bars of one series and no negative value are drawn directly; lines, series and negatives go through Vega-Lite', () => {
    expect(isSimpleBarChart(bars([['Air', 3], ['Sea', 0]]))).toBe(true);
    expect(isSimpleBarChart(bars([]))).toBe(true);
    expect(isSimpleBarChart(bars([['Air', 3], ['Sea', -1]]))).toBe(false);
    expect(isSimpleBarChart({ ...bars([['Air', 3]]), kind: 'line' })).toBe(false);
    expect(isSimpleBarChart({ ...bars([]), data: [{ label: 'Air', value: 1, series: 'P1' }] })).toBe(false);
  });
});

describe('drawBarChart', () => {
  it('bar lengths follow the values, in order, and the longest leaves room for its figure', () => {
    const svg = drawBarChart(bars([['Air', 96], ['Sea', 48], ['Land', 24]]));
    const r = rects(svg);
    expect(r).toHaveLength(3);
    // vertical (short labels, few bars): heights proportional, bars left to right
    expect(r[0]!.h / r[1]!.h).toBeCloseTo(2, 1);
    expect(r[1]!.h / r[2]!.h).toBeCloseTo(2, 1);
    expect(r[0]!.x).toBeLessThan(r[1]!.x);
    expect(r[1]!.x).toBeLessThan(r[2]!.x);
    // the figure above the tallest bar, inside the SVG
    const label = textAt(svg, '96')!;
    expect(label.y).toBeLessThan(r[0]!.y);
    expect(label.y).toBeGreaterThan(0);
    for (const name of ['Air', 'Sea', 'Land', '48', '24']) expect(svg).toContain(`>${name}</text>`);
  });

  it('on its side for long names or many bars: bars as long as their values, figures past their ends, within the width', () => {
    const svg = drawBarChart(bars([['Methamphetamine', 8641.642], ['Cannabis herb', 2645.125]], { width: 300 }));
    expect(svg).toMatch(/^<svg [^>]*width="300" height="130" viewBox="0 0 300 130"/);
    const [a, b] = rects(svg);
    expect(a!.x).toBe(0);
    expect(a!.w / b!.w).toBeCloseTo(8641.642 / 2645.125, 1);
    expect(a!.y).toBeLessThan(b!.y);
    const figure = textAt(svg, '8,641.642')!;
    expect(figure.x).toBeCloseTo(a!.w + 3, 1);
    const left = Number(/<g transform="translate\(([\d.]+),/.exec(svg)![1]);
    // the figure ends inside the chart
    expect(left + figure.x + 9 * 6).toBeLessThanOrEqual(300);
    // the names end at the axis, right-aligned
    expect(svg).toMatch(/<text x="-2" y="[\d.]+" text-anchor="end" font-size="11">Methamphetamine<\/text>/);
  });

  it('a long name on up to three lines, each its own text, centred on its bar', () => {
    const long = 'Phase 3 — Follow-up and controlled deliveries';
    const svg = drawBarChart(bars([[long, 5], ['Phase 1', 3]], { width: 300 }));
    const lines = [...svg.matchAll(/<text x="-2" y="([\d.]+)" text-anchor="end" font-size="11">([^<]+)<\/text>/g)].map((m) => ({ y: Number(m[1]), text: m[2] }));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const own = lines.filter((l) => long.includes(l.text!));
    expect(own.map((l) => l.text).join(' ')).toBe(long);
    expect(own[1]!.y - own[0]!.y).toBe(13);
    const bar = rects(svg)[0]!;
    const middle = (own[0]!.y + own[own.length - 1]!.y) / 2 - 11 * 0.3;
    expect(Math.abs(middle - (bar.y + bar.h / 2))).toBeLessThan(0.5);
  });

  it('a muted bar (a week covered in part) is lighter, and every bar is outlined so it shows in greyscale', () => {
    const svg = drawBarChart(bars([['29 Apr – 5 May (5 of 7 days)', 77, true], ['6 May – 12 May', 129]]));
    const [muted, full] = rects(svg);
    expect(muted!.fill).toBe('#c8c8c8');
    expect(full!.fill).toBe('#333333');
    expect(muted!.outlined && full!.outlined).toBe(true);
    expect(svg).toContain('>29 Apr – 5 May (5 of 7 days)</text>');
    const plain = rects(drawBarChart(bars([['a', 1], ['b', 2]])));
    expect(plain.every((r) => !r.outlined && r.fill === '#333333')).toBe(true);
  });

  it('greyscale only, inert, described for screen readers in the given words, same bytes every time', () => {
    const spec = bars([['<b>&', 3]], { description: 'Số vụ theo tuyến. Đường bộ: 3.', title: 'A & B' });
    const svg = drawBarChart(spec);
    expect(svg).toMatch(/^<svg [^>]* role="img" aria-label="Số vụ theo tuyến. Đường bộ: 3."><title>Số vụ theo tuyến. Đường bộ: 3.<\/title>/);
    expect(svg).toContain('>&lt;b&gt;&amp;</text>');
    expect(svg).toContain('>A &amp; B</text>');
    expect(svg).not.toMatch(/<script|href=|url\(|\sid="/);
    for (const [, c] of svg.matchAll(/(?:fill|stroke)="#([0-9a-f]{6})"/g)) expect(c!.slice(0, 2).repeat(3)).toBe(c);
    expect(drawBarChart(spec)).toBe(svg);
  });

  it('axis ticks at round numbers in the report separators', () => {
    const svg = drawBarChart(bars([['Cigarettes', 109388606], ['kretek cigarettes', 6673360]], { locale: VI, width: 300 }));
    expect(svg).toContain('>109.388.606</text>');
    expect(svg).toContain('>6.673.360</text>');
    expect(svg).toMatch(/>100\.000\.000<\/text>/);
  });
});

describe('niceTicks and formatNumber', () => {
  it('ticks from zero at 1, 2 or 5 × a power of ten, up to the end', () => {
    expect(niceTicks(679.3, 3)).toEqual([0, 200, 400, 600]);
    expect(niceTicks(1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(160, 4)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(2.5, 5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0.03, 3)).toEqual([0, 0.01, 0.02, 0.03]);
  });

  it('an end so small its step underflows (a denormal quantity) has one tick, at 0, and a chart of it draws', () => {
    expect(niceTicks(5e-324, 5)).toEqual([0]);
    expect(niceTicks(1e-320, 5)).toEqual([0]);
    expect(drawBarChart(bars([['a', 5e-324]]))).toContain('<svg');
  });

  it('grouped, at most 12 significant digits, no trailing zeros; fixed decimals for ticks', () => {
    expect(formatNumber(1234.5, EN)).toBe('1,234.5');
    expect(formatNumber(1234.5, VI)).toBe('1.234,5');
    expect(formatNumber(12500, VI)).toBe('12.500');
    expect(formatNumber(0.1 + 0.2, EN)).toBe('0.3');
    expect(formatNumber(999, EN)).toBe('999');
    expect(formatNumber(1.5, EN, 1)).toBe('1.5');
    expect(formatNumber(2, VI, 1)).toBe('2,0');
    expect(formatNumber(-3, EN)).toBe('\u22123');
  });
});

describe('the value axis\'s labels', () => {
  /** The labels under the value axis of a chart on its side (the numbers on the lowest line), with where each runs. */
  const axisLabels = (svg: string) => {
    const texts = [...svg.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"([^>]*)>([\d.,]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), middle: m[3]!.includes('text-anchor="middle"'), label: m[4]! }));
    const bottom = Math.max(...texts.map((t) => t.y));
    return texts
      .filter((t) => t.y === bottom)
      .map((t) => {
        const w = textWidth(t.label, LABEL_FONT_SIZE, false);
        return { label: t.label, from: t.middle ? t.x - w / 2 : t.x, to: t.middle ? t.x + w / 2 : t.x + w };
      });
  };

  it.for([300, 360, 480])('never run into each other, however long the figures (width %i px)', (width) => {
    for (const locale of [EN, VI]) {
      const svg = drawBarChart(bars([['Methamphetamine', 35332505], ['MDMA (ecstasy)', 3140892], ['Erimin 5', 3322]], { width, locale }));
      const labels = axisLabels(svg);
      expect(labels.length, svg).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < labels.length; i++) expect(labels[i]!.from - labels[i - 1]!.to, `${labels[i - 1]!.label} | ${labels[i]!.label}`).toBeGreaterThanOrEqual(6);
    }
  });

  it('keep about one tick per 90 px when the figures are short', () => {
    expect(axisLabels(drawBarChart(bars([['Methamphetamine', 350], ['Cannabis herb', 31]], { width: 480 }))).map((l) => l.label)).toEqual(['0', '100', '200', '300']);
  });
});

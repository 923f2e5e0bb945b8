import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CampaignReportError } from '../../src/errors.js';
import { buildVegaLiteSpec, renderCharts, type ChartDatum, type ChartSpec } from '../../src/render/charts.js';

const EN = { decimal: '.', group: ',' };
const VI = { decimal: ',', group: '.' };
const HOSTILE = '<script>alert(1)</script> & "x"';

function bars(pairs: Array<[string, number]>, extra: Partial<ChartSpec> = {}): ChartSpec {
  return {
    kind: 'bar',
    title: 'Số vụ theo tuần',
    xTitle: 'Tuần',
    yTitle: 'Số vụ mỗi tuần',
    locale: EN,
    data: pairs.map(([label, value]) => ({ label, value })),
    ...extra,
  };
}

function weeklyLines(series: string[], weeks = 10): ChartSpec {
  const data: ChartDatum[] = series.flatMap((s, j) =>
    Array.from({ length: weeks }, (_, w) => ({ label: `W${w + 1}`, series: s, value: 500 + 100 * j + ((w * 37) % 11) * 40 })),
  );
  return { kind: 'line', title: 'Seizures per week', xTitle: 'ISO week', yTitle: 'Cases per week', locale: EN, data };
}

/** Tag balance and root checks: enough to catch a broken or truncated SVG. */
function expectWellFormedSvg(svg: string): void {
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  const root = /^<svg [^>]*>/.exec(svg)?.[0] ?? '';
  expect(root).toMatch(/ width="\d+(\.\d+)?"/);
  expect(root).toMatch(/ height="\d+(\.\d+)?"/);
  expect(root).toMatch(/ viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    const [, closing, name = '', selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  // no stray markup characters outside tags
  expect(svg.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/);
}

/** Nothing that could run or fetch when the SVG is inlined in the HTML report or the PDF. */
function expectInert(svg: string): void {
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/href=/i);
  expect(svg).not.toMatch(/url\(/i);
  expect(svg).not.toMatch(/@import/i);
  expect(svg).not.toMatch(/javascript:/i);
  expect(svg).not.toMatch(/\son[a-z]+=/i);
  expect(svg).not.toMatch(/<(foreignObject|image|use|style)\b/i);
}

function colours(svg: string): string[] {
  return [...new Set([...svg.matchAll(/(?:fill|stroke)="([^"]+)"/g)].map((m) => m[1] ?? ''))];
}

/** One chart, drawn the way the report draws its charts. */
async function renderChart(spec: ChartSpec): Promise<string> {
  const [svg] = await renderCharts([spec]);
  return svg!;
}

describe('renderCharts', () => {
  it('renders a bar chart as a standalone SVG with title, axis titles and value labels', async () => {
    const svg = await renderChart(bars([['W1', 12], ['W2', 1234.5], ['W3', 845]]));
    expectWellFormedSvg(svg);
    expectInert(svg);
    expect(svg).toMatch(/^<svg [^>]*width="640" height="280" viewBox="0 0 640 280"/);
    expect(svg).toContain('>Số vụ theo tuần</text>');
    expect(svg).toContain('>Tuần</text>');
    expect(svg).toContain('>Số vụ mỗi tuần</text>');
    expect(svg).toContain('>1,234.5</text>');
    expect(svg).toContain('>845</text>');
    expect(svg).toContain('font-family="Noto Sans, DejaVu Sans, sans-serif"');
    expect(svg).toMatch(/<rect width="640" height="280" fill="#ffffff"\/>/);
  });

  it('honours width and height', async () => {
    const svg = await renderChart(bars([['a', 1]], { width: 400, height: 200 }));
    expect(svg).toMatch(/^<svg [^>]*width="400" height="200" viewBox="0 0 400 200"/);
  });

  it('escapes hostile labels, titles and series names', async () => {
    const svgs = await renderCharts([
      bars([[HOSTILE, 300], ['{{x}}', 12]], { title: `${HOSTILE} {{title}}`, xTitle: '</text><script>', yTitle: '&amp;' }),
      { ...weeklyLines([HOSTILE, '{{s}}'], 3), title: HOSTILE },
    ]);
    for (const svg of svgs) {
      expectWellFormedSvg(svg);
      expectInert(svg);
      expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; ');
      expect(svg).not.toContain('<script');
    }
    const [bar = '', line = ''] = svgs;
    expect(bar).toContain('>{{x}}</text>');
    expect(bar).toContain('{{title}}');
    expect(bar).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(bar).toContain('>&amp;amp;</text>');
    expect(line).toContain('>{{s}}</text>');
  });

  it('is deterministic: same input, same bytes, whatever was drawn before', async () => {
    const spec = weeklyLines(['Phase 1', 'Phase 2', 'Previous year']);
    const a = await renderChart(spec);
    await renderCharts([bars([['x', 1]]), weeklyLines(['a', 'b'], 30), bars([['y', -2], ['z', 3]])]);
    const b = await renderChart(spec);
    const [c] = await renderCharts([spec]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a).not.toMatch(/\sid="/);
  });

  it('formats numbers with the Vietnamese separators', async () => {
    const spec = bars([['T1', 1234.5], ['T2', 980], ['T3', 12500]], { locale: VI });
    const svg = await renderChart(spec);
    expect(svg).toContain('>1.234,5</text>');
    expect(svg).toContain('>12.500</text>');
    // value-axis ticks too
    expect(svg).toMatch(/>\d{1,3}(\.\d{3})+<\/text>/);
    expect(svg).not.toContain('1,234.5');
    const en = await renderChart({ ...spec, locale: EN });
    expect(en).toContain('>1,234.5</text>');
    expect(en).toContain('>12,500</text>');
  });

  it('draws a small SVG with the title and a dash for empty data', async () => {
    const svg = await renderChart(bars([], { title: 'Không có dữ liệu' }));
    expectWellFormedSvg(svg);
    expectInert(svg);
    expect(svg).toContain('>Không có dữ liệu</text>');
    expect(svg).toContain('>—</text>');
    const height = Number(/^<svg [^>]*height="(\d+)"/.exec(svg)?.[1]);
    expect(height).toBeLessThanOrEqual(100);
    const line = await renderChart({ ...weeklyLines([]), data: [] });
    expect(line).toContain('>—</text>');
  });

  it('keeps series apart without colour: grey shades, dashes, point shapes and a legend', async () => {
    const svg = await renderChart(weeklyLines(['Phase 1', 'Phase 2', 'Previous year']));
    expectWellFormedSvg(svg);
    for (const c of colours(svg)) {
      if (c === 'none' || c === 'transparent') continue;
      const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
      expect(m, `colour ${c}`).not.toBeNull();
      expect(m?.[1]).toBe(m?.[2]);
      expect(m?.[2]).toBe(m?.[3]);
    }
    for (const name of ['Phase 1', 'Phase 2', 'Previous year']) expect(svg).toContain(`>${name}</text>`);
    const dashes = new Set([...svg.matchAll(/stroke-dasharray="([^"]+)"/g)].map((m) => m[1]));
    expect(dashes.size).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('>Seizures per week</text>');
    expect(svg).toContain('>ISO week</text>');
    expect(svg).toContain('>Cases per week</text>');
  });

  it('labels grouped bars and keeps them greyscale', async () => {
    const data: ChartDatum[] = ['Cigarettes', 'Ivory'].flatMap((label, i) =>
      ['Phase 1', 'Phase 2'].map((series, j) => ({ label, series, value: 100 * (i + 1) + 7 * j })),
    );
    const svg = await renderChart({ ...bars([]), data });
    expectWellFormedSvg(svg);
    for (const v of ['100', '107', '200', '207', 'Phase 1', 'Phase 2']) expect(svg).toContain(`>${v}</text>`);
    for (const c of colours(svg)) expect(c).toMatch(/^(#([0-9a-f]{2})\2\2|none|transparent)$/i);
  });

  it('rejects a value that is not a finite number', async () => {
    await expect(renderChart(bars([['a', Number.NaN]]))).rejects.toBeInstanceOf(CampaignReportError);
    await expect(renderChart(bars([['a', 1]], { width: 0 }))).rejects.toThrow(/width/);
  });
});

describe('buildVegaLiteSpec', () => {
  const orientation = (spec: ChartSpec) => {
    const built = buildVegaLiteSpec(spec) as { encoding?: { y?: { field?: string } } };
    return built.encoding?.y?.field === 'label' ? 'horizontal' : 'vertical';
  };

  it('turns bar charts on their side for long labels or more than 8 bars', () => {
    expect(orientation(bars([['Cigarettes', 1], ['Ivory', 2]]))).toBe('vertical');
    expect(orientation(bars([['Hai Phong → Hamburg', 1]]))).toBe('horizontal');
    const eight = Array.from({ length: 8 }, (_, i): [string, number] => [`W${i}`, i]);
    expect(orientation(bars(eight))).toBe('vertical');
    expect(orientation(bars([...eight, ['W9', 9]]))).toBe('horizontal');
  });

  it('wraps a title too long for the width instead of letting it run off', () => {
    const title = 'Số vụ thu giữ ngà voi, vảy tê tê và gỗ quý theo tuyến đường vận chuyển trong giai đoạn ba của chiến dịch';
    const built = buildVegaLiteSpec(bars([['a', 1]], { title })) as { title?: { text?: string[] } };
    expect(built.title?.text?.length).toBeGreaterThan(1);
    expect(built.title?.text?.join(' ')).toBe(title);
  });
});

it('imports vega only lazily, so --help never loads it', () => {
  const source = readFileSync(new URL('../../src/render/charts.ts', import.meta.url), 'utf8');
  expect(source).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+'vega(-lite)?'/m);
  expect(source).toMatch(/await import\('vega'\)|import\('vega'\)/);
});

/** The charts' accessible text is in the report's language: vega's generated English is removed, one description per chart. */
import { describe, expect, it } from 'vitest';
import { chartDescription } from '../../src/render/chart-specs.js';
import { describeSvg, renderCharts } from '../../src/render/charts.js';
import { loadLocale } from '../../src/render/locale.js';

const VI = loadLocale('vi');
const KO = loadLocale('ko');

describe('chartDescription', () => {
  it('says the title, then each label with its value, numbers in the locale', () => {
    expect(chartDescription('Số vụ theo tuyến', [{ label: 'Đường biển', value: 1234 }, { label: 'Hàng không', value: 5.5 }], VI)).toBe('Biểu đồ: Số vụ theo tuyến. Đường biển 1.234; Hàng không 5,5.');
    expect(chartDescription('경로별 사건 수', [{ label: '해상', value: 1234, series: '마약류' }], KO)).toBe('차트: 경로별 사건 수. 마약류, 해상 1,234.');
  });

  it('an empty chart says there is nothing', () => {
    expect(chartDescription('Số vụ theo tuần', [], VI)).toBe('Biểu đồ: Số vụ theo tuần. Không có.');
  });
});

describe('describeSvg', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10"><g aria-roledescription="axis" aria-label="X-axis titled \'a\'"><text>a</text></g></svg>';

  it('removes vega\'s role descriptions and labels, and labels the image with the description', () => {
    expect(describeSvg(svg, 'Biểu đồ: "a" < b & c')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" role="img" aria-label="Biểu đồ: &quot;a&quot; &lt; b &amp; c"><title>Biểu đồ: &quot;a&quot; &lt; b &amp; c</title><g><text>a</text></g></svg>',
    );
  });

  it('without a description, only removes', () => {
    expect(describeSvg(svg, undefined)).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="10"><g><text>a</text></g></svg>');
  });
});

it('a rendered chart has no English accessible text left, and its description', async () => {
  const [svg] = await renderCharts([{ kind: 'bar', title: 'Số vụ', xTitle: 'Tuyến', yTitle: 'Số vụ', data: [{ label: 'Đường biển', value: 3 }, { label: 'Hàng không', value: 2 }, { label: 'Bưu chính', value: 1 }], locale: { decimal: ',', group: '.' }, description: 'Biểu đồ: Số vụ.' }]);
  expect(svg).not.toMatch(/aria-roledescription|axis titled|discrete scale|Title text/i);
  expect(svg).toContain('role="img" aria-label="Biểu đồ: Số vụ."><title>Biểu đồ: Số vụ.</title>');
});

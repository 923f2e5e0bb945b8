import { describe, expect, it } from 'vitest';
import { labelPoint, loadTopology, numericOf, placeCountries } from '../../src/render/atlas.js';
import { drawableFlows, drawFlowMap, fitBox, fitMercator, flowMapLayout, placeLabels } from '../../src/render/flow-map.js';

const atlas = loadTopology('countries-110m');
const fallback = () => loadTopology('countries-50m');
const NAMES = { MM: 'Myanmar (Miến Điện)', TH: 'Thái Lan', VN: 'Việt Nam', SG: 'Singapore', CN: 'Trung Quốc', KR: 'Hàn Quốc' };
const input = (flows: { origin: string; destination: string; cases: number }[]) => ({ title: 'Luồng', note: 'Độ dày: số vụ', flows, names: NAMES, format: (n: number) => n.toLocaleString('vi-VN') });

describe('atlas', () => {
  it('maps alpha-2 codes to world-atlas ids (ISO 3166 numeric, zero-padded)', () => {
    expect(numericOf('VN')).toBe('704');
    expect(numericOf('BD')).toBe('050');
    expect(numericOf('AU')).toBe('036');
    expect(numericOf('XX')).toBeUndefined();
    expect(atlas.objects.countries!.geometries.some((g) => g.id === '704')).toBe(true);
  });

  it('places a country at its largest part; one too small for the 1:110m map from the 1:50m one, as a dot; an unknown code nowhere', () => {
    const places = placeCountries(['VN', 'SG', 'XX', 'MY'], atlas, fallback);
    expect(places.map((p) => [p.code, p.numeric, p.dot])).toEqual([['VN', '704', false], ['SG', '702', true], ['MY', '458', false]]);
    const sg = places[1]!;
    expect(sg.lon).toBeCloseTo(103.8, 0);
    expect(sg.lat).toBeCloseTo(1.35, 0);
    // Malaysia at its peninsula (the capital), not on Borneo (its largest part)
    expect(places[2]!.lon).toBeLessThan(105);
    // Vietnam's centroid is in Vietnam
    expect(places[0]!.lon).toBeGreaterThan(102);
    expect(places[0]!.lon).toBeLessThan(110);
  });

  it('a country across the antimeridian is placed where it is (Russia in Siberia, not in the Atlantic)', () => {
    const [lon, lat] = labelPoint(atlas, '643')!;
    expect(lon).toBeGreaterThan(60);
    expect(lon).toBeLessThan(140);
    expect(lat).toBeGreaterThan(50);
  });
});

describe('fitting', () => {
  it('a box holding every place with room around it, and never smaller than a region', () => {
    const box = fitBox([{ lon: 100, lat: 15 }, { lon: 106, lat: 16 }]);
    expect(box.west).toBeLessThan(100);
    expect(box.east).toBeGreaterThan(106);
    expect(box.east - box.west).toBeGreaterThanOrEqual(24);
    expect(box.north - box.south).toBeGreaterThanOrEqual(14);
  });

  it('goes round the Pacific when that is the shorter way', () => {
    const box = fitBox([{ lon: 140, lat: 35 }, { lon: -120, lat: 37 }]);
    expect(box.west).toBeLessThan(140);
    expect(box.east).toBeGreaterThan(240);
    expect(box.east - box.west).toBeLessThan(150);
  });

  it('every place projects inside the map, and the box fills its width or height', () => {
    const places = placeCountries(['MM', 'TH', 'VN', 'SG', 'CN', 'KR'], atlas, fallback);
    const box = fitBox(places);
    const fit = fitMercator(box, 600, 400);
    for (const p of places) {
      const [x, y] = fit.project(p.lon, p.lat);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(600);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(400);
    }
    const [x0, y0] = fit.project(box.west, box.north);
    const [x1, y1] = fit.project(box.east, box.south);
    expect(Math.min(Math.abs(x1 - x0 - 600), Math.abs(y1 - y0 - 400))).toBeLessThan(0.01);
  });
});

describe('flowMapLayout and drawFlowMap', () => {
  const flows = [
    { origin: 'MM', destination: 'TH', cases: 20 },
    { origin: 'CN', destination: 'VN', cases: 5 },
    { origin: 'SG', destination: 'VN', cases: 2 },
    { origin: '', destination: 'VN', cases: 50 },
    { origin: 'VN', destination: 'VN', cases: 9 },
  ];
  const places = placeCountries(['MM', 'TH', 'CN', 'VN', 'SG'], atlas, fallback);
  const layout = flowMapLayout(atlas, places, input(flows));
  const svg = drawFlowMap(layout, 'Bản đồ: Myanmar (Miến Điện) → Thái Lan: 20', 'flows-map');

  it('draws only flows with both ends known and different', () => {
    expect(drawableFlows(flows, new Map(places.map((p) => [p.code, p]))).map((f) => `${f.origin}>${f.destination}`)).toEqual(['MM>TH', 'CN>VN', 'SG>VN']);
    expect(layout.lines).toHaveLength(3);
    // each line and its arrowhead
    expect(svg.match(/ stroke="#1a1a1a" stroke-width="[\d.]+"\/>/g)).toHaveLength(3);
    expect(svg.match(/ rotate\(-?[\d.]+\)" d="M[\d.]+,0L-[\d.]+,-[\d.]+L-[\d.]+,[\d.]+Z" fill="#1a1a1a"\/>/g)).toHaveLength(3);
  });

  it('lines weighted by cases, each with its figure; countries named in the report language', () => {
    expect(layout.lines.map((l) => l.text)).toEqual(['20', '5', '2']);
    expect(layout.lines[0]!.width).toBeGreaterThan(layout.lines[1]!.width);
    expect(layout.lines[1]!.width).toBeGreaterThan(layout.lines[2]!.width);
    expect(layout.labels.map((l) => l.text)).toEqual(['20', '5', '2', 'Myanmar (Miến Điện)', 'Thái Lan', 'Trung Quốc', 'Việt Nam', 'Singapore']);
    // over a white halo, then in ink
    expect(svg.match(/>Thái Lan<\/text>/g)).toHaveLength(2);
    expect(svg).toContain('fill="#ffffff" stroke="#ffffff" stroke-width="3" stroke-linejoin="round">Thái Lan</text>');
    // Singapore is too small for the 1:110m outlines: a larger dot
    expect(layout.dots.filter((d) => d.dot)).toHaveLength(1);
  });

  it('carries only the outlines that can be seen, the countries involved shaded', () => {
    const ids = layout.countries.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['704', '764', '104', '156', '458']));
    expect(ids).not.toContain('840'); // the United States
    expect(ids).not.toContain('076'); // Brazil
    const shaded = layout.countries.filter((c) => c.shaded).map((c) => c.id);
    expect(shaded.sort()).toEqual(['104', '156', '704', '764']); // Malaysia: on the map, in no flow; Singapore: a dot
    expect(svg.match(/fill="#c9c9c9"/g)).toHaveLength(4);
    // outlines to a tenth of a px, and none breaks across the back of the globe (no jump of half the world)
    for (const c of layout.countries) {
      expect(c.d).not.toMatch(/\.\d\d/);
      const xs = [...c.d.matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1]));
      for (let i = 1; i < xs.length; i++) expect(Math.abs(xs[i]! - xs[i - 1]!)).toBeLessThan(layout.worldWidth / 2);
    }
  });

  it('labels overlap no other label when there is room', () => {
    const dots = [{ name: 'A', xy: [100, 100] as [number, number] }, { name: 'B', xy: [104, 102] as [number, number] }];
    const [a, b] = placeLabels(dots, [], 400, 300);
    expect(a!.y).toBe(90);
    expect(b!.y !== a!.y || Math.abs(b!.x - a!.x) > 20).toBe(true);
  });

  it('draws an inert SVG, described in the report language, titled, its clip id its own', () => {
    expect(svg).toMatch(/^<svg [^>]*width="640" height="\d+" viewBox="0 0 640 \d+" role="img" aria-label="Bản đồ: Myanmar \(Miến Điện\) → Thái Lan: 20"><title>Bản đồ/);
    expect(svg).toContain('font-weight="bold">Luồng</text>');
    expect(svg).toContain('>Độ dày: số vụ</text>');
    expect(svg).toContain('<clipPath id="flows-map-clip1">');
    expect(svg).toContain('clip-path="url(#flows-map-clip1)"');
    expect(svg).not.toMatch(/<script|href=|<image|<foreignObject/i);
    expect(drawFlowMap(flowMapLayout(atlas, places, input(flows)), 'Bản đồ: Myanmar (Miến Điện) → Thái Lan: 20', 'flows-map')).toBe(svg);
  });
});

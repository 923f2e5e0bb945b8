import { describe, expect, it } from 'vitest';
import { labelPoint, loadTopology, numericOf, placeCountries } from '../../src/render/atlas.js';
import { renderVegaSpec } from '../../src/render/charts.js';
import { buildFlowMapSpec, drawableFlows, fitBox, fitMercator, placeLabels } from '../../src/render/flow-map.js';

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

describe('buildFlowMapSpec', () => {
  const flows = [
    { origin: 'MM', destination: 'TH', cases: 20 },
    { origin: 'CN', destination: 'VN', cases: 5 },
    { origin: 'SG', destination: 'VN', cases: 2 },
    { origin: '', destination: 'VN', cases: 50 },
    { origin: 'VN', destination: 'VN', cases: 9 },
  ];
  const places = placeCountries(['MM', 'TH', 'CN', 'VN', 'SG'], atlas, fallback);
  const spec = buildFlowMapSpec(atlas, places, input(flows));
  const data = (name: string) => spec.data!.find((d) => d.name === name) as { values: Record<string, unknown>[] };

  it('draws only flows with both ends known and different', () => {
    expect(drawableFlows(flows, new Map(places.map((p) => [p.code, p]))).map((f) => `${f.origin}>${f.destination}`)).toEqual(['MM>TH', 'CN>VN', 'SG>VN']);
    expect(data('lines').values).toHaveLength(3);
  });

  it('lines weighted by cases, each with its figure; countries named in the report language', () => {
    const lines = data('lines').values as { width: number; text: string }[];
    expect(lines.map((l) => l.text)).toEqual(['20', '5', '2']);
    expect(lines[0]!.width).toBeGreaterThan(lines[1]!.width);
    expect(lines[1]!.width).toBeGreaterThan(lines[2]!.width);
    const labels = (data('labels').values as { text: string }[]).map((l) => l.text);
    expect(labels).toEqual(['20', '5', '2', 'Myanmar (Miến Điện)', 'Thái Lan', 'Trung Quốc', 'Việt Nam', 'Singapore']);
  });

  it('carries only the outlines that can be seen, the countries involved shaded', () => {
    const world = spec.data!.find((d) => d.name === 'world') as unknown as { values: { objects: { countries: { geometries: { id: string }[] } } } };
    const ids = world.values.objects.countries.geometries.map((g) => g.id);
    expect(ids).toEqual(expect.arrayContaining(['704', '764', '104', '156', '458']));
    expect(ids).not.toContain('840'); // the United States
    expect(ids).not.toContain('076'); // Brazil
    const shape = spec.marks!.find((m) => m.type === 'shape') as { encode: { update: { fill: { signal: string } } } };
    for (const id of ['704', '764', '104', '156']) expect(shape.encode.update.fill.signal).toContain(`"${id}"`);
    expect(shape.encode.update.fill.signal).not.toContain('"458"'); // Malaysia: on the map, in no flow
  });

  it('labels overlap no other label when there is room', () => {
    const dots = [{ name: 'A', xy: [100, 100] as [number, number] }, { name: 'B', xy: [104, 102] as [number, number] }];
    const [a, b] = placeLabels(dots, [], 400, 300);
    expect(a!.y).toBe(90);
    expect(b!.y !== a!.y || Math.abs(b!.x - a!.x) > 20).toBe(true);
  });

  it('renders to an inert SVG, described in the report language, its clip ids its own', async () => {
    const svg = await renderVegaSpec(spec, 'Luồng', 'Bản đồ: Myanmar (Miến Điện) → Thái Lan: 20', 'flows-map');
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="Bản đồ: Myanmar \(Miến Điện\) → Thái Lan: 20"><title>Bản đồ/);
    expect(svg).toContain('>Thái Lan</text>');
    expect(svg).not.toMatch(/aria-roledescription|graphics-|X-axis|scale with/);
    expect(svg).not.toMatch(/id="clip\d/);
    expect(svg).toContain('url(#flows-map-clip1)');
    expect(svg).not.toMatch(/<script|href=|<image|<foreignObject/i);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import labelPoints from '../data/geo/label-points.json' with { type: 'json' };

/**
 * Natural Earth country boundaries (the `world-atlas` package: TopoJSON, ids
 * ISO 3166 numeric), read only when a map is drawn. The 1:110m file draws the
 * map; a country too small to be in it (Singapore, Hong Kong, Macao …) is placed
 * by its outline in the 1:50m file, read only then.
 */
export interface Topology {
  type: 'Topology';
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: number[][][];
  objects: Record<string, { type: string; geometries: TopoGeometry[] }>;
}

interface TopoGeometry {
  type: string;
  id?: string;
  arcs?: number[][] | number[][][];
  properties?: Record<string, unknown>;
}

/** Where a country is drawn: its ISO numeric id, and the point its label and flow lines start from. */
export interface CountryPlace {
  code: string;
  numeric: string;
  lon: number;
  lat: number;
  /** Not an outline in the drawn (1:110m) map: drawn as a dot. */
  dot: boolean;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, Topology>();

/** A world-atlas file, parsed once per process. */
export function loadTopology(name: 'countries-110m' | 'countries-50m'): Topology {
  let t = loaded.get(name);
  if (!t) loaded.set(name, (t = JSON.parse(readFileSync(require.resolve(`world-atlas/${name}.json`), 'utf8')) as Topology));
  return t;
}

let numerics: Map<string, string> | undefined;

/** ISO 3166 numeric id (world-atlas's, zero-padded) of an alpha-2 code; undefined when ISO has none. */
export function numericOf(alpha2: string): string | undefined {
  // i18n-iso-countries' data file alone (its main entry loads every language)
  numerics ??= new Map((require('i18n-iso-countries/codes.json') as readonly (readonly string[])[]).map((r) => [r[0]!, r[2]!]));
  return numerics.get(alpha2);
}

/**
 * Where each country is drawn, from `atlas` (the 1:110m map) or, for a country
 * too small for it, from `fallback()` (the 1:50m map) as a dot; a code neither
 * knows is left out.
 */
export function placeCountries(codes: readonly string[], atlas: Topology, fallback: () => Topology): CountryPlace[] {
  const out: CountryPlace[] = [];
  for (const code of codes) {
    const numeric = numericOf(code);
    if (numeric === undefined) continue;
    let point = (labelPoints.points as Record<string, number[] | undefined>)[code] as [number, number] | undefined ?? labelPoint(atlas, numeric);
    let dot = false;
    if (!point) {
      point = labelPoint(fallback(), numeric);
      dot = true;
    }
    if (point) out.push({ code, numeric, lon: point[0], lat: point[1], dot });
  }
  return out;
}

/**
 * A country's label point: the area centroid (in degrees) of its largest
 * polygon's outer ring, so a country with islands or overseas parts is labelled
 * on its main land.
 */
export function labelPoint(topology: Topology, numeric: string): [number, number] | undefined {
  const geom = topology.objects.countries?.geometries.find((g) => g.id === numeric);
  if (!geom?.arcs) return undefined;
  const polygons = (geom.type === 'Polygon' ? [geom.arcs] : geom.arcs) as number[][][];
  let best: { area: number; x: number; y: number } | undefined;
  for (const polygon of polygons) {
    const ring = ringPoints(topology, polygon[0]!);
    const c = ringCentroid(ring);
    if (c && (!best || c.area > best.area)) best = c;
  }
  return best ? [((((best.x + 180) % 360) + 360) % 360) - 180, best.y] : undefined;
}

/** The points of a ring made of arcs (`~i` is arc i reversed), in degrees. */
function ringPoints(topology: Topology, arcIds: readonly number[]): [number, number][] {
  const points: [number, number][] = [];
  for (const id of arcIds) {
    const arc = decodeArc(topology, id < 0 ? ~id : id);
    if (id < 0) arc.reverse();
    // consecutive arcs share their joining point
    points.push(...(points.length > 0 ? arc.slice(1) : arc));
  }
  // a ring across the antimeridian (Russia, Fiji) jumps by 360°: keep it continuous
  for (let i = 1; i < points.length; i++) {
    const d = points[i]![0] - points[i - 1]![0];
    if (Math.abs(d) > 180) points[i]![0] -= 360 * Math.sign(d);
  }
  return points;
}

function decodeArc(topology: Topology, i: number): [number, number][] {
  const arc = topology.arcs[i] ?? [];
  const t = topology.transform;
  if (!t) return arc.map((p) => [p[0]!, p[1]!]);
  let x = 0;
  let y = 0;
  // quantized topologies store each point as a delta from the one before
  return arc.map((p) => {
    x += p[0]!;
    y += p[1]!;
    return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
  });
}

/** Shoelace area and centroid of a ring in the plane of its coordinates. */
function ringCentroid(ring: readonly [number, number][]): { area: number; x: number; y: number } | undefined {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[(i + 1) % ring.length]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return ring.length > 0 ? { area: 0, x: ring[0]![0], y: ring[0]![1] } : undefined;
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
}

/** A country's outline: its ISO numeric id and its rings (outer rings and holes, each continuous across the antimeridian), in degrees. */
export interface CountryOutline {
  id: string;
  rings: [number, number][][];
}

const outlines = new WeakMap<Topology, readonly CountryOutline[]>();

/** Every country of the topology as rings of points (degrees); decoded once per topology (every phase's map of `--all-phases` reads them). */
export function countryOutlines(topology: Topology): readonly CountryOutline[] {
  let o = outlines.get(topology);
  if (!o) outlines.set(topology, (o = decodeOutlines(topology)));
  return o;
}

function decodeOutlines(topology: Topology): CountryOutline[] {
  const countries = topology.objects.countries;
  if (!countries) return [];
  return countries.geometries.flatMap((g) => {
    if (!g.arcs || g.id === undefined) return [];
    const polygons = (g.type === 'Polygon' ? [g.arcs] : g.arcs) as number[][][];
    return [{ id: g.id, rings: polygons.flatMap((polygon) => polygon.map((ring) => ringPoints(topology, ring))) }];
  });
}

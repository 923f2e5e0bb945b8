import { countryOutlines, type CountryPlace, type Topology } from './atlas.js';
import { textWidth, wrapText } from './text-metrics.js';

/** One origin → destination flow to draw (alpha-2 codes), weighted by its cases. */
export interface MapFlow {
  origin: string;
  destination: string;
  cases: number;
}

export interface FlowMapInput {
  title: string;
  /** A line under the title saying how to read the map. */
  note: string;
  flows: readonly MapFlow[];
  /** Country names in the report's language, by alpha-2 code. */
  names: Readonly<Record<string, string>>;
  /** Formats a figure as the report does. */
  format: (n: number) => string;
  width?: number;
}

const FONT = 'Noto Sans, DejaVu Sans, sans-serif';
const INK = '#000000';
const LINE = '#1a1a1a';
const WIDTH = 640;
const LABEL_SIZE = 10;
/** Degrees kept around the countries a map shows, and the least span it shows (a flow between neighbours is not a street map). */
const MIN_PAD = 3;
const MIN_LON_SPAN = 24;
const MIN_LAT_SPAN = 14;

/** Flows that can be drawn: both ends known, placed, and different. */
export function drawableFlows(flows: readonly MapFlow[], places: ReadonlyMap<string, CountryPlace>): MapFlow[] {
  return flows.filter((f) => f.origin !== f.destination && places.has(f.origin) && places.has(f.destination) && f.cases > 0);
}

export interface GeoBox {
  west: number;
  east: number;
  south: number;
  north: number;
}

/** The box (degrees) the map is fitted to: every place, padded, never smaller than MIN_*_SPAN; east may pass 180 across the Pacific. */
export function fitBox(places: readonly { lon: number; lat: number }[]): GeoBox {
  const lons = places.map((p) => p.lon);
  const lats = places.map((p) => p.lat);
  let west = Math.min(...lons);
  let east = Math.max(...lons);
  // places on both sides of the Pacific: go round the other way when that is shorter
  const shifted = lons.map((l) => (l < 0 ? l + 360 : l));
  if (Math.max(...shifted) - Math.min(...shifted) < east - west) {
    west = Math.min(...shifted);
    east = Math.max(...shifted);
  }
  const grow = (lo: number, hi: number, min: number): [number, number] => {
    const pad = Math.max(MIN_PAD, (hi - lo) * 0.08);
    const extra = Math.max(0, min - (hi - lo) - 2 * pad) / 2;
    return [lo - pad - extra, hi + pad + extra];
  };
  [west, east] = grow(west, east, MIN_LON_SPAN);
  const [south, north] = grow(Math.min(...lats), Math.max(...lats), MIN_LAT_SPAN);
  return { west, east, south: Math.max(south, -80), north: Math.min(north, 82) };
}

const RAD = Math.PI / 180;
const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2));

/** A Mercator projection rotated to the box's centre and scaled to fit it in `width` × `height` px (as d3-geo's, so Vega draws the same). */
export interface Fit {
  rotate: number;
  scale: number;
  translate: [number, number];
  project(lon: number, lat: number): [number, number];
}

export function fitMercator(box: GeoBox, width: number, height: number): Fit {
  const centre = (box.west + box.east) / 2;
  const yTop = mercatorY(box.north);
  const yBottom = mercatorY(box.south);
  const scale = Math.min(width / ((box.east - box.west) * RAD), height / (yTop - yBottom));
  const translate: [number, number] = [width / 2, height / 2 + (scale * (yTop + yBottom)) / 2];
  const project = (lon: number, lat: number): [number, number] => {
    const l = ((((lon - centre + 180) % 360) + 360) % 360) - 180;
    return [translate[0] + scale * l * RAD, translate[1] - scale * mercatorY(lat)];
  };
  return { rotate: -centre, scale, translate, project };
}

/** The route map laid out: its size, title and note lines, the outlines that can be seen, the flows, dots and labels (px). */
export interface FlowMapLayout {
  width: number;
  height: number;
  /** The plot's top (below the title and note). */
  top: number;
  plotW: number;
  plotH: number;
  /** px of 360° of longitude at the map's scale. */
  worldWidth: number;
  titleLines: string[];
  noteLines: string[];
  /** Outlines as SVG path data relative to the plot, the countries a flow joins shaded. */
  countries: { id: string; shaded: boolean; d: string }[];
  lines: FlowLine[];
  dots: { x: number; y: number; dot: boolean }[];
  labels: Label[];
}

/**
 * The route map: Natural Earth outlines (world-atlas, 1:110m) in a Mercator
 * projection fitted to the countries the flows join, those countries shaded,
 * each flow a curved line from origin to destination ending in an arrowhead,
 * its width and its figure the flow's cases, every country named in the
 * report's language where its name overlaps no other. Greyscale.
 */
export function flowMapLayout(atlas: Topology, placeList: readonly CountryPlace[], input: FlowMapInput): FlowMapLayout {
  const places = new Map(placeList.map((p) => [p.code, p]));
  const flows = drawableFlows(input.flows, places);
  const used = placeList.filter((p) => flows.some((f) => f.origin === p.code || f.destination === p.code));
  const box = fitBox(used);
  const width = input.width ?? WIDTH;
  const plotW = width - 16;
  // the height the box needs at the plot's width, within reason
  const plotH = Math.round(Math.min(520, Math.max(280, (plotW * (mercatorY(box.north) - mercatorY(box.south))) / ((box.east - box.west) * RAD))));
  const fit = fitMercator(box, plotW, plotH);
  const titleLines = wrapText(input.title, plotW, 14, true);
  const noteLines = wrapText(input.note, plotW, LABEL_SIZE, false);
  const top = 12 + titleLines.length * 18 + noteLines.length * 13;
  const dots = used.map((p) => ({ code: p.code, name: input.names[p.code] ?? p.code, dot: p.dot, xy: fit.project(p.lon, p.lat) }));
  const lines = flowLines(flows, places, fit, input.format);
  const labels = placeLabels(dots, lines, plotW, plotH);
  const shown = new Set(used.map((p) => p.numeric));
  const countries = visibleOutlines(atlas, fit, plotW, plotH).map((c) => ({ id: c.id, shaded: shown.has(c.id), d: c.d }));
  return { width, height: top + plotH + 8, top, plotW, plotH, worldWidth: fit.scale * 2 * Math.PI, titleLines, noteLines, countries, lines, dots: dots.map((d) => ({ x: d.xy[0], y: d.xy[1], dot: d.dot })), labels };
}

/**
 * The countries that can be seen, as path data: a point of the outline on the map
 * (or just off its edge), or an outline around the whole map (a large country
 * the map is inside). The others would be drawn and clipped away.
 */
function visibleOutlines(atlas: Topology, fit: Fit, width: number, height: number): { id: string; d: string }[] {
  const out: { id: string; d: string }[] = [];
  for (const country of countryOutlines(atlas)) {
    // Projected point by point first, kept only when drawn: most of the world's outlines are not.
    if (!inView(country.rings, fit, width, height)) continue;
    const rings = country.rings.map((ring) => projectRing(ring, fit));
    out.push({ id: country.id, d: rings.map((r) => `M${r.map(([x, y]) => `${tenth(x)},${tenth(y)}`).join('L')}Z`).join('') });
  }
  return out;
}

/** Whether outlines are drawn (see visibleOutlines): a point within 10 % around the map, or around the whole map. */
function inView(rings: readonly (readonly [number, number][])[], fit: Fit, width: number, height: number): boolean {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    if (ring.length === 0) continue;
    const turn = turnOf(ring, fit);
    for (const [lon, lat] of ring) {
      const x = projectX(lon, turn, fit);
      const y = projectY(lat, fit);
      if (x > -width * 0.1 && x < width * 1.1 && y > -height * 0.1 && y < height * 1.1) return true;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x0 < 0 && x1 > width && y0 < 0 && y1 > height && x1 - x0 < width * 3;
}

/** A ring in px: the whole ring shifted by the turn that brings its first point nearest the map's centre, so it never breaks at the back of the globe. */
function projectRing(ring: readonly [number, number][], fit: Fit): [number, number][] {
  if (ring.length === 0) return [];
  const turn = turnOf(ring, fit);
  return ring.map(([lon, lat]) => [projectX(lon, turn, fit), projectY(lat, fit)]);
}

/** The shift, in whole turns of 360°, that brings a ring's first point nearest the map's centre (−rotate). */
function turnOf(ring: readonly [number, number][], fit: Fit): number {
  const first = ring[0]![0] + fit.rotate;
  return ((((first + 180) % 360) + 360) % 360) - 180 - first;
}

// The same operations in the same order as when the outlines were first drawn (lon − centre, the centre −rotate): the same bits.
const projectX = (lon: number, turn: number, fit: Fit) => fit.translate[0] + fit.scale * (lon - -fit.rotate + turn) * RAD;
const projectY = (lat: number, fit: Fit) => fit.translate[1] - fit.scale * mercatorY(Math.max(-85, Math.min(85, lat)));

const tenth = (n: number) => Math.round(n * 10) / 10;

/** The route map as a standalone SVG, described for screen readers by `description`; its clip path's id starts with `idPrefix`. */
export function drawFlowMap(m: FlowMapLayout, description: string, idPrefix: string): string {
  const label = escapeXml(description);
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const title = [
    ...m.titleLines.map((l, i) => `<text x="8" y="${r2(8 + 14 * 0.79 + 18 * i)}" font-size="14" font-weight="bold">${escapeXml(l)}</text>`),
    ...m.noteLines.map((l, i) => `<text x="8" y="${r2(8 + 18 * m.titleLines.length + LABEL_SIZE * 0.79 + 13 * i)}" font-size="${LABEL_SIZE}" fill="#333333">${escapeXml(l)}</text>`),
  ].join('');
  const clip = `${idPrefix}-clip1`;
  const countries = m.countries.map((c) => `<path d="${c.d}" fill="${c.shaded ? '#c9c9c9' : '#ececec'}"/>`).join('');
  const lines = m.lines.map((l) => `<path d="${l.path}" fill="none" stroke="${LINE}" stroke-width="${l.width}"/>`).join('');
  const heads = m.lines
    .map((l) => {
      // vega's triangle-right of this size (so the map looks as it did)
      const r = Math.sqrt(l.head) / 2;
      const x = tenth((r * Math.sqrt(3)) / 2);
      return `<path transform="translate(${l.ax},${l.ay}) rotate(${l.angle})" d="M${x},0L${-x},${-tenth(r)}L${-x},${tenth(r)}Z" fill="${LINE}"/>`;
    })
    .join('');
  const dots = m.dots.map((d) => `<circle cx="${r2(d.x)}" cy="${r2(d.y)}" r="${d.dot ? tenth(Math.sqrt(40) / 2) : 2}" fill="#ffffff" stroke="${INK}"/>`).join('');
  const text = (l: Label, halo: boolean) =>
    `<text x="${l.x}" y="${r2(l.y + LABEL_SIZE * 0.3)}"${l.align === 'left' ? '' : ` text-anchor="${l.align === 'right' ? 'end' : 'middle'}"`}${l.bold ? ' font-weight="bold"' : ''}${halo ? ' fill="#ffffff" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"' : ''}>${escapeXml(l.text)}</text>`;
  const labels = `<g font-size="${LABEL_SIZE}">${m.labels.map((l) => text(l, true)).join('')}${m.labels.map((l) => text(l, false)).join('')}</g>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${m.width}" height="${m.height}" viewBox="0 0 ${m.width} ${m.height}" role="img" aria-label="${label}"><title>${label}</title>` +
    `<defs><clipPath id="${clip}"><rect width="${m.plotW}" height="${m.plotH}"/></clipPath></defs>` +
    `<rect width="${m.width}" height="${m.height}" fill="#ffffff"/>` +
    `<g font-family="${FONT}" fill="${INK}">${title}<g transform="translate(8,${m.top})">` +
    `<rect width="${m.plotW}" height="${m.plotH}" fill="#ffffff" stroke="#8c8c8c" stroke-width="0.75"/>` +
    `<g clip-path="url(#${clip})" stroke="#8c8c8c" stroke-width="0.5" fill-rule="evenodd">${countries}</g>${lines}${heads}${dots}${labels}</g></g></svg>`
  );
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface FlowLine {
  path: string;
  width: number;
  head: number;
  ax: number;
  ay: number;
  angle: number;
  /** Where its figure goes (the curve's middle), and the figure. */
  mx: number;
  my: number;
  text: string;
}

/**
 * Each flow as a quadratic curve bent to the left of its direction (so A → B and
 * B → A stay apart), stopping where its arrowhead begins; width by the square
 * root of its cases, so the area of ink follows the figure.
 */
function flowLines(flows: readonly MapFlow[], places: ReadonlyMap<string, CountryPlace>, fit: Fit, format: (n: number) => string): FlowLine[] {
  const max = Math.max(1, ...flows.map((f) => f.cases));
  return flows.map((f) => {
    const o = places.get(f.origin)!;
    const d = places.get(f.destination)!;
    const [x1, y1] = fit.project(o.lon, o.lat);
    const [x2, y2] = fit.project(d.lon, d.lat);
    const cx = (x1 + x2) / 2 + (y2 - y1) * 0.2;
    const cy = (y1 + y2) / 2 - (x2 - x1) * 0.2;
    const tl = Math.max(1, Math.hypot(x2 - cx, y2 - cy));
    const [ux, uy] = [(x2 - cx) / tl, (y2 - cy) / tl];
    const width = 1 + 4 * Math.sqrt(f.cases / max);
    const head = 50 + 12 * width * width;
    // vega's triangle of size s is about sqrt(s) px long; its tip stops at the dot's edge
    const len = Math.sqrt(head) * 1.1;
    const tip = 4;
    const r = (n: number) => Math.round(n * 100) / 100;
    return {
      path: `M${r(x1)},${r(y1)}Q${r(cx)},${r(cy)},${r(x2 - ux * (tip + len * 0.8))},${r(y2 - uy * (tip + len * 0.8))}`,
      width: r(width),
      head: r(head),
      ax: r(x2 - ux * (tip + len / 2)),
      ay: r(y2 - uy * (tip + len / 2)),
      angle: r((Math.atan2(uy, ux) * 180) / Math.PI),
      mx: r(0.25 * x1 + 0.5 * cx + 0.25 * x2),
      my: r(0.25 * y1 + 0.5 * cy + 0.25 * y2),
      text: format(f.cases),
    };
  });
}

interface Label {
  x: number;
  y: number;
  text: string;
  align: 'left' | 'center' | 'right';
  bold: boolean;
}

type Box = [number, number, number, number];
const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * Names beside their dots and figures on their lines, each at the first of a few
 * places around its point where it overlaps no label placed before, no dot and no arrowhead, and
 * stays inside the map; when none is free, at the first that stays inside (a name
 * is never dropped). Figures first (they sit on their lines), then names.
 */
export function placeLabels(dots: readonly { name: string; xy: [number, number] }[], lines: readonly FlowLine[], width: number, height: number): Label[] {
  const taken: Box[] = [
    ...dots.map((d): Box => [d.xy[0] - 3, d.xy[1] - 3, d.xy[0] + 3, d.xy[1] + 3]),
    // the arrowheads, so a name is not hidden under one
    ...lines.map((l): Box => {
      const r = Math.sqrt(l.head) * 0.6;
      return [l.ax - r, l.ay - r, l.ax + r, l.ay + r];
    }),
  ];
  const out: Label[] = [];
  const h = LABEL_SIZE + 2;
  const place = (text: string, x: number, y: number, bold: boolean, tries: [number, number, Label['align']][]) => {
    const w = textWidth(text, LABEL_SIZE, bold) + 4;
    const boxOf = ([dx, dy, align]: [number, number, Label['align']]): Box => {
      const left = align === 'left' ? x + dx : align === 'right' ? x + dx - w : x + dx - w / 2;
      return [left, y + dy - h / 2, left + w, y + dy + h / 2];
    };
    const inside = (b: Box) => b[0] >= 0 && b[1] >= 0 && b[2] <= width && b[3] <= height;
    const choice = tries.find((t) => inside(boxOf(t)) && !taken.some((b) => overlaps(b, boxOf(t)))) ?? tries.find((t) => inside(boxOf(t))) ?? tries[0]!;
    taken.push(boxOf(choice));
    const [dx, dy, align] = choice;
    out.push({ x: Math.round((x + dx) * 100) / 100, y: Math.round((y + dy) * 100) / 100, text, align, bold });
  };
  for (const l of lines) place(l.text, l.mx, l.my, true, [[0, 0, 'center'], [0, -9, 'center'], [0, 9, 'center'], [8, 0, 'left'], [-8, 0, 'right']]);
  for (const d of dots) {
    const [x, y] = d.xy;
    place(d.name, x, y, false, [[0, -10, 'center'], [0, 10, 'center'], [6, 0, 'left'], [-6, 0, 'right'], [5, -9, 'left'], [-5, -9, 'right'], [5, 9, 'left'], [-5, 9, 'right'], [0, -20, 'center'], [0, 20, 'center']]);
  }
  return out;
}

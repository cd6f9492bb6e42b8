/**
 * Patrol grids (巡防网格): square or hexagonal cells laid over the district, clipped to it,
 * with the platform's current patrol level per grid and the station responsible for it.
 *
 * Cells are laid in the local projection (local-projection.ts) anchored at the north-west
 * corner of the district's bbox, so that metres are the same metres as every other grid in
 * the app; clipping is done by turf on lon/lat polygons (edges of a few hundred metres to
 * kilometres, where a straight lon/lat edge and a straight projected edge are the same line
 * to well under a millimetre). Areas are measured in the same local projection, so a 1 km
 * cell inside the district is 1 km² exactly, not turf's 1.0022 km² on the WGS-84 major radius.
 */
import { booleanIntersects } from '@turf/boolean-intersects'
import { intersect } from '@turf/intersect'
import { union } from '@turf/union'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon, type LocalProjection } from './local-projection'

export type GridShape = 'square' | 'hex'

/** One cell as plain numbers (for callers that want no GeoJSON); patrolGrid itself returns GeoJSON. */
export interface PatrolGridCell { id: string; ring: [number, number][]; centre: [number, number]; areaKm2: number }

export interface PatrolGridProperties { id: string; name: string; area_km2: number }

/** The 1.5 km patrol radius of the source practice (src/ARCHITECTURE.md, "Domain figures"). */
export const PATROL_RADIUS_M = 1500

/** Candidate cells before clipping; beyond this the size is surely a mistake (metres vs km). */
export const MAX_PATROL_CELLS = 100_000

/** Clipped pieces smaller than this share of a whole cell are rounding slivers along a shared edge. */
const SLIVER_SHARE = 1e-6

type Bbox = [number, number, number, number]

function geometryBbox(g: Geometry | null | undefined, out: Bbox = [Infinity, Infinity, -Infinity, -Infinity]): Bbox {
  if (!g) return out
  const visit = (p: Position) => {
    if (p[0] < out[0]) out[0] = p[0]
    if (p[1] < out[1]) out[1] = p[1]
    if (p[0] > out[2]) out[2] = p[0]
    if (p[1] > out[3]) out[3] = p[1]
  }
  switch (g.type) {
    case 'Point': visit(g.coordinates); break
    case 'MultiPoint': case 'LineString': g.coordinates.forEach(visit); break
    case 'MultiLineString': case 'Polygon': for (const l of g.coordinates) l.forEach(visit); break
    case 'MultiPolygon': for (const p of g.coordinates) for (const r of p) r.forEach(visit); break
    case 'GeometryCollection': for (const c of g.geometries) geometryBbox(c, out); break
  }
  return out
}

const bboxesMeet = (a: Bbox, b: Bbox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]

function polygonsOf(g: Geometry | null | undefined): Position[][][] {
  if (!g) return []
  if (g.type === 'Polygon') return [g.coordinates]
  if (g.type === 'MultiPolygon') return g.coordinates
  return []
}

/** Signed shoelace area (m²) and area-weighted centroid sums of a ring in the projection. */
function ringMoments(p: LocalProjection, ring: Position[]): { a: number; cx: number; cy: number } {
  let a = 0, cx = 0, cy = 0
  const n = ring.length
  for (let i = 0; i < n; i++) {
    const p0 = ring[i], p1 = ring[(i + 1) % n]
    const x0 = projectX(p, p0[0]), y0 = projectY(p, p0[1]), x1 = projectX(p, p1[0]), y1 = projectY(p, p1[1])
    const c = x0 * y1 - x1 * y0
    a += c
    cx += (x0 + x1) * c
    cy += (y0 + y1) * c
  }
  return { a: a / 2, cx, cy }
}

/**
 * Area (m²) and area centroid ([lon, lat]) of a Polygon/MultiPolygon in the projection: outer
 * rings add, holes subtract, whatever their winding.
 */
function areaAndCentroid(p: LocalProjection, g: Geometry | null | undefined): { m2: number; centre: [number, number] } {
  let area = 0, sx = 0, sy = 0
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, r) => {
      const m = ringMoments(p, ring)
      // Normalise each ring to positive, then give holes a minus sign.
      const s = (m.a < 0 ? -1 : 1) * (r === 0 ? 1 : -1)
      area += s * m.a
      sx += (s * m.cx) / 6
      sy += (s * m.cy) / 6
    })
  }
  if (!(area > 0)) return { m2: 0, centre: [NaN, NaN] }
  return { m2: area, centre: [unprojectLon(p, sx / area), unprojectLat(p, sy / area)] }
}

function projectionFor(b: Bbox): LocalProjection {
  return localProjection(b[0], b[1], (b[1] + b[3]) / 2)
}

/** The district as one polygon feature: a single feature as is, several (the streets) unioned. */
function districtShape(district: FeatureCollection): Feature<Polygon | MultiPolygon> | null {
  const polys = district.features.filter(
    (f): f is Feature<Polygon | MultiPolygon> => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon',
  )
  if (polys.length === 0) return null
  if (polys.length === 1) return polys[0]
  return union({ type: 'FeatureCollection', features: polys })
}

/** Cells as projected rings (x, y metres), row-major from the north-west. */
function layCells(shape: GridShape, size: number, w: number, h: number): [number, number][][] {
  const cells: [number, number][][] = []
  if (shape === 'square') {
    // A whole number of cells up to rounding gets no extra row or column (as square-grid.ts).
    const cols = Math.max(1, Math.ceil(w / size - 1e-9))
    const rows = Math.max(1, Math.ceil(h / size - 1e-9))
    if (cols * rows > MAX_PATROL_CELLS) throw new Error(`a ${size} m patrol grid would have ${cols * rows} cells, more than ${MAX_PATROL_CELLS}; use larger cells`)
    for (let r = 0; r < rows; r++) {
      const top = h - r * size, bottom = top - size
      for (let c = 0; c < cols; c++) {
        const left = c * size, right = left + size
        cells.push([[left, bottom], [right, bottom], [right, top], [left, top]])
      }
    }
    return cells
  }
  // Pointy-top hexagons: width (centre spacing within a row) = size, circumradius R = size/√3,
  // rows 1.5·R apart, odd rows shifted half a width. Row 0 is centred on the north edge and
  // column −1 reaches past the west edge, so every point of the bbox is covered.
  const R = size / Math.sqrt(3)
  const dy = 1.5 * R
  const rows = Math.ceil(h / dy) + 2
  const cols = Math.ceil(w / size) + 3
  if (cols * rows > MAX_PATROL_CELLS) throw new Error(`a ${size} m patrol grid would have ${cols * rows} cells, more than ${MAX_PATROL_CELLS}; use larger cells`)
  for (let r = 0; r < rows; r++) {
    const cy = h - r * dy
    const shift = r % 2 === 1 ? size / 2 : 0
    for (let c = -1; c < cols - 1; c++) {
      const cx = c * size + shift
      const ring: [number, number][] = []
      for (let k = 0; k < 6; k++) {
        const a = ((60 * k - 30) * Math.PI) / 180 // counter-clockwise from the lower-right vertex
        ring.push([cx + R * Math.cos(a), cy + R * Math.sin(a)])
      }
      cells.push(ring)
    }
  }
  return cells
}

/**
 * Square or hexagonal (pointy-top) cells of `sizeM` metres (square: side; hex: centre-to-centre
 * spacing within a row, the hex's width) laid in the local projection over the district's bbox
 * from its north-west corner, kept when they share area with the district and clipped to it
 * (a clipped cell may be a MultiPolygon). Several district features (the streets) are unioned
 * first. ids 'P001', 'P002'… row-major from the north-west; name = id; area_km2 measured in the
 * local projection. Throws on a size that is not a positive number or gives over 100,000 cells.
 */
export function patrolGrid(
  district: FeatureCollection,
  shape: GridShape,
  sizeM: number,
): FeatureCollection<Polygon | MultiPolygon, PatrolGridProperties> {
  if (!(sizeM > 0) || !Number.isFinite(sizeM)) throw new Error(`patrol grid size must be a positive number of metres (got ${sizeM})`)
  const out: FeatureCollection<Polygon | MultiPolygon, PatrolGridProperties> = { type: 'FeatureCollection', features: [] }
  const shapeOf = districtShape(district)
  if (!shapeOf) return out
  const b = geometryBbox(shapeOf.geometry)
  const proj = projectionFor(b)
  const w = projectX(proj, b[2]), h = projectY(proj, b[3])
  const cellArea = shape === 'square' ? sizeM * sizeM : (Math.sqrt(3) / 2) * sizeM * sizeM
  for (const ring of layCells(shape, sizeM, w, h)) {
    const ll: Position[] = ring.map(([x, y]) => [unprojectLon(proj, x), unprojectLat(proj, y)])
    ll.push(ll[0])
    if (!bboxesMeet(geometryBbox({ type: 'Polygon', coordinates: [ll] }), b)) continue
    const cell: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ll] } }
    const clipped = intersect({ type: 'FeatureCollection', features: [cell, shapeOf] })
    if (!clipped) continue
    const { m2 } = areaAndCentroid(proj, clipped.geometry)
    if (m2 < SLIVER_SHARE * cellArea) continue
    const id = `P${String(out.features.length + 1).padStart(3, '0')}`
    out.features.push({ type: 'Feature', properties: { id, name: id, area_km2: m2 / 1e6 }, geometry: clipped.geometry })
  }
  return out
}

const LEVEL1_KINDS = new Set(['school', 'hospital', 'government', 'plaza'])

function importedLevel(props: Record<string, unknown> | null): number {
  const v = props?.level
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 0
}

interface Indexed { f: Feature; b: Bbox }

function indexed(fc: FeatureCollection | null): Indexed[] {
  if (!fc) return []
  return fc.features.filter((f) => f.geometry).map((f) => ({ f, b: geometryBbox(f.geometry) }))
}

function touches(grid: Feature, gb: Bbox, items: Indexed[], pick: (f: Feature) => boolean): boolean {
  for (const it of items) if (bboxesMeet(gb, it.b) && pick(it.f) && booleanIntersects(grid, it.f)) return true
  return false
}

/**
 * The platform's current level per grid (src/ARCHITECTURE.md, "Domain figures": the four-level platform): 1 when a key site of
 * kind school|hospital|government|plaza lies (even partly) in the grid, 2 when a main road or a
 * business key site does, 3 when any other road does, else 4. A grid whose properties carry
 * `level` 1–4 (number or numeric string) keeps it. Key sites of other kinds (station) do not
 * set a level by themselves.
 */
export function currentLevels(grids: FeatureCollection, keySites: FeatureCollection | null, roads: FeatureCollection | null): Uint8Array {
  const sites = indexed(keySites)
  const lines = indexed(roads)
  const kind = (f: Feature) => String(f.properties?.kind ?? '')
  const cls = (f: Feature) => String(f.properties?.class ?? '')
  const levels = new Uint8Array(grids.features.length)
  grids.features.forEach((g, i) => {
    const kept = importedLevel(g.properties)
    if (kept) { levels[i] = kept; return }
    if (!g.geometry) { levels[i] = 4; return }
    const gb = geometryBbox(g.geometry)
    if (touches(g, gb, sites, (f) => LEVEL1_KINDS.has(kind(f)))) levels[i] = 1
    else if (touches(g, gb, sites, (f) => kind(f) === 'business') || touches(g, gb, lines, (f) => cls(f) === 'main')) levels[i] = 2
    else if (touches(g, gb, lines, () => true)) levels[i] = 3
    else levels[i] = 4
  })
  return levels
}

function featureId(f: Feature, i: number): string {
  const v = f.properties?.id ?? f.id
  return v === undefined || v === null ? `#${i}` : String(v)
}

/**
 * The responsible unit per grid: the id of the station nearest (straight line, local
 * projection) to the grid's area centroid; ties go to the earlier station; '' when there are
 * no stations or the grid has no area.
 */
export function responsibleStations(grids: FeatureCollection, stations: FeatureCollection): string[] {
  const pts = stations.features
    .map((f, i) => ({ id: featureId(f, i), g: f.geometry }))
    .filter((s): s is { id: string; g: { type: 'Point'; coordinates: Position } } => s.g?.type === 'Point')
  return grids.features.map((g) => {
    if (pts.length === 0) return ''
    const b = geometryBbox(g.geometry)
    if (!(b[0] <= b[2])) return ''
    const proj = projectionFor(b)
    const { centre } = areaAndCentroid(proj, g.geometry)
    if (!Number.isFinite(centre[0])) return ''
    const cx = projectX(proj, centre[0]), cy = projectY(proj, centre[1])
    let best = '', bestD = Infinity
    for (const s of pts) {
      const d = Math.hypot(projectX(proj, s.g.coordinates[0]) - cx, projectY(proj, s.g.coordinates[1]) - cy)
      if (d < bestD) { bestD = d; best = s.id }
    }
    return best
  })
}

/** Area centroid [lon, lat] of a Polygon/MultiPolygon (NaN for no area), e.g. for a grid's label. */
export function polygonCentroid(g: Polygon | MultiPolygon): [number, number] {
  const b = geometryBbox(g)
  return areaAndCentroid(projectionFor(b), g).centre
}

/**
 * Closed 64-gon (65 positions, counter-clockwise, lon/lat) of radius `radiusM` metres around a
 * point: the 1.5 km patrol radius drawn on the map. Built in a local projection centred on the
 * point, which at 1.5 km is off the geodesic circle by far less than a line width.
 */
export function patrolCircle(lon: number, lat: number, radiusM: number): [number, number][] {
  const p = localProjection(lon, lat, lat)
  const ring: [number, number][] = []
  for (let k = 0; k < 64; k++) {
    const a = (2 * Math.PI * k) / 64
    ring.push([unprojectLon(p, radiusM * Math.cos(a)), unprojectLat(p, radiusM * Math.sin(a))])
  }
  ring.push([ring[0][0], ring[0][1]])
  return ring
}

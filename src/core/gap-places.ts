/**
 * Where a coverage gap is, in words a planner uses: the street and the compound it lies in and
 * the nearest key site (a school, a market...), with how far it is. A grid cell's number or its
 * coordinates mean nothing on a site visit; "Xinhua street, Lüyuan compound, 120 m from the
 * Central Market" does.
 */
import type { AreaSet } from './areas'
import { localProjection, projectX, projectY } from './local-projection'
import { locatePoint, type AreaIndex } from './spatial-join'

export interface GapPlace {
  /** names ('' when the area has none: then its id) of the street and compound holding the point; null when none does or the layer is absent */
  street: string | null
  compound: string | null
  /** the nearest key site within maxNearM: its name and the distance to its outline (0 inside) */
  near: { name: string; distanceM: number } | null
}

export interface PlaceLayers {
  streets?: AreaIndex | null
  compounds?: AreaIndex | null
  keySites?: AreaSet | null
}

/** Farther than this a key site says nothing about where a gap is. */
export const DEFAULT_MAX_NEAR_M = 1000

const nameOf = (a: AreaSet, i: number) => a.names[i] || a.ids[i]

function holder(index: AreaIndex | null | undefined, lon: number, lat: number): string | null {
  if (!index) return null
  const a = locatePoint(index, lon, lat)
  return a < 0 ? null : nameOf(index.areas, a)
}

/** Distance in metres from (lon, lat) to area a's outline, 0 when inside (any ring: holes count as outline). */
export function distanceToArea(areas: AreaSet, a: number, lon: number, lat: number): number {
  const proj = localProjection(lon, lat, lat)
  let best = Infinity
  let inside = false
  for (let r = areas.areaRingStart[a]; r < areas.areaRingStart[a + 1]; r++) {
    const s = areas.ringStart[r], e = areas.ringStart[r + 1]
    for (let i = s, j = e - 1; i < e; j = i++) {
      const ax = projectX(proj, areas.coords[2 * j]), ay = projectY(proj, areas.coords[2 * j + 1])
      const bx = projectX(proj, areas.coords[2 * i]), by = projectY(proj, areas.coords[2 * i + 1])
      // the point is the origin: crossings of the east-going ray give inside/outside (even-odd)
      if ((ay > 0) !== (by > 0) && ax + ((0 - ay) * (bx - ax)) / (by - ay) > 0) inside = !inside
      best = Math.min(best, segmentDistance(ax, ay, bx, by))
    }
  }
  return inside ? 0 : best
}

/** Distance from the origin to segment (a, b). */
function segmentDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0
  return Math.hypot(ax + t * dx, ay + t * dy)
}

export function gapPlace(lon: number, lat: number, layers: PlaceLayers, maxNearM = DEFAULT_MAX_NEAR_M): GapPlace {
  let near: GapPlace['near'] = null
  const sites = layers.keySites
  if (sites) {
    for (let a = 0; a < sites.count; a++) {
      const d = distanceToArea(sites, a, lon, lat)
      if (d <= maxNearM && (!near || d < near.distanceM)) near = { name: nameOf(sites, a), distanceM: d }
    }
  }
  return { street: holder(layers.streets, lon, lat), compound: holder(layers.compounds, lon, lat), near }
}

/** The words a label is made of, in the UI's language. */
export interface PlaceWords {
  /** "120 m from {name}" */
  near(name: string, metres: number): string
  /** "at {name}" (the point is inside the key site) */
  at(name: string): string
  /** "street · compound" joiner */
  separator: string
}

/** A gap's place as one line: street, compound, nearest key site; its coordinates when nothing names it. Distances rounded to 10 m (a cell is 250 m). */
export function gapPlaceLabel(p: GapPlace, lon: number, lat: number, w: PlaceWords): string {
  const parts = [p.street, p.compound].filter((x): x is string => !!x)
  if (p.near) parts.push(p.near.distanceM === 0 ? w.at(p.near.name) : w.near(p.near.name, Math.max(10, Math.round(p.near.distanceM / 10) * 10)))
  return parts.length ? parts.join(w.separator) : `${lat.toFixed(5)}, ${lon.toFixed(5)}`
}

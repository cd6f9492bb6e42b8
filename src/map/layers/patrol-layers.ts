import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import { interpolateYlOrRd } from 'd3-scale-chromatic'
import { color } from 'd3-color'
import { labelLayer } from './label-layer'
import type { PatrolSummary } from '../../workers/contracts'
import { OKABE_ITO } from '../theme'

type Rgb = readonly [number, number, number]

/** Patrol levels 1 (key sites, most patrol) to 4 (communities): warm to cool, colour-blind safe. */
export const PATROL_LEVEL_COLOR: Readonly<Record<1 | 2 | 3 | 4, Rgb>> = {
  1: OKABE_ITO.vermillion as Rgb, 2: OKABE_ITO.orange as Rgb, 3: OKABE_ITO.skyBlue as Rgb, 4: OKABE_ITO.blue as Rgb,
}

/** Response time bands, minutes → colour (the shortest drawn on top). */
export const ISOCHRONE_COLOR: Readonly<Record<number, Rgb>> = {
  1: OKABE_ITO.green as Rgb, 3: OKABE_ITO.yellow as Rgb, 10: OKABE_ITO.purple as Rgb,
}
const isoColor = (m: number): Rgb => ISOCHRONE_COLOR[m] ?? (OKABE_ITO.grey as Rgb)

const levelOf = (f: Feature, key: string): 1 | 2 | 3 | 4 => {
  const v = Number(f.properties?.[key])
  return (v >= 1 && v <= 4 ? v : 4) as 1 | 2 | 3 | 4
}

/** Priority 0–100 of one hour band (ColorBrewer YlOrRd, sequential and colour-blind safe). */
export function priorityColor(p: number): Rgb {
  const c = color(interpolateYlOrRd(Math.max(0, Math.min(1, p / 100))))!.rgb()
  return [c.r, c.g, c.b]
}

// quiet grids stay nearly clear so that the busy ones stand out over the base map
const bandFill = (p: number): [number, number, number, number] => [...priorityColor(p), Math.round(25 + 1.5 * Math.min(100, p))]

/**
 * Patrol grids filled by their suggested level, or, with `band`, by their priority in that hour
 * band with the scheduled checks written on them ("22:30"). A grid whose level should change is
 * outlined in white. The 1.5 km patrol radius of stations and bases is drawn as rings.
 */
export function patrolLayers(plan: PatrolSummary, visible: boolean, band: number | null = null) {
  const nb = plan.bands.length
  const fill = (f: Feature, g: number): [number, number, number, number] =>
    band === null ? [...PATROL_LEVEL_COLOR[levelOf(f, 'level_suggested')], 55] : bandFill(plan.priority.priority[g * nb + band])
  const checks: Feature<Point>[] = band === null ? [] : plan.priority.schedule.filter((s) => s.band === band).map((s) => ({
    type: 'Feature', properties: { name: s.checkAt }, geometry: { type: 'Point', coordinates: plan.bases[s.grid] },
  }))
  return [
    new GeoJsonLayer({
      id: 'patrol',
      data: plan.grids,
      visible,
      pickable: true,
      stroked: true,
      filled: true,
      getFillColor: (f: Feature, { index }: { index: number }) => fill(f, index),
      getLineColor: (f: Feature) => (f.properties?.level_change ? [255, 255, 255, 170] : [...PATROL_LEVEL_COLOR[levelOf(f, 'level_suggested')], 160]),
      getLineWidth: (f: Feature) => (f.properties?.level_change ? 2 : 1),
      lineWidthUnits: 'pixels',
      autoHighlight: true,
      highlightColor: [255, 255, 255, 50],
      updateTriggers: { getFillColor: [plan, band], getLineColor: plan, getLineWidth: plan },
    }),
    labelLayer({ id: 'patrol-checks', points: checks, style: { size: 14 }, priority: 0 }, visible && band !== null),
    new GeoJsonLayer({
      id: 'patrol-radius',
      data: plan.circles,
      visible,
      pickable: false,
      stroked: true,
      filled: false,
      // one ring per grid base overlaps its neighbours: kept faint so the stations' rings read
      getLineColor: (f: Feature) => (f.properties?.kind === 'station' ? [...OKABE_ITO.blue, 230] : [200, 210, 225, 35]),
      getLineWidth: (f: Feature) => (f.properties?.kind === 'station' ? 2 : 1),
      lineWidthUnits: 'pixels',
    }),
  ]
}

/** Response isochrones of stations and patrol bases together: the longest band first, the shortest on top. */
export function isochronesLayer(plan: PatrolSummary, visible: boolean) {
  const features = [...plan.isochrones.features].sort((a, b) => Number(b.properties?.minutes) - Number(a.properties?.minutes))
  return new GeoJsonLayer({
    id: 'isochrones',
    data: { type: 'FeatureCollection', features },
    visible,
    pickable: false,
    stroked: true,
    filled: true,
    getFillColor: (f: Feature) => [...isoColor(Number(f.properties?.minutes)), 70],
    getLineColor: (f: Feature) => [...isoColor(Number(f.properties?.minutes)), 220],
    getLineWidth: 1.5,
    lineWidthUnits: 'pixels',
  })
}

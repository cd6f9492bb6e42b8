import { PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import { sectorRing } from '../../core/camera-model'
import { localProjection, unprojectLat, unprojectLon } from '../../core/local-projection'
import type { PlanCamera } from '../../core/plan-cameras'
import { LABEL_FONT, OKABE_ITO } from '../theme'
import { rgba } from './colors'
import { PLAN_ALPHA, PLAN_COLOR, PLAN_LINE, PLAN_SELECTED_ALPHA, SUGGESTION_ALPHA, SUGGESTION_COLOR } from '../palette'

export { PLAN_COLOR, SUGGESTION_COLOR }

/** A camera's sector (or disc) as a lon/lat ring, built in metres around the camera itself. */
export function planSector(c: Pick<PlanCamera, 'lon' | 'lat' | 'azimuth' | 'fov' | 'range'>): Float64Array {
  const proj = localProjection(c.lon, c.lat, c.lat)
  const ring = sectorRing(0, 0, c.azimuth, c.fov, c.range)
  const out = new Float64Array(ring.length)
  for (let i = 0; i < ring.length; i += 2) {
    out[i] = unprojectLon(proj, ring[i])
    out[i + 1] = unprojectLat(proj, ring[i + 1])
  }
  return out
}

export interface PlanLayerData {
  cameras: readonly PlanCamera[]
  selectedId: string | null
  /** pending suggestions, each labelled with the number the suggestion list shows for it */
  suggestions: readonly { camera: PlanCamera; label: string }[]
}

/** The plan being edited: views, positions (pickable, to select one) and the pending suggestions with their list numbers. */
export function planLayers(d: PlanLayerData, visible: boolean) {
  const sel = d.selectedId
  const pending = d.suggestions.map((s) => s.camera)
  return [
    // outlined, so that a plan sector holds its edge over any fill beneath it
    new PolygonLayer<PlanCamera>({
      id: 'plan-views',
      data: d.cameras as PlanCamera[],
      getPolygon: (c) => planSector(c),
      positionFormat: 'XY',
      getFillColor: (c) => rgba(PLAN_COLOR, c.id === sel ? PLAN_SELECTED_ALPHA : PLAN_ALPHA),
      stroked: true,
      getLineColor: rgba(PLAN_LINE, 255),
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      updateTriggers: { getFillColor: sel },
      visible,
    }),
    new PolygonLayer<PlanCamera>({
      id: 'plan-suggestion-views',
      data: pending,
      getPolygon: (c) => planSector(c),
      positionFormat: 'XY',
      filled: true,
      getFillColor: rgba(SUGGESTION_COLOR, SUGGESTION_ALPHA),
      stroked: true,
      getLineColor: rgba(SUGGESTION_COLOR, 255),
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      visible,
    }),
    new ScatterplotLayer<PlanCamera>({
      id: 'plan-cameras',
      data: d.cameras as PlanCamera[],
      getPosition: (c) => [c.lon, c.lat],
      getFillColor: (c) => rgba(c.id === sel ? OKABE_ITO.yellow : PLAN_COLOR, 255),
      updateTriggers: { getFillColor: sel },
      radiusUnits: 'pixels',
      getRadius: 6,
      stroked: true,
      getLineColor: [10, 19, 32, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: true,
      visible,
    }),
    new TextLayer<{ camera: PlanCamera; label: string }>({
      id: 'plan-suggestion-labels',
      data: d.suggestions as { camera: PlanCamera; label: string }[],
      getPosition: (s) => [s.camera.lon, s.camera.lat],
      getText: (s) => s.label,
      fontFamily: `'${LABEL_FONT}', sans-serif`,
      getSize: 16,
      // dark figures in a halo of the suggestions' hue: they read on a dark and on a light base map
      getColor: [10, 19, 32, 255],
      outlineWidth: 3,
      outlineColor: rgba(SUGGESTION_COLOR, 255),
      fontSettings: { sdf: true },
      visible,
    }),
  ]
}

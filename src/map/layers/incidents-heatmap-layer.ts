import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import { interpolateInferno } from 'd3-scale-chromatic'
import type { IncidentColumns } from '../../core/incidents'
import { interleavePositions } from '../../core/positions'

const positionCache = new WeakMap<IncidentColumns, Float32Array>()

/** Inferno is perceptually uniform and reads for red–green colour-blind viewers; skip its black end on a dark map. */
export const HEAT_COLORS: [number, number, number][] = [0.25, 0.4, 0.55, 0.7, 0.85, 1].map((t) => {
  const hex = interpolateInferno(t) // '#rrggbb'
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
})

export function incidentsHeatmapLayer(incidents: IncidentColumns) {
  let positions = positionCache.get(incidents)
  if (!positions) {
    positions = interleavePositions(incidents.lon, incidents.lat, incidents.count)
    positionCache.set(incidents, positions)
  }
  return new HeatmapLayer({
    id: 'incidents',
    data: { length: incidents.count, attributes: { getPosition: { value: positions, size: 2 } } },
    radiusPixels: 28,
    intensity: 1.5,
    threshold: 0.03,
    colorRange: HEAT_COLORS,
    aggregation: 'SUM',
  })
}

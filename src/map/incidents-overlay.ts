import type { OverlaySource, ShownLayers } from './overlay-registry'
import type { IncidentColumns } from '../core/incidents'
import { densityRange, type IncidentMode } from '../core/incident-display-mode'
import { filterAttributes, gpuFilterProps, keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { incidentPositions, type IncidentLayerData } from './layers/incident-layer-data'
import { incidentsHeatmapLayer } from './layers/incidents-heatmap-layer'
import { incidentPointsLayer } from './layers/incident-points-layer'
import { incidentHexLayer } from './layers/incident-hex-layer'

/** How the incidents are drawn: the settings of the display panel. */
export interface IncidentDisplayStyle {
  readonly mode: IncidentMode
  /** heatmap kernel radius, CSS pixels; the points' radius is a tenth of it */
  readonly radius: number
  /** hexagon radius, metres */
  readonly hexRadius: number
  /** incidents per km² where the colour saturates at intensity 1 */
  readonly densityMax: number
  readonly intensity: number
}

export interface IncidentsOverlayInput {
  data: { readonly incidents: IncidentColumns | null }
  view: ShownLayers
  filters: { readonly spec: IncidentFilterSpec }
  display: IncidentDisplayStyle
}

/**
 * Where the incident filter runs for this mode and spec: 'gpu' (uniforms only, the normal case)
 * or 'cpu' (the hexagons, which deck.gl 9.4 cannot filter on the GPU, and the rare specs the
 * GPU cannot draw exactly: see gpuFilterProps().exact). The filter panel shows it.
 */
export function incidentFilterPath(incidents: IncidentColumns, spec: IncidentFilterSpec, mode: IncidentMode): 'gpu' | 'cpu' {
  if (mode === 'hexagon') return 'cpu'
  return gpuFilterProps(filterAttributes(incidents), spec).exact ? 'gpu' : 'cpu'
}

let lastSubset: { incidents: IncidentColumns; spec: IncidentFilterSpec; data: IncidentLayerData } | null = null

/** The kept rows as their own columns (one pass, remembered for the last spec). */
function cpuFiltered(incidents: IncidentColumns, spec: IncidentFilterSpec): IncidentLayerData {
  if (lastSubset && lastSubset.incidents === incidents && lastSubset.spec === spec) return lastSubset.data
  const mask = keepMask(incidents, spec)
  let data: IncidentLayerData
  if (!mask) {
    data = { key: incidents, count: incidents.count, positions: incidentPositions(incidents), category: incidents.category }
  } else {
    let n = 0
    for (let i = 0; i < incidents.count; i++) n += mask[i]
    const positions = new Float32Array(2 * n), category = new Uint8Array(n)
    for (let i = 0, k = 0; i < incidents.count; i++) {
      if (!mask[i]) continue
      positions[2 * k] = incidents.lon[i]; positions[2 * k + 1] = incidents.lat[i]; category[k++] = incidents.category[i]
    }
    data = { key: {}, count: n, positions, category }
  }
  lastSubset = { incidents, spec, data }
  return data
}

function layerData(incidents: IncidentColumns, spec: IncidentFilterSpec, mode: IncidentMode): IncidentLayerData {
  if (incidentFilterPath(incidents, spec, mode) === 'cpu') return cpuFiltered(incidents, spec)
  const attrs = filterAttributes(incidents)
  return {
    key: incidents, count: incidents.count, positions: incidentPositions(incidents), category: incidents.category,
    filter: { attrs, props: gpuFilterProps(attrs, spec) },
  }
}

/** The incidents on the map, in the display mode chosen, filtered by the shared filter. */
export const incidentsOverlay: OverlaySource<IncidentsOverlayInput> = {
  id: 'incidents',
  order: 10,
  layers: ({ data, view, filters, display }) => {
    // A hidden HeatmapLayer still aggregates every point on the GPU at each data change (9.5 s for
    // 1,000,000 points under SwiftShader), so the layers exist only while they are shown.
    if (!data.incidents || !view.visible.has('incidents')) return []
    const d = layerData(data.incidents, filters.spec, display.mode)
    const range = densityRange(display.densityMax, display.intensity)
    switch (display.mode) {
      case 'points':
        return [incidentPointsLayer(d, { radiusPixels: Math.max(1.5, display.radius / 10) })]
      case 'hexagon':
        return [incidentHexLayer(d, { radiusMetres: display.hexRadius, densityRange: range })]
      default:
        // intensity is folded into the density range so that the legend and the colours agree
        return [incidentsHeatmapLayer(d, { radiusPixels: display.radius, intensity: 1, densityDomain: range })]
    }
  },
}

import { PathLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import type { OverlaySource } from './overlay-registry'
import { ROUTE_COLOR } from './layers/units-layers'

/** What the wall draws of its newest alert (stores/wall-units.ts): the alert, its nearest unit, the road route between. */
export interface WallAlertLine {
  alert: { lon: number; lat: number }
  unit: { lon: number; lat: number } | null
  route: [number, number][] | null
}

const HALO: [number, number, number, number] = [10, 19, 32, 230]
const WHITE: [number, number, number, number] = [255, 255, 255, 255]

/**
 * The wall's newest alert joined to its nearest unit: the road route in the desk's route colour,
 * wider than at the desk (read from across the room), a white ring round the unit, and the alert marked after its flash.
 */
export function wallUnitLayers(r: WallAlertLine, widthPx = 8): Layer[] {
  if (!r.unit) return []
  const u = r.unit
  const path = r.route && r.route.length > 1 ? r.route : [[u.lon, u.lat], [r.alert.lon, r.alert.lat]] as [number, number][]
  const data = [{ path }]
  return [
    new PathLayer({ id: 'wall-unit-route-halo', data, getPath: (d) => d.path, getColor: HALO, widthUnits: 'pixels', getWidth: widthPx + 5, capRounded: true, jointRounded: true }),
    new PathLayer({ id: 'wall-unit-route', data, getPath: (d) => d.path, getColor: [...ROUTE_COLOR, 255], widthUnits: 'pixels', getWidth: widthPx, capRounded: true, jointRounded: true }),
    // the alert stays marked after its flash has faded, as long as the caption names its unit
    new ScatterplotLayer({
      id: 'wall-unit-alert', data: [r.alert], getPosition: (x) => [x.lon, x.lat], radiusUnits: 'pixels', getRadius: 1.2 * widthPx,
      filled: true, getFillColor: [...ROUTE_COLOR, 255], stroked: true, lineWidthUnits: 'pixels', getLineWidth: widthPx / 2.5, getLineColor: WHITE,
    }),
    new ScatterplotLayer({
      id: 'wall-unit-ring', data: [u], getPosition: (x) => [x.lon, x.lat], radiusUnits: 'pixels', getRadius: 2.2 * widthPx,
      filled: false, stroked: true, lineWidthUnits: 'pixels', getLineWidth: widthPx / 2, getLineColor: WHITE,
    }),
  ]
}

/** Above the units (order 65), under the live flash (70) that marks the alert itself. */
export const wallUnitsOverlay: OverlaySource<{ readonly result: WallAlertLine | null; readonly widthPx: number }> = {
  id: 'wall-units',
  order: 66,
  layers: ({ result, widthPx }) => (result ? wallUnitLayers(result, widthPx) : []),
}

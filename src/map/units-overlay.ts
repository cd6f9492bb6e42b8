import type { UnitsSnapshot } from '../core/units-snapshot'
import type { OverlaySource, ShownLayers } from './overlay-registry'
import { unitsLayers } from './layers/units-layers'
import { responseLayers, type ResponseLayerData } from './layers/response-layer'

export interface UnitsOverlayInput {
  readonly view: ShownLayers
  readonly units: {
    readonly snapshot: UnitsSnapshot | null
    readonly alert: { lon: number; lat: number } | null
    readonly nearest: { route: [number, number][] | null } | null
  }
}

/** Patrol units above the core layers (they move: nothing should cover them), under the live flashes. */
export const unitsOverlay: OverlaySource<UnitsOverlayInput> = {
  id: 'units',
  order: 65,
  layers: ({ view, units }) => {
    if (!view.visible.has('units') || !units.snapshot) return []
    return unitsLayers({ snapshot: units.snapshot, alert: units.alert, route: units.nearest?.route ?? null })
  },
}

/** Grids coloured by the share of their alerts reached within target: under the units and the alert dots' overlays. */
export const responseOverlay: OverlaySource<{ readonly view: ShownLayers; readonly response: { readonly result: ResponseLayerData | null } }> = {
  id: 'response',
  order: 24,
  layers: ({ view, response }) => (view.visible.has('response') && response.result ? responseLayers(response.result) : []),
}

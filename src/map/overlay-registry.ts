import type { Layer } from '@deck.gl/core'
import type { LayerId } from '../core/layer-ids'

/**
 * Layers a feature adds to the map, made from `input` alone. Inputs are objects whose fields the
 * source reads only when it needs them (the stores themselves fit), so that a caller inside a
 * computed (composables/use-map-overlays.ts) redraws the map on a change of exactly what the
 * layers were made from. `order` places the source's layers among the core ones (see
 * buildOverlayLayers): 0 under everything, 100 above all.
 */
export interface OverlaySource<I> {
  id: string
  order: number
  layers: (input: I) => Layer[]
}

/** Which layers are switched on. */
export interface ShownLayers {
  readonly visible: ReadonlySet<LayerId>
}

import type { Layer } from '@deck.gl/core'

/**
 * Layers a feature adds to the map. `layers` reads whatever stores it needs; MapView calls it
 * inside a computed, so a change in those stores redraws the map. `order` places the source's
 * layers among the core ones (see buildOverlayLayers): 0 under everything, 100 above all.
 */
export interface OverlaySource {
  id: string
  order: number
  layers: () => Layer[]
}

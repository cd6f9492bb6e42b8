import type { OverlaySource, ShownLayers } from './overlay-registry'
import { presenceLayers, type PresenceLayerData } from './layers/presence-layer'

/** Patrol presence against plan: with the response grids under the core layers, so stations and names stay on top. */
export const presenceOverlay: OverlaySource<{ readonly view: ShownLayers; readonly presence: { readonly result: PresenceLayerData | null; readonly band: number } }> = {
  id: 'presence',
  order: 23,
  layers: ({ view, presence }) => (view.visible.has('presence') && presence.result ? presenceLayers(presence.result, presence.band) : []),
}

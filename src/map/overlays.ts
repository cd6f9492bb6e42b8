/** Every feature's overlay source; MapView draws them by `order` around the core layers. */
import type { OverlaySource } from './overlay-registry'
import { incidentsOverlay } from './incidents-overlay'
import { liveOverlay } from './live-overlay'
import { choroplethOverlay } from './choropleth-overlay'
import { hotspotsOverlay } from './hotspots-overlay'
import { selectionOverlay } from './selection-overlay'

export const OVERLAY_SOURCES: OverlaySource[] = [incidentsOverlay, liveOverlay, choroplethOverlay, hotspotsOverlay, selectionOverlay]

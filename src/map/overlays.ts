/** Every feature's overlay source; MapView draws them by `order` around the core layers. */
import type { OverlaySource } from './overlay-registry'
import { incidentsOverlay } from './incidents-overlay'

export const OVERLAY_SOURCES: OverlaySource[] = [incidentsOverlay]

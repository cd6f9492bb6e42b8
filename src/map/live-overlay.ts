import { ScatterplotLayer } from '@deck.gl/layers'
import type { OverlaySource } from './overlay-registry'
import { OKABE_ITO } from './theme'
import { FLASH_MS, type Flash } from '../core/live-flash'

/**
 * A ring that widens and fades over FLASH_MS. Sky blue: no heat colour (inferno) is near it,
 * and it stays apart from the cameras' yellow for red–green colour-blind viewers.
 */
export function liveFlashLayer(flashes: readonly Flash[], now: number) {
  const age = (f: Flash) => Math.min(1, Math.max(0, (now - f.at) / FLASH_MS))
  return new ScatterplotLayer<Flash>({
    id: 'live-flash',
    data: flashes.filter((f) => now - f.at < FLASH_MS),
    getPosition: (f) => [f.lon, f.lat],
    radiusUnits: 'pixels',
    getRadius: (f) => 10 + 30 * age(f),
    stroked: true,
    filled: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 4,
    getLineColor: (f) => [...OKABE_ITO.skyBlue, Math.round(255 * (1 - age(f)))],
    getFillColor: (f) => [...OKABE_ITO.skyBlue, Math.round(110 * (1 - age(f)))],
    updateTriggers: { getRadius: now, getLineColor: now, getFillColor: now },
  })
}

export interface LiveOverlayInput {
  /** the incidents still flashing, oldest first */
  readonly flashes: readonly Flash[]
  /** the flash clock, ms since the epoch */
  readonly now: number
}

/** New incidents from the live endpoint, flashed for a few seconds above the other layers. */
export const liveOverlay: OverlaySource<LiveOverlayInput> = {
  id: 'live',
  order: 70,
  layers: (live) => (live.flashes.length ? [liveFlashLayer(live.flashes, live.now)] : []),
}

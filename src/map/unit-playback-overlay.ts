import type { TrackSlice, PlaybackPosition } from '../core/unit-playback'
import type { OverlaySource, ShownLayers } from './overlay-registry'
import { unitPlaybackLayers } from './layers/unit-playback-layer'

export interface UnitPlaybackOverlayInput {
  readonly view: ShownLayers
  readonly playback: {
    readonly track: { slice: TrackSlice } | null
    readonly position: PlaybackPosition | null
    readonly now: number | null
  }
}

/** A unit's played-back track: above the units (order 65) and the wall's unit line (66), under the live flashes (70). */
export const unitPlaybackOverlay: OverlaySource<UnitPlaybackOverlayInput> = {
  id: 'unit-playback',
  order: 67,
  layers: ({ view, playback }) => (view.visible.has('units') && playback.track ? unitPlaybackLayers({ slice: playback.track.slice, position: playback.position, now: playback.now }) : []),
}

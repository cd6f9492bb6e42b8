/**
 * The feature overlays of map/ bound to the stores they draw: each source is handed the store
 * objects themselves, so it reads (and the computed tracks) exactly the fields its layers are
 * made from, and a change there redraws the map.
 */
import { computed, type ComputedRef } from 'vue'
import type { Layer } from '@deck.gl/core'
import type { OverlaySource } from '../map/overlay-registry'
import { incidentsOverlay } from '../map/incidents-overlay'
import { liveOverlay } from '../map/live-overlay'
import { choroplethOverlay } from '../map/choropleth-overlay'
import { hotspotsOverlay } from '../map/hotspots-overlay'
import { emergingOverlay, nearRepeatOverlay, repeatPlacesOverlay } from '../map/crime-overlays'
import { useCrimeAnalysisStore } from '../stores/crime-analysis'
import { selectionOverlay } from '../map/selection-overlay'
import { responseOverlay, unitsOverlay } from '../map/units-overlay'
import { useResponseStore } from '../stores/response'
import { presenceOverlay } from '../map/presence-overlay'
import { usePresenceStore } from '../stores/presence'
import { useUnitsStore } from '../stores/units'
import { wallUnitsOverlay } from '../map/wall-units-overlay'
import { useWallUnitsStore } from '../stores/wall-units'
import { unitPlaybackOverlay } from '../map/unit-playback-overlay'
import { useUnitPlaybackStore } from '../stores/unit-playback'
import { useAreaDisplayStore } from '../stores/area-display'
import { useDataStore } from '../stores/data'
import { useFiltersStore } from '../stores/filters'
import { useIncidentDisplayStore } from '../stores/incident-display'
import { useLiveStore } from '../stores/live'
import { useSelectionStore } from '../stores/selection'
import { useViewStore } from '../stores/view'

export interface DrawnOverlay { order: number; layers: Layer[] }

const bind = <I>(source: OverlaySource<I>, input: I) => ({ order: source.order, layers: () => source.layers(input) })

/** Every feature overlay's layers, by `order` (MapView draws them around the core layers). */
export function useMapOverlays(): ComputedRef<DrawnOverlay[]> {
  const data = useDataStore()
  const view = useViewStore()
  // the stores are made in the order of their overlays, as when each overlay made its own:
  // their set-ups start worker requests
  const filters = useFiltersStore()
  const display = useIncidentDisplayStore()
  const areas = useAreaDisplayStore()
  const selection = useSelectionStore()
  const live = useLiveStore()
  const crime = useCrimeAnalysisStore()
  const units = useUnitsStore()
  const response = useResponseStore()
  const presence = usePresenceStore()
  const wallUnits = useWallUnitsStore()
  const playback = useUnitPlaybackStore()
  const sources = [
    bind(incidentsOverlay, { data, view, filters, display }),
    bind(liveOverlay, live),
    bind(choroplethOverlay, { view, areas }),
    bind(hotspotsOverlay, { view, areas }),
    bind(emergingOverlay, { view, crime }),
    bind(nearRepeatOverlay, { view, crime }),
    bind(repeatPlacesOverlay, { view, crime }),
    bind(selectionOverlay, selection),
    bind(presenceOverlay, { view, presence }),
    bind(responseOverlay, { view, response }),
    bind(unitsOverlay, { view, units }),
    bind(wallUnitsOverlay, wallUnits),
    bind(unitPlaybackOverlay, { view, playback }),
  ].sort((a, b) => a.order - b.order)
  return computed(() => sources.map((s) => ({ order: s.order, layers: s.layers() })))
}

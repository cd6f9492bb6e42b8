/**
 * The map legend from the stores: their state read into map/legend-blocks' LegendState, so the
 * on-screen legend and the export draw the same blocks.
 */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { legendBlocks, type LegendState } from '../map/legend-blocks'
import type { LegendBlock } from '../map/legend-model'
import { useAnalyticsStore } from '../stores/analytics'
import { useAreaDisplayStore } from '../stores/area-display'
import { useDataStore } from '../stores/data'
import { useIncidentDisplayStore } from '../stores/incident-display'
import { useViewStore } from '../stores/view'
import { useCrimeAnalysisStore } from '../stores/crime-analysis'
import { useResponseStore } from '../stores/response'
import { usePresenceStore } from '../stores/presence'
import { useUnitPlaybackStore } from '../stores/unit-playback'
import { translate } from '../i18n'

/** The stores' state as a LegendState (reactive through the computed that reads it). */
function stateFromStores(): () => LegendState {
  const view = useViewStore()
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  const incidents = useIncidentDisplayStore()
  const areas = useAreaDisplayStore()
  const crime = useCrimeAnalysisStore()
  const response = useResponseStore()
  const presence = usePresenceStore()
  const playback = useUnitPlaybackStore()
  return () => ({
    visible: view.visible,
    lang: view.lang,
    zoom: view.zoom,
    latitude: view.center[1],
    gridsLoaded: Boolean(data.grids),
    incidents: { mode: incidents.mode, densityMax: incidents.densityMax, intensity: incidents.intensity, radius: incidents.radius, hexRadius: incidents.hexRadius,
      scaleDates: incidents.scaleDates, scaleLocked: incidents.scaleLocked },
    choropleth: {
      layer: areas.choro.layer,
      metric: areas.choro.metric,
      breaks: areas.breaks,
      counts: areas.breakCounts,
      missing: areas.missing,
      stats: areas.stats,
      computing: areas.statsState === 'running',
    },
    hotspots: { counts: areas.hotCounts, cell: areas.hot.cell, band: areas.hot.band, fdr: areas.hot.fdr, computing: areas.hotState === 'running' },
    patrolBand: analytics.patrolBand !== null && analytics.patrol ? analytics.patrol.bands[analytics.patrolBand] ?? null : null,
    camerasWithoutHeading: data.cameras?.headingUnknown?.includes(1) ?? false,
    responseDay: response.result?.day ?? null,
    presence: { data: presence.result, band: presence.band },
    playback: playback.track ? { unitId: playback.track.slice.unitId, from: playback.track.slice.from, to: playback.track.slice.to, now: playback.now } : null,
    crime: {
      nearRepeat: {
        zone: crime.near ? { distance: crime.near.roleDistance, windowDays: crime.nearWindowDays } : null,
        roles: crime.nearRoles,
        computing: crime.nearState === 'running',
      },
      emerging: { tally: crime.tally, ...crime.emergingSettings, computing: crime.emergingState === 'running' },
      repeatPlaces: { top: crime.repeat && crime.repeat.shown > 0 ? crime.repeat.count[0] : null, ...crime.repeatSettings, computing: crime.repeatState === 'running' },
    },
  })
}

/**
 * The legend of the current map (call in a component's setup: it uses vue-i18n's `t`). `adjust`:
 * another map's own view and scale over the desk's (the city view at street zoom).
 */
export function useLegendBlocks(adjust?: (s: LegendState) => LegendState): ComputedRef<LegendBlock[]> {
  const { t } = useI18n()
  const state = stateFromStores()
  return computed(() => legendBlocks(adjust ? adjust(state()) : state(), t))
}

/** The legend of the current map, outside a component (the export): the stores and the app's i18n. */
export function currentLegendBlocks(): LegendBlock[] {
  return legendBlocks(stateFromStores()(), translate)
}

import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { CAPTION_MS, unitsTimeForAlert } from '../core/wall-alert-units'
import type { NearestUnit } from '../workers/analytics-units'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useLiveStore, type LiveAlert } from './live'
import { useUnitsStore } from './units'
import { useViewStore } from './view'

/** How long a new alert may wait for its ranking before it is let go. */
const RANK_WAIT_MS = 3 * CAPTION_MS

export interface WallAlertUnit {
  alert: LiveAlert
  /** the units' time the alert was ranked at (core/wall-alert-units.ts), epoch ms */
  time: number
  /** the fastest unit; null when no unit reaches the alert by road */
  unit: NearestUnit | null
  /** its road route, lon/lat from the unit to the alert */
  route: [number, number][] | null
  /** the alerts the demo units were simulated answering (which tracks ranked it) */
  tracksAlerts: number
}

/**
 * The wall's newest live alert with its nearest unit by road (issue 26, point 2), while the
 * `units` layer is on: ranked by the worker's nearestUnits as the desk ranks a clicked alert,
 * shown until the next alert or CAPTION_MS. The units on the map follow the same clock, so the
 * line starts at a drawn unit.
 */
export const useWallUnitsStore = defineStore('wallUnits', () => {
  const live = useLiveStore()
  const units = useUnitsStore()
  const view = useViewStore()
  const analytics = useAnalyticsStore()

  const alert = shallowRef<LiveAlert | null>(null)
  const result = shallowRef<WallAlertUnit | null>(null)
  const state = ref<AnalyticsState>('idle')
  const error = ref<string | null>(null)
  const run = latestOnly(result, state, error)
  let expiry: ReturnType<typeof setTimeout> | null = null
  /** the line's width in pixels: ×2 on a 3840 × 2160 wall, as the wall's symbols and type grow */
  const widthPx = 8 * Math.max(1, Math.min(window.innerWidth / 1920, window.innerHeight / 1080))

  function expireIn(ms: number) {
    if (expiry) clearTimeout(expiry)
    expiry = setTimeout(() => {
      alert.value = null
      expiry = null
    }, ms)
  }

  // The caption shows for CAPTION_MS from when it is ranked among the tracks that answer it, not
  // from the alert's arrival: the alert joining the incidents makes the units' day generated again
  // with it, which on a busy wall took longer than CAPTION_MS after a first ranking among the old
  // tracks, so the alert was let go before its own ranking came. While the day is generated again
  // the alert waits up to RANK_WAIT_MS; unranked by then, it is let go (the units go back to the
  // timeline's clock).
  watch(() => live.newest, (a) => {
    if (!a || !view.visible.has('units')) return
    alert.value = a
    expireIn(RANK_WAIT_MS)
  })
  watch(() => units.tracksState, (s) => {
    if (s === 'running' && alert.value) expireIn(RANK_WAIT_MS)
  })
  watch(result, (r) => {
    if (r && r.alert === alert.value && units.tracksState !== 'running') expireIn(CAPTION_MS)
  })

  // new tracks (the data's latest day moved on) rank the same alert again among them
  watch([alert, () => units.tracks, () => view.visible.has('units')], ([a, tr, shown]) => {
    if (!a || !tr || !shown) {
      result.value = null
      units.wallTime = null
      return
    }
    // live units are ranked where they are now, the demo's day where it was at the alert's time
    const time = units.live ? tr.span[1] : unitsTimeForAlert(a.time, tr.span)
    units.wallTime = time
    void run(async () => {
      const r = await analytics.incidentsRemote()
      if (!r) return null
      const n = await r.nearestUnits({ lon: a.lon, lat: a.lat, time, top: 1 })
      const unit = n.units[0] && Number.isFinite(n.units[0].etaS) ? n.units[0] : null
      return alert.value === a ? { alert: a, time, unit, route: unit ? n.route : null, tracksAlerts: tr.alerts } : null
    })
  })

  return { alert, result, state, error, widthPx }
})

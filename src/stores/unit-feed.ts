import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, watch } from 'vue'
import { errorMessage } from '../core/text-format'
import { openUnitFeed, type UnitFeedState } from '../io/unit-feed-connection'
import type { UnitFeedResult } from '../workers/analytics-unit-feed'
import { useAnalyticsStore } from './analytics'
import { useConfigStore } from './config'
import { useServerStore } from './server'
import { useViewStore } from './view'

/** Fix lines go to the worker this often: one batch of lines, not one call per fix. */
export const UNIT_FEED_BATCH_MS = 1000
/** Lines waiting while the worker is busy; beyond this the oldest go (a unit's next fix makes good). */
const MAX_QUEUED = 50_000

/**
 * Live units (issue 26, point 1): while config.json names a units feed (`live.units`), or the
 * page is a seat signed in to the server (its district's fix stream), and the `units` layer is shown, the feed's fix lines go in batches to the analytics worker, whose ring
 * buffers become the units' tracks (workers/analytics-unit-feed.ts); the units store then draws
 * and ranks the units at the feed's clock instead of the demo's generated day.
 */
export const useUnitFeedStore = defineStore('unitFeed', () => {
  const config = useConfigStore()
  const view = useViewStore()
  const analytics = useAnalyticsStore()

  const server = useServerStore()
  // a configured feed first; a seat signed in to the command centre's server reads its district's
  // fixes (src/server/unit-fix-routes.ts)
  const url = computed(() => config.config.live?.units
    ?? (server.mode === 'in' && server.districtId !== null ? `${server.apiBase()}api/districts/${server.districtId}/unit-fixes/live` : null))
  /** the feed drives the units */
  const on = computed(() => url.value !== null && view.visible.has('units'))
  const state = ref<'off' | UnitFeedState>('off')
  /** the feed's tracks after the last batch: units, fixes held, span [oldest kept, the feed's clock] */
  const tracks = shallowRef<UnitFeedResult | null>(null)
  /** fixes kept and lines left out since the feed started */
  const taken = ref(0)
  const rejected = ref(0)
  const error = ref<string | null>(null)

  let close: (() => void) | null = null
  let queued: string[] = []
  let busy = false
  let generation = 0

  async function drain(gen: number) {
    if (busy) return
    busy = true
    try {
      while (queued.length > 0 && gen === generation) {
        const lines = queued
        queued = []
        const r = await analytics.incidentsRemote()
        if (gen !== generation) break
        if (!r) {
          // no worker yet (the incidents are still loading): the lines wait for the next batch
          queued = lines.concat(queued)
          if (queued.length > MAX_QUEUED) queued.splice(0, queued.length - MAX_QUEUED)
          break
        }
        const res = await r.unitFeedAppend(lines)
        if (gen !== generation) break
        taken.value += res.taken
        rejected.value += res.rejected
        tracks.value = markRaw(res)
        error.value = null
      }
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      busy = false
    }
  }

  function stop() {
    generation++
    close?.()
    close = null
    queued = []
    state.value = 'off'
    if (tracks.value) void analytics.incidentsRemote().then((r) => r?.unitFeedReset())
    tracks.value = null
  }

  watch([on, url], ([isOn, u]) => {
    stop()
    if (!isOn || u === null) return
    const gen = generation
    taken.value = rejected.value = 0
    close = openUnitFeed(new URL(u, window.location.href).href, UNIT_FEED_BATCH_MS, (lines) => {
      queued = queued.concat(lines)
      if (queued.length > MAX_QUEUED) queued.splice(0, queued.length - MAX_QUEUED)
      void drain(gen)
    }, (s) => {
      if (gen === generation) state.value = s
    })
  }, { immediate: true })

  return { url, on, state, tracks, taken, rejected, error }
})

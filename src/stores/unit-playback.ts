import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { playbackWindow, positionAt, type PlaybackPosition } from '../core/unit-playback'
import type { UnitListResult, UnitTrackResult } from '../workers/analytics-playback'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useFiltersStore } from './filters'
import { useTimelineStore } from './timeline'
import { useUnitsStore } from './units'
import { useViewStore } from './view'

/** Seconds of track per second of play: a minute, five, a quarter of an hour, an hour. */
export const PLAYBACK_SPEEDS = [60, 300, 900, 3600] as const
/** How often the clock moves while playing: smooth enough for a symbol, few enough redraws. */
const TICK_MS = 50

/**
 * A unit's track played back on the timeline (issue 26, point 1): the unit picked, its track
 * for the timeline's window (sliced in the worker), and the playback clock. While a unit is
 * picked the map draws every unit at that clock (units.playTime); the timeline's own play,
 * which moves the window, and this one pause each other.
 */
export const useUnitPlaybackStore = defineStore('unitPlayback', () => {
  const units = useUnitsStore()
  const filters = useFiltersStore()
  const timeline = useTimelineStore()
  const analytics = useAnalyticsStore()
  const view = useViewStore()

  const list = shallowRef<UnitListResult | null>(null)
  const unitId = ref<string | null>(null)
  const track = shallowRef<UnitTrackResult | null>(null)
  const state = ref<AnalyticsState>('idle')
  const error = ref<string | null>(null)
  const runTrack = latestOnly(track, state, error)
  const listState = ref<AnalyticsState>('idle')
  const listError = ref<string | null>(null)
  const runList = latestOnly(list, listState, listError)

  const now = ref<number | null>(null)
  const playing = ref(false)
  const speed = ref<number>(PLAYBACK_SPEEDS[1])
  let timer: ReturnType<typeof setInterval> | undefined
  let last = 0

  // new tracks (regenerated, imported) have their own units: the pick goes when its unit does
  watch(() => units.tracks, (tr) => {
    void runList(async () => (tr ? (await analytics.incidentsRemote())?.unitList() ?? null : null)).then(() => {
      if (unitId.value !== null && !list.value?.ids.includes(unitId.value)) close()
    })
  }, { immediate: true })

  /** the timeline's window within the tracks' span, both ends included; null: no fixes in it */
  const range = computed<[number, number] | null>(() => {
    const tr = units.tracks
    if (!tr) return null
    const { from, to, hours } = filters.spec
    return playbackWindow(tr.span, { from, to, hours })
  })

  // by the window's ends (a filter change that keeps them slices nothing), and again for new tracks of the same span
  watch([unitId, () => range.value?.[0], () => range.value?.[1], () => units.tracks], ([id]) => {
    const w = range.value
    if (id === null || w === null) {
      track.value = null
      return
    }
    void runTrack(async () => (await analytics.incidentsRemote())?.unitTrack({ unitId: id, from: w[0], to: w[1] }) ?? null)
    // the clock stays where it was when the window still holds it
    if (now.value === null || now.value < w[0] || now.value > w[1]) now.value = w[0]
  })

  const position = computed<PlaybackPosition | null>(() => {
    const t = track.value
    return t && now.value !== null ? positionAt(t.slice, now.value) : null
  })

  // every unit on the map at the clock while a unit is picked
  watch([unitId, now], ([id, t]) => {
    units.playTime = id === null ? null : t
  })

  function tick() {
    const w = range.value
    const at = performance.now()
    if (!w || now.value === null) return pause()
    const next = now.value + (at - last) * speed.value
    last = at
    if (next >= w[1]) {
      now.value = w[1]
      pause()
    } else now.value = next
  }

  function play() {
    const w = range.value
    if (!w || unitId.value === null) return
    // from the start again once played to the end
    if (now.value === null || now.value >= w[1]) now.value = w[0]
    timeline.pause()
    clearInterval(timer)
    playing.value = true
    last = performance.now()
    timer = setInterval(tick, TICK_MS)
  }

  function pause() {
    playing.value = false
    clearInterval(timer)
    timer = undefined
  }

  /** Moves the clock (the scrubber), inside the window. */
  function seek(t: number) {
    const w = range.value
    if (w) now.value = Math.min(w[1], Math.max(w[0], t))
  }

  function pick(id: string | null) {
    if (id === unitId.value) return
    pause()
    unitId.value = id
    if (id === null) now.value = null
  }

  function close() {
    pick(null)
  }

  // the units layer switched off takes its playback with it
  watch(() => view.visible.has('units'), (shown) => {
    if (!shown) close()
  })

  // the timeline playing moves the window: the track's clock waits
  watch(() => timeline.playing, (p) => {
    if (p) pause()
  })

  return { list, unitId, track, state, error, range, now, playing, speed, position, play, pause, seek, pick, close }
})

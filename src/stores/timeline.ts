import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { monthOf, previousPeriod, sameperiodLastYear, type Period } from '../core/periods'
import { localMidnight, type TimeHistogram } from '../core/time-histogram'
import { rangeReaches, wholeMonthsAround } from '../core/incident-window'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useDataStore } from './data'
import { useFiltersStore } from './filters'

const HOUR_MS = 3600_000
const DAY_MS = 24 * HOUR_MS

/** What play moves: a day or a week across the dates, or a 1- or 3-hour window around the clock. */
export type PlayMode = 'day' | 'week' | 'hour' | 'hours3'
export const PLAY_MODES: readonly PlayMode[] = ['day', 'week', 'hour', 'hours3']
/** steps per second */
export const SPEEDS = [0.5, 1, 2, 4] as const
/** side by side: the selected period against the one before (环比) or the same one a year earlier (同比) */
export type CompareMode = 'off' | 'mom' | 'yoy'

const windowMs = (m: PlayMode) => (m === 'week' ? 7 * DAY_MS : DAY_MS)
const hourWidth = (m: PlayMode) => (m === 'hours3' ? 3 : 1)
/** local hours [start, end) of the window starting at `start`, end 24 rather than 0 when it ends at midnight */
export function hourWindow(start: number, width: number): [number, number] {
  const end = start + width
  return [start, end === 24 ? 24 : end % 24]
}

/**
 * The timeline: its histogram (from the worker), play state and the side-by-side comparison.
 * It drives the shared filter's dates (and its hours when playing by hour); the map and every
 * panel follow the filter, so the timeline never draws incidents itself.
 */
export const useTimelineStore = defineStore('timeline', () => {
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  const filters = useFiltersStore()

  const histogram = shallowRef<TimeHistogram | null>(null)
  const state = ref<AnalyticsState>('idle')
  const error = ref<string | null>(null)
  const runHistogram = latestOnly(histogram, state, error)
  let debounce: ReturnType<typeof setTimeout> | undefined
  // Bars follow every filter field but the dates (those are the brush). Debounced, so that
  // dragging an hour slider or playing by hour does not queue a request per change; the
  // analytics store posts new incidents to the worker before this runs (see selection.ts).
  watch(() => {
    const { categories, subtypes, hours, weekdays } = filters.spec
    return [data.incidents, JSON.stringify({ categories, subtypes, hours, weekdays })] as const
  }, () => {
    clearTimeout(debounce)
    debounce = setTimeout(() => {
      const inc = data.incidents
      const spec = filters.plain()
      // the page holds a window of the incidents: the bars span all of them, counted where they are
      const remote = data.sourceAnalytics
      if (inc && remote) {
        const { categories, subtypes, hours, weekdays } = spec
        void runHistogram(() => remote.histogram({ categories, hours, weekdays, subtypes: subtypes && subtypes.map((k) => inc.subtypes[k] ?? '') }))
        return
      }
      void runHistogram(async () => (inc ? (await analytics.incidentsRemote())?.histogram(spec, null) ?? null : null))
    }, 150)
  }, { immediate: true })

  // New incidents (an import, back to the demo) that lack the brushed dates would show an empty
  // map and timeline: the brush goes, and with it the comparison moves to their latest month.
  // Dates the data still reach stay brushed, as the ranking keeps a month they hold (analytics.ts).
  watch(() => data.incidents, (now, before) => {
    const { from, to } = filters.spec
    if (now === before || (from === null && to === null) || analytics.heldElsewhere()) return
    if (!rangeReaches(analytics.heldRange(), { from: from ?? -Infinity, to: to ?? Infinity })) filters.set({ from: null, to: null })
  })

  /** the data's extent on bin boundaries, [from, to) */
  const extent = computed<Period | null>(() => {
    const h = histogram.value
    return h && h.counts.length ? { from: h.from, to: h.from + h.counts.length * h.binMs } : null
  })
  /** the local month of the latest incident: what a comparison shows when no dates are brushed */
  const lastMonth = computed(() => (histogram.value?.range ? monthOf(histogram.value.range[1]) : null))

  const mode = ref<PlayMode>('day')
  const speed = ref<number>(1)
  const playing = ref(false)
  let timer: ReturnType<typeof setInterval> | undefined

  /** one step of play: the next window (wrapping at the end of the data, or of the day) */
  function step() {
    const m = mode.value
    if (m === 'hour' || m === 'hours3') {
      const h = filters.spec.hours
      const next = h ? (h[0] + 1) % 24 : 0
      filters.set({ hours: hourWindow(next, hourWidth(m)) })
      return
    }
    const e = extent.value
    if (!e) return
    const len = windowMs(m)
    const { from, to } = filters.spec
    // a window of this length already shown: move on; else start one at the brush's (or data's) start
    let start = from !== null && to !== null && to - from === len ? from + len : localMidnight(from ?? e.from)
    if (start >= e.to) start = e.from
    filters.set({ from: start, to: start + len })
  }

  function stopTimer() {
    clearInterval(timer)
    timer = undefined
  }
  function play() {
    stopTimer()
    playing.value = true
    step()
    timer = setInterval(step, 1000 / speed.value)
  }
  function pause() {
    playing.value = false
    stopTimer()
  }
  // a new speed or mode while playing takes effect at once
  watch([speed, mode], () => {
    if (playing.value) play()
  })

  const compare = ref<CompareMode>('off')
  /** the compared periods: the brushed dates (or the data's last month) and their 环比 / 同比 base */
  const comparePeriods = computed<{ current: Period; base: Period } | null>(() => {
    const e = extent.value
    if (!e || !lastMonth.value || compare.value === 'off') return null
    const { from, to } = filters.spec
    const current = from === null && to === null ? lastMonth.value : { from: from ?? e.from, to: to ?? e.to }
    return { current, base: compare.value === 'mom' ? previousPeriod(current) : sameperiodLastYear(current) }
  })

  // What the map and the panels need in the page: the brushed dates and the compared base
  // period (the latest months when nothing is brushed). Whole months are loaded when the page
  // holds a window that lacks them; debounced, so that a brush being dragged loads once.
  let windowDebounce: ReturnType<typeof setTimeout> | undefined
  watch(() => [filters.spec.from, filters.spec.to, comparePeriods.value, data.incidentWindow] as const, ([from, to, periods, window]) => {
    if (!window) return
    clearTimeout(windowDebounce)
    const range = data.incidentExtent?.range
    const brushed = from === null && to === null ? null : { from: from ?? range?.[0] ?? window.from, to: to ?? (range ? range[1] + 1 : window.to) }
    const needed = brushed === null ? null : wholeMonthsAround(periods ? [brushed, periods.current, periods.base] : [brushed])
    windowDebounce = setTimeout(() => void data.showIncidentPeriod(needed ?? (periods ? wholeMonthsAround([periods.current, periods.base]) : null)), 300)
  })

  return { histogram, state, error, extent, mode, speed, playing, step, play, pause, compare, comparePeriods }
})

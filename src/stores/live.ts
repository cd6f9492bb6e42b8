import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef, watch } from 'vue'
import type { LiveConfig, RefreshConfig } from '../core/app-config'
import { packedString, type IncidentColumns } from '../core/incidents'
import { readIncidentsCsv } from '../io/incidents-csv'
import { appendIncidents } from '../io/live-incidents'
import { DEFAULT_LIVE_KEEP, trimLiveWindow, type IntakeResult } from '../io/live-intake'
import type { LiveFeedReport, LiveFeedStart } from '../workers/contracts'
import { loadIncidents } from '../workers/incidents-client'
import { useDataStore } from './data'
import { useAnalyticsStore } from './analytics'
import { errorMessage } from '../core/text-format'
import { FLASH_MS, type Flash } from '../core/live-flash'
import { useServerStore } from './server'

/** Files up to this size are read on the UI thread (a worker's start costs more); bigger ones in the incidents worker. */
const UI_THREAD_BYTES = 2 << 20
/** Live messages are read (and flashed) this often: one batch of columns, not one copy per message. */
export const LIVE_BATCH_MS = 1000
/**
 * Read batches join the incidents at most this often, and only once the analyses of the last
 * change have finished: every change is re-sent to the worker and re-analysed, and changes
 * faster than the worker can analyse would queue up there and never show a result.
 */
export const LIVE_APPLY_MS = 3000
/** Flashes drawn at once, the newest kept. */
export const MAX_FLASHES = 5000

/** A live incident: its id, place, time (epoch ms) and when it arrived here. */
export interface LiveAlert { id: string; lon: number; lat: number; time: number; at: number }

export type LiveState = 'off' | 'connecting' | 'open' | 'broken'

/**
 * Data refresh and live incidents for the wall. Whatever fails, the last good incidents stay
 * on the map: a refresh replaces them only once the new file is completely read, and a broken
 * live connection only stops the additions (it is retried with a growing delay).
 */
export const useLiveStore = defineStore('live', () => {
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  /** when the incidents on screen were last replaced or added to (epoch ms) */
  const updatedAt = ref<number | null>(data.incidents ? Date.now() : null)
  // any new incidents count: the first load, a refresh, a live batch, an import at the desk
  watch(() => data.incidents, (v) => {
    if (v) updatedAt.value = Date.now()
    // a refresh or an import replaced everything, live rows included
    if (v !== joined) liveOnMap.value = 0
  })
  const refreshError = ref<string | null>(null)
  const refreshes = ref(0)
  const liveState = ref<LiveState>('off')
  /** new incidents read from the live endpoint since start (each id once) */
  const arrived = ref(0)
  /** messages that were no incident, or rows the reader rejected */
  const rejected = ref(0)
  /** messages dropped unread for their length */
  const oversized = ref(0)
  /** incidents whose id had been read already (a server resending after a reconnect) */
  const replayed = ref(0)
  /** live incidents that left (or never reached) the map because the live window was full */
  const trimmed = ref(0)
  /** live incidents on the map now */
  const liveOnMap = ref(0)
  /** connection attempts after the first */
  const reconnects = ref(0)
  const flashes = shallowRef<Flash[]>([])
  /** the newest incident read from the live endpoint (the wall names its nearest unit) */
  const newest = shallowRef<LiveAlert | null>(null)
  /** the clock the flash overlay animates with (ticks only while something flashes) */
  const now = ref(Date.now())

  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let batchTimer: ReturnType<typeof setInterval> | null = null
  let flashTimer: ReturnType<typeof setInterval> | null = null
  let closeLive: (() => void) | null = null
  let stopped = true

  // ------------------------------------------------------------------ refresh

  async function readSnapshot(url: string): Promise<IncidentColumns> {
    const res = await fetch(url, { cache: 'no-store' })
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
    const size = Number(res.headers.get('content-length'))
    let columns: IncidentColumns
    let errors: string[]
    if (size > 0 && size <= UI_THREAD_BYTES) {
      const r = readIncidentsCsv(new Uint8Array(await res.arrayBuffer()), { fileName: url })
      ;({ columns } = r)
      errors = r.report.errors
    } else {
      // big or of unknown size: the incidents worker fetches and reads it off the UI thread
      void res.body?.cancel()
      const r = await loadIncidents({ url }, { fileName: url })
      ;({ columns } = r)
      errors = r.report.errors
    }
    // an error page or a truncated export must not empty the wall
    if (errors.length) throw new Error(errors[0])
    if (columns.count === 0 && (data.incidents?.count ?? 0) > 0) throw new Error(`${url}: no incident could be read`)
    return columns
  }

  /** One refresh: the new incidents replace the old ones in a single assignment (no blank frame in between). */
  async function refreshOnce(url: string): Promise<boolean> {
    try {
      const columns = await readSnapshot(url)
      if (stopped) return false
      data.incidents = markRaw(columns)
      refreshes.value++
      refreshError.value = null
      return true
    } catch (e) {
      refreshError.value = errorMessage(e)
      return false
    }
  }

  let generation = 0
  /**
   * The configured source is the authority: it replaces the start-up incidents as soon as those
   * are in (not before, or the start-up load would land on top of it), then every intervalS.
   */
  async function firstRefresh(cfg: RefreshConfig, gen: number) {
    await new Promise<void>((resolve) => {
      const settled = () => !['idle', 'loading'].includes(data.incidentLoad.state)
      if (settled()) return resolve()
      const stopWatch = watch(settled, (ok) => {
        if (ok) {
          stopWatch()
          resolve()
        }
      })
    })
    if (gen !== generation || stopped) return
    await refreshOnce(cfg.url)
    if (gen === generation && !stopped) scheduleRefresh(cfg)
  }

  function scheduleRefresh(cfg: RefreshConfig) {
    refreshTimer = setTimeout(async () => {
      await refreshOnce(cfg.url)
      if (!stopped) scheduleRefresh(cfg)
    }, cfg.intervalS * 1000)
  }

  // ------------------------------------------------------------------ live

  /** read, flashed, not yet joined to the incidents (at most `keep` rows) */
  let held: IncidentColumns | null = null
  let lastApply = 0
  let keep = DEFAULT_LIVE_KEEP
  /** the incidents the last join assigned, and how many of their first rows are no live rows */
  let joined: IncidentColumns | null = null
  let base = 0

  /** A batch the feed worker read: new incidents go to `held` (and flash); counts add up. */
  function takeBatch(r: IntakeResult) {
    oversized.value += r.oversized
    rejected.value += r.rejected
    replayed.value += r.replayed
    const b = r.columns
    if (b.count === 0) return
    arrived.value += b.count
    const t = trimLiveWindow(held ? appendIncidents(held, b) : b, 0, keep)
    held = t.columns
    trimmed.value += t.trimmed
    const at = Date.now()
    // only the newest flashes: a burst of thousands is one bright cloud anyway
    const from = Math.max(0, b.count - MAX_FLASHES)
    const fresh: Flash[] = []
    for (let i = from; i < b.count; i++) fresh.push({ lon: b.lon[i], lat: b.lat[i], at })
    const alive = flashes.value.filter((f) => at - f.at < FLASH_MS)
    flashes.value = [...alive.slice(Math.max(0, alive.length + fresh.length - MAX_FLASHES)), ...fresh]
    startFlashClock()
    const k = b.count - 1
    newest.value = { id: packedString(b.id, k), lon: b.lon[k], lat: b.lat[k], time: b.time[k], at }
  }

  function flushBatch() {
    if (!data.incidents || !held || analytics.state === 'running' || Date.now() - lastApply < LIVE_APPLY_MS) return
    // a refresh or an import replaced everything: its rows are the base, the live part starts again
    if (data.incidents !== joined) base = data.incidents.count
    const t = trimLiveWindow(appendIncidents(data.incidents, held), base, keep)
    trimmed.value += t.trimmed
    joined = markRaw(t.columns)
    data.incidents = joined
    liveOnMap.value = joined.count - base
    held = null
    lastApply = Date.now()
  }

  function startFlashClock() {
    if (flashTimer) return
    flashTimer = setInterval(() => {
      now.value = Date.now()
      if (flashes.value.some((f) => now.value - f.at < FLASH_MS)) return
      flashes.value = []
      clearInterval(flashTimer!)
      flashTimer = null
    }, 250)
  }

  /**
   * The socket is read in a worker: a wall busy drawing 200,000 incidents must not leave the
   * feed unread in the network buffers, where a server that dies takes it along.
   */
  function connect(cfg: LiveConfig, resume = false) {
    liveState.value = 'connecting'
    const worker = new Worker(new URL('../workers/live-feed.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e: MessageEvent<LiveFeedReport>) => {
      if (stopped) return
      const r = e.data
      if (r.type === 'state') {
        liveState.value = r.state
        reconnects.value = r.reconnects
      } else takeBatch(r)
    }
    worker.onerror = () => {
      liveState.value = 'broken'
    }
    const start: LiveFeedStart = {
      type: 'start', url: new URL(cfg.url, window.location.href).href, kind: cfg.kind,
      remember: Math.max(keep, DEFAULT_LIVE_KEEP), batchMs: LIVE_BATCH_MS, resume,
    }
    worker.postMessage(start)
    closeLive = () => worker.terminate()
  }

  // ------------------------------------------------------------------ control

  let stopServerWatch: (() => void) | null = null

  function start(cfg: { refresh?: RefreshConfig; live?: LiveConfig; server?: { url: string } }) {
    stop()
    stopped = false
    if (cfg.refresh) void firstRefresh(cfg.refresh, ++generation)
    if (cfg.live) {
      keep = cfg.live.keep ?? DEFAULT_LIVE_KEEP
      connect(cfg.live)
      batchTimer = setInterval(flushBatch, LIVE_BATCH_MS)
    } else if (cfg.server) {
      // served by the command centre's server: its event stream of the district shown, once
      // signed in (no config.json entry needed)
      const base = cfg.server.url
      const server = useServerStore()
      stopServerWatch = watch(() => (server.mode === 'in' ? server.districtId : null), (id) => {
        closeLive?.()
        closeLive = null
        if (id === null) return
        keep = DEFAULT_LIVE_KEEP
        connect({ url: `${base}api/districts/${id}/live`, kind: 'sse' }, true)
        batchTimer ??= setInterval(flushBatch, LIVE_BATCH_MS)
      }, { immediate: true })
    }
  }

  function stop() {
    stopped = true
    stopServerWatch?.()
    stopServerWatch = null
    if (refreshTimer) clearTimeout(refreshTimer)
    for (const t of [batchTimer, flashTimer]) if (t) clearInterval(t)
    refreshTimer = batchTimer = flashTimer = null
    closeLive?.()
    closeLive = null
    held = null
    liveState.value = 'off'
  }

  return { updatedAt, refreshError, refreshes, liveState, arrived, rejected, oversized, replayed, trimmed, liveOnMap, reconnects, flashes, newest, now, start, stop, refreshOnce }
})

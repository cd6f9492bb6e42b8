import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef, watch } from 'vue'
import type { LiveConfig, RefreshConfig } from '../core/app-config'
import type { IncidentColumns } from '../core/incidents'
import { readIncidentsCsv } from '../io/incidents-csv'
import { appendIncidents, readLiveBatch } from '../io/live-incidents'
import { loadIncidents } from '../workers/incidents-client'
import { useDataStore } from './data'
import { useAnalyticsStore } from './analytics'

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
/** How long a new incident flashes on the map. */
export const FLASH_MS = 5000
/** Messages held while no incidents are loaded yet (the demo still streaming in). */
const MAX_PENDING = 20_000

export interface Flash { lon: number; lat: number; at: number }
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
  })
  const refreshError = ref<string | null>(null)
  const refreshes = ref(0)
  const liveState = ref<LiveState>('off')
  /** incidents appended from the live endpoint since start */
  const arrived = ref(0)
  /** messages that were no incident, or rows the reader rejected */
  const rejected = ref(0)
  const flashes = shallowRef<Flash[]>([])
  /** the clock the flash overlay animates with (ticks only while something flashes) */
  const now = ref(Date.now())

  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let batchTimer: ReturnType<typeof setInterval> | null = null
  let flashTimer: ReturnType<typeof setInterval> | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let closeLive: (() => void) | null = null
  let pending: string[] = []
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
      refreshError.value = e instanceof Error ? e.message : String(e)
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

  /** read, flashed, not yet joined to the incidents */
  let held: IncidentColumns | null = null
  let lastApply = 0

  function flushBatch() {
    if (!data.incidents) return
    if (pending.length) {
      const batch = readLiveBatch(pending)
      pending = []
      rejected.value += batch.unreadable + batch.report.rejectedCount
      const b = batch.columns
      if (b.count > 0) {
        held = held ? appendIncidents(held, b) : b
        const at = Date.now()
        const fresh: Flash[] = []
        for (let i = 0; i < b.count; i++) fresh.push({ lon: b.lon[i], lat: b.lat[i], at })
        flashes.value = [...flashes.value.filter((f) => at - f.at < FLASH_MS), ...fresh]
        startFlashClock()
      }
    }
    if (held && analytics.state !== 'running' && Date.now() - lastApply >= LIVE_APPLY_MS) {
      data.incidents = markRaw(appendIncidents(data.incidents, held))
      arrived.value += held.count
      held = null
      lastApply = Date.now()
    }
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

  function onMessage(text: string) {
    if (pending.length < MAX_PENDING) pending.push(text)
  }

  function connect(cfg: LiveConfig, attempt = 0) {
    liveState.value = 'connecting'
    const retry = () => {
      closeLive?.()
      closeLive = null
      liveState.value = 'broken'
      if (stopped) return
      // 1 s, 2 s, 4 s … at most 30 s between tries
      retryTimer = setTimeout(() => connect(cfg, attempt + 1), Math.min(30_000, 1000 * 2 ** attempt))
    }
    try {
      if (cfg.kind === 'sse') {
        const es = new EventSource(cfg.url)
        es.onopen = () => {
          liveState.value = 'open'
          attempt = 0
        }
        es.onmessage = (e: MessageEvent<string>) => onMessage(e.data)
        // EventSource retries by itself; we take over so that the mark and the delay are ours
        es.onerror = retry
        closeLive = () => es.close()
      } else {
        const ws = new WebSocket(new URL(cfg.url, window.location.href).href.replace(/^http/, 'ws'))
        ws.onopen = () => {
          liveState.value = 'open'
          attempt = 0
        }
        ws.onmessage = (e: MessageEvent) => {
          if (typeof e.data === 'string') onMessage(e.data)
        }
        ws.onclose = retry
        closeLive = () => {
          ws.onclose = null
          ws.close()
        }
      }
    } catch {
      retry()
    }
  }

  // ------------------------------------------------------------------ control

  function start(cfg: { refresh?: RefreshConfig; live?: LiveConfig }) {
    stop()
    stopped = false
    if (cfg.refresh) void firstRefresh(cfg.refresh, ++generation)
    if (cfg.live) {
      connect(cfg.live)
      batchTimer = setInterval(flushBatch, LIVE_BATCH_MS)
    }
  }

  function stop() {
    stopped = true
    for (const t of [refreshTimer, retryTimer]) if (t) clearTimeout(t)
    for (const t of [batchTimer, flashTimer]) if (t) clearInterval(t)
    refreshTimer = retryTimer = batchTimer = flashTimer = null
    closeLive?.()
    closeLive = null
    pending = []
    held = null
    liveState.value = 'off'
  }

  return { updatedAt, refreshError, refreshes, liveState, arrived, rejected, flashes, now, start, stop, refreshOnce }
})

import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { errorMessage } from '../core/text-format'
import { roleAtLeast } from '../io/server-api'
import { briefingFileUrl, briefingsByDay, serverBriefings, serverMakeBriefing, type BriefingEntry } from '../io/server-briefings'
import { latestFetch } from './latest-fetch'
import { useServerStore } from './server'

/** how often the open list asks again while a briefing is being made */
const POLL_MS = 3000
/** after asking for one: how long the list is asked again before the server shows it being made (it may be queued behind another district's) */
const WATCH_MS = 120_000

/**
 * The daily briefings the server makes for the shown district (server mode): the list while
 * the dialog is open, asked again every few seconds while one is being made; an admin's
 * "make today's now".
 */
export const useBriefingsStore = defineStore('briefings', () => {
  const server = useServerStore()
  const open = ref(false)
  const list = shallowRef<BriefingEntry[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)
  const requesting = ref(false)
  let poll: ReturnType<typeof setTimeout> | null = null
  const fetcher = latestFetch(loading, error)
  /** until when the list is asked again though nothing is being made yet (0: not watching) */
  let watchUntil = 0

  const available = computed(() => server.mode === 'in' && server.districtId !== null)
  const canMake = computed(() => available.value && server.user !== null && roleAtLeast(server.user.role, 'admin'))
  const days = computed(() => briefingsByDay(list.value))
  const making = computed(() => list.value.some((b) => b.status === 'making'))

  function stopPolling() {
    if (poll) clearTimeout(poll)
    poll = null
  }

  async function load() {
    const id = server.districtId
    if (id === null) return
    stopPolling()
    const done = await fetcher.run(async (signal) => {
      list.value = await serverBriefings(server.apiBase(), id, signal)
    })
    if (!done) return
    if (making.value) watchUntil = 0
    if (open.value && (making.value || requesting.value || Date.now() < watchUntil)) poll = setTimeout(() => void load(), POLL_MS)
  }

  function show() {
    open.value = true
    void load()
  }

  function close() {
    open.value = false
    stopPolling()
    fetcher.abort()
  }

  /** Asks the server for today's briefing now; the list follows it until it is made. */
  async function makeNow() {
    const id = server.districtId
    if (id === null) return
    requesting.value = true
    error.value = null
    try {
      await serverMakeBriefing(server.apiBase(), id)
      watchUntil = Date.now() + WATCH_MS
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      requesting.value = false
    }
    await load()
  }

  const fileUrl = (b: BriefingEntry) => briefingFileUrl(server.apiBase(), server.districtId!, b.id)

  return { open, list, days, loading, error, requesting, making, available, canMake, show, close, load, makeNow, fileUrl }
})

import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DatasetKind } from '../io/dataset-kinds'
import type { ImportReport } from '../io/import-report'
import { probeServer, roleAtLeast, type ServerProbe, serverDistricts, ServerError, serverLoad, serverLogin, serverLogout, type ServerDistrict, type ServerLoadQuery, type ServerUser } from '../io/server-api'
import { createServerSource } from '../io/server-source'
import { loadIncidents } from '../workers/incidents-client'
import { errorMessage } from '../core/text-format'
import { useDataStore } from './data'
import { useConfigStore } from './config'

/** probing: asking /api/me; none: the browser-only app; login: the server wants a user; in: signed in */
export type ServerMode = 'probing' | 'none' | 'login' | 'in'

/** Why a login failed, for the form's message. */
export type LoginFailure = 'wrong' | 'tooMany' | 'unreachable' | 'other'

/** sessionStorage: the district this tab showed last, shown again after a reload */
const DISTRICT_KEY = 'pingan-map-district'

/** The server and district whose shared scenes and plans the stores read and write. */
export interface SeatServer { base: string; districtId: number }

/** What POST /api/districts/:id/load answers. */
export interface ServerLoadAnswer { report: ImportReport; stored: Record<string, number> }

/**
 * Whether the app runs against the command centre's server, who is signed in and which
 * district is shown. The data store reads the district through the server source; without a
 * server the app is the browser-only app (the user's imports, then the demo).
 */
export const useServerStore = defineStore('server', () => {
  const data = useDataStore()
  /** where the API answers: the page's own base, or the path config.json names (server.url) */
  let base = import.meta.env.BASE_URL
  const mode = ref<ServerMode>('probing')
  const user = shallowRef<ServerUser | null>(null)
  const districts = shallowRef<ServerDistrict[]>([])
  const districtId = ref<number | null>(null)
  const loginFailure = ref<LoginFailure | null>(null)
  const loginMessage = ref('')
  const busy = ref(false)
  /** the server answered but something after the login failed (no district granted, districts unreadable) */
  const error = ref<string | null>(null)

  /** Where scenes and plans live, once known: null for the browser-only app (IndexedDB), else the shown district on the server. */
  let settleSeats: (where: SeatServer | null) => void = () => {}
  const seats = new Promise<SeatServer | null>((resolve) => { settleSeats = resolve })
  let seatsDistrict: number | null = null

  const district = computed(() => districts.value.find((d) => d.id === districtId.value) ?? null)
  /** the city view covers the desk: its district's data is read once the desk is shown, not underneath the city map */
  let deskCovered = false
  /** the district whose data the desk has read (or is reading) */
  let deskRead: number | null = null
  const canImport = computed(() => mode.value !== 'in' || (user.value !== null && roleAtLeast(user.value.role, 'admin')))

  /**
   * Start-up: config.json (which the app reads anyway) names the server when there is one (the
   * server adds it to the file it serves); without it the browser-only app loads and nothing
   * more is asked.
   */
  async function start() {
    const config = useConfigStore()
    await config.ready
    const configured = config.config.server?.url
    if (configured) base = configured
    const probe: ServerProbe = configured ? await probeServer(base) : { mode: 'none' }
    if (probe.mode === 'none') {
      mode.value = 'none'
      settleSeats(null)
      await data.init()
      return
    }
    if (probe.mode === 'login') {
      mode.value = 'login'
      return
    }
    await signedIn(probe.user)
  }

  async function signedIn(u: ServerUser) {
    user.value = u
    mode.value = 'in'
    try {
      districts.value = await serverDistricts(base)
    } catch (e) {
      error.value = errorMessage(e)
      return
    }
    if (districts.value.length === 0) {
      error.value = 'noDistrict'
      return
    }
    const remembered = Number(sessionStorage.getItem(DISTRICT_KEY))
    await showDistrict(districts.value.some((d) => d.id === remembered) ? remembered : districts.value[0].id)
  }

  async function showDistrict(id: number) {
    const d = districts.value.find((x) => x.id === id)
    if (!d) return
    // the scenes and plans follow the first district shown; another one is a fresh page (whose
    // unload guard asks first while plan edits are unsaved), so no edit is written to the wrong district
    if (seatsDistrict !== null && seatsDistrict !== id) {
      sessionStorage.setItem(DISTRICT_KEY, String(id))
      window.location.reload()
      return
    }
    seatsDistrict = id
    sessionStorage.setItem(DISTRICT_KEY, String(id))
    districtId.value = id
    settleSeats({ base, districtId: id })
    await readDesk()
  }

  /** The shown district's data for the desk, once, unless the city view covers the desk. */
  async function readDesk() {
    const d = district.value
    if (deskCovered || !d || deskRead === d.id) return
    deskRead = d.id
    await data.init([createServerSource({
      base, districtId: d.id, districtName: d.name, windowMonths: useConfigStore().config.server?.windowMonths,
      readColumns: (url, { fileName, signal, onProgress }) => loadIncidents({ url, columns: true }, { fileName, signal, onProgress }),
    })])
  }

  /** Whether the city view covers the desk; uncovered, the desk reads its district if it has not yet. */
  function coverDesk(covered: boolean) {
    deskCovered = covered
    if (!covered) void readDesk()
  }

  async function login(name: string, password: string) {
    busy.value = true
    loginFailure.value = null
    loginMessage.value = ''
    try {
      const u = await serverLogin(base, name, password)
      await signedIn(u)
    } catch (e) {
      const status = e instanceof ServerError ? e.status : 0
      loginFailure.value = status === 401 ? 'wrong' : status === 429 ? 'tooMany' : status === 0 ? 'unreachable' : 'other'
      loginMessage.value = errorMessage(e)
    } finally {
      busy.value = false
    }
  }

  async function logout() {
    try {
      await serverLogout(base)
    } finally {
      // nothing of the session's data stays in the page
      window.location.reload()
    }
  }

  /** Loads a file into the shown district (admin); the kind is then read again from the server. */
  async function loadFile(kind: DatasetKind, file: Blob, q: Omit<ServerLoadQuery, 'kind'>): Promise<ServerLoadAnswer> {
    if (districtId.value === null) throw new Error('no district')
    const answer = await serverLoad<ServerLoadAnswer>(base, districtId.value, file, { ...q, kind })
    // population changes the areas' column on the server: the area layers are read again
    const kinds: DatasetKind[] = kind === 'population' ? ['streets', 'compounds', 'grids', 'keySites'] : [kind]
    await Promise.all(kinds.map((k) => data.reload(k)))
    return answer
  }

  /** where the API answers, for the stores of other server features */
  const apiBase = () => base
  /** Resolves once it is known where scenes and plans live (after the login in server mode). */
  const seatServer = () => seats

  return { mode, user, districts, districtId, district, loginFailure, loginMessage, busy, error, canImport, start, login, logout, showDistrict, coverDesk, loadFile, apiBase, seatServer }
})

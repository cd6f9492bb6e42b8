import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { parseLocalDate } from '../core/periods'
import type { AuditEntry } from '../io/audit-csv'
import { serverAudit, serverReportExport, type ExportReport } from '../io/server-audit'
import { roleAtLeast } from '../io/server-api'
import { latestFetch } from './latest-fetch'
import { useServerStore } from './server'

const DAY_MS = 86_400_000
export const AUDIT_PAGE_SIZE = 50

/**
 * The action filter's choices: a family (every user.* row) or one code. Codes written by the
 * database's row trigger for tables added later (scene.*, plan.*) are listed too.
 */
export const AUDIT_ACTIONS = [
  'login', 'login.failed', 'logout', 'import', 'import.refused', 'export', 'alerts',
  'user', 'user.create', 'user.password', 'user.change', 'user.delete',
  'grant', 'grant.add', 'grant.remove', 'district', 'scene', 'plan',
  'briefing', 'briefing.made', 'briefing.failed', 'briefing.request', 'briefing.download',
] as const

export interface AuditFilters { from: string; to: string; user: string; action: string }

const NO_FILTERS: AuditFilters = { from: '', to: '', user: '', action: '' }

/**
 * The audit trail table (admins, server mode): the filters as typed, the page shown, and the
 * app's own export events, reported to the server when it runs against one.
 */
export const useAuditStore = defineStore('audit', () => {
  const server = useServerStore()
  const open = ref(false)
  const filters = ref<AuditFilters>({ ...NO_FILTERS })
  /** the filters of the page shown (the form may have been edited since) */
  let applied: AuditFilters = { ...NO_FILTERS }
  const offset = ref(0)
  const rows = shallowRef<AuditEntry[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** a date in the form that is no date */
  const badDate = ref(false)
  const fetcher = latestFetch(loading, error)

  const available = computed(() => server.mode === 'in' && server.user !== null && roleAtLeast(server.user.role, 'admin'))

  /** [from, to) of the form's local dates; null when one is not a date */
  function range(f: AuditFilters): { from?: number; to?: number } | null {
    const from = f.from ? parseLocalDate(f.from) : undefined
    const to = f.to ? parseLocalDate(f.to) + DAY_MS : undefined
    if ((from !== undefined && !Number.isFinite(from)) || (to !== undefined && !Number.isFinite(to))) return null
    return { from, to }
  }

  async function load() {
    const r = range(applied)
    badDate.value = r === null
    if (!r) return
    await fetcher.run(async (signal) => {
      const page = await serverAudit(server.apiBase(), {
        ...r, user: applied.user.trim() || undefined, action: applied.action || undefined, limit: AUDIT_PAGE_SIZE, offset: offset.value,
      }, signal)
      rows.value = page.rows
      total.value = page.total
    })
  }

  function show() {
    open.value = true
    void load()
  }

  function close() {
    fetcher.abort()
    open.value = false
  }

  /** The form's filters, from the first page. */
  function apply() {
    applied = { ...filters.value }
    offset.value = 0
    void load()
  }

  function reset() {
    filters.value = { ...NO_FILTERS }
    apply()
  }

  function page(step: 1 | -1) {
    const next = offset.value + step * AUDIT_PAGE_SIZE
    if (next < 0 || next >= total.value) return
    offset.value = next
    void load()
  }

  /**
   * Tells the server about an export the panel made, when the app runs against one (the
   * browser-only app has no trail). A report that fails does not fail the export: the file
   * is already the user's.
   */
  async function reportExport(what: Omit<ExportReport, 'district'>): Promise<void> {
    if (server.mode !== 'in') return
    try {
      await serverReportExport(server.apiBase(), { ...what, district: server.districtId ?? undefined })
    } catch {
      // nothing to tell the user: the export itself worked
    }
  }

  return { open, filters, offset, rows, total, loading, error, badDate, available, show, close, apply, reset, page, reportExport }
})

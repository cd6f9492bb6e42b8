/**
 * The audit store against a stubbed server: the filters of the form as the API's query
 * (local days, the last one included), paging, and the export report sent only in server mode.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { AUDIT_PAGE_SIZE, useAuditStore } from '../../../src/stores/audit'
import { useServerStore } from '../../../src/stores/server'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

let calls: { url: string; init?: RequestInit }[]
beforeEach(() => {
  setActivePinia(createPinia())
  calls = []
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push({ url, init })
    return url.includes('audit/export') ? json(201, { ok: true }) : json(200, { rows: [], total: 120 })
  })
})
afterEach(() => vi.unstubAllGlobals())

const settle = () => new Promise((r) => setTimeout(r, 0))
const query = (i: number) => Object.fromEntries(new URL(calls[i].url, 'http://x/').searchParams)

describe('audit store', () => {
  it('asks for the local days from–to, the last included, with user and action; pages by the page size', async () => {
    const audit = useAuditStore()
    audit.filters = { from: '2024-05-01', to: '2024-05-02', user: ' desk ', action: 'user' }
    audit.apply()
    await settle()
    expect(query(0)).toEqual({
      from: String(Date.parse('2024-05-01T00:00:00+08:00')), to: String(Date.parse('2024-05-03T00:00:00+08:00')),
      user: 'desk', action: 'user', limit: String(AUDIT_PAGE_SIZE), offset: '0',
    })
    audit.page(1)
    await settle()
    expect(query(1).offset).toBe(String(AUDIT_PAGE_SIZE))
    audit.page(-1)
    audit.page(-1)
    await settle()
    expect(calls.map((_, i) => query(i).offset)).toEqual(['0', String(AUDIT_PAGE_SIZE), '0'])
  })

  it('a date that is no date is not sent', async () => {
    const audit = useAuditStore()
    audit.filters = { from: '2024-02-30', to: '', user: '', action: '' }
    audit.apply()
    await settle()
    expect([audit.badDate, calls.length]).toEqual([true, 0])
  })

  it('an export is reported with the shown district in server mode, and not at all in the browser-only app', async () => {
    const audit = useAuditStore()
    const server = useServerStore()
    server.mode = 'none'
    await audit.reportExport({ kind: 'pdf', title: '简报' })
    expect(calls).toEqual([])
    server.mode = 'in'
    server.districtId = 7
    await audit.reportExport({ kind: 'png', file: 'map.png' })
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toMatch(/api\/audit\/export$/)
    expect(calls[0].init?.method).toBe('POST')
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ kind: 'png', file: 'map.png', district: 7 })
  })
})

/**
 * The crime-analysis store over an analytics session in this process (no worker) and a data
 * store holding a small dataset: what runs when.
 */
import { describe, expect, it, vi } from 'vitest'
// loaded before `document` is stubbed below: Vue's DOM runtime probes it on load
import { createPinia, setActivePinia } from 'pinia'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'

const calls: string[] = []
vi.mock('../../../src/workers/analytics-client', async () => {
  const { AnalyticsSession } = await import('../../../src/workers/analytics-session')
  const session = new AnalyticsSession()
  const remote = new Proxy(session, {
    // not a thenable: the store awaits the remote itself
    get: (s, k: string) => k === 'then' ? undefined : (...a: unknown[]) => {
      calls.push(k)
      return (s as unknown as Record<string, (...x: unknown[]) => unknown>)[k](...a)
    },
  })
  return { analyticsWorker: () => remote }
})
vi.mock('../../../src/stores/data', async () => {
  const { defineStore } = await import('pinia')
  const { shallowRef } = await import('vue')
  return {
    useDataStore: defineStore('data', () => ({
      incidents: shallowRef(null), streets: shallowRef(null), compounds: shallowRef(null), keySites: shallowRef(null), grids: shallowRef(null),
      cameras: shallowRef(null), stations: shallowRef(null), roads: shallowRef(null), buildings: shallowRef(null),
      areasState: shallowRef('idle'), incidentWindow: shallowRef(null), sourceAnalytics: shallowRef(null), incidentExtent: shallowRef(null),
    })),
  }
})

/** 12 incidents: 6 at one address (a repeat place), 6 spread over the district, a week apart. */
function dataset() {
  const rows = Array.from({ length: 12 }, (_, i) => {
    const day = String(1 + i * 2).padStart(2, '0')
    const [lon, lat, addr] = i < 6 ? [119.1, 36.7, '同一地址'] : [119.1 + i * 0.01, 36.7 + i * 0.005, `其他${i}`]
    return `r${i},2024-03-${day}T10:00:00,criminal,${lon},${lat},${addr}`
  })
  return readIncidentsCsv(new TextEncoder().encode(`id,time,category,lon,lat,address\n${rows.join('\n')}\n`)).columns
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('useCrimeAnalysisStore', () => {
  it('computes nothing while its layers are off; each method runs when its layer is shown, and again on a filter change', async () => {
    vi.stubGlobal('window', { location: { search: '?l=streets', pathname: '/', hash: '' }, history: { state: null, replaceState: () => {} } })
    vi.stubGlobal('document', { documentElement: {} })
    setActivePinia(createPinia())
    const { useDataStore } = await import('../../../src/stores/data')
    const { useViewStore } = await import('../../../src/stores/view')
    const { useFiltersStore } = await import('../../../src/stores/filters')
    const { useCrimeAnalysisStore } = await import('../../../src/stores/crime-analysis')
    const data = useDataStore(), view = useViewStore(), filters = useFiltersStore(), crime = useCrimeAnalysisStore()
    data.incidents = dataset() as never
    await pause(400)
    expect(calls.filter((c) => c !== 'setIncidents')).toEqual([])

    view.toggleLayer('repeatPlaces', true)
    await pause(400)
    expect([crime.repeatState, crime.repeatError]).toEqual(['done', null])
    // the six incidents at one point make the top place, labelled by their address (sent to the worker)
    expect([crime.repeat?.count[0], crime.repeat?.label[0]]).toEqual([6, '同一地址'])
    expect(crime.tab).toBe('repeatPlaces')
    expect(calls.filter((c) => c === 'nearRepeat' || c === 'emergingHotspots')).toEqual([])

    view.toggleLayer('nearRepeat', true)
    view.toggleLayer('emerging', true)
    await pause(400)
    expect([crime.nearState, crime.emergingState]).toEqual(['done', 'done'])
    expect(crime.near?.table.observed.length).toBe(16)
    // no date filter: the last 90 days of the data, which hold all 12
    expect(crime.near?.table.incidents).toBe(12)
    expect(crime.nearPeriod).not.toBeNull()

    // another layer switched off and on again: the others are not computed again
    let before = calls.length
    view.toggleLayer('repeatPlaces', false)
    await pause(400)
    view.toggleLayer('repeatPlaces', true)
    await pause(400)
    expect(calls.slice(before).filter((c) => c !== 'setIncidents')).toEqual(['repeatPlaces'])

    before = calls.length
    filters.set({ categories: [1] })
    await pause(400)
    // one run of each of the three after the pause, with the fire-only filter: nothing kept
    expect(calls.slice(before).filter((c) => c !== 'setIncidents').sort()).toEqual(['emergingHotspots', 'nearRepeat', 'repeatPlaces'])
    expect(crime.repeat?.total).toBe(0)
  })
})

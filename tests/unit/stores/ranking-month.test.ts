/**
 * After a change of incidents the ranking (and the timeline's brush) move to the latest month of
 * the data now held, unless the month picked is one the new data still hold (issue 24, point 4).
 * The analytics worker is replaced by an AnalyticsSession in this thread.
 */
import { describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { FeatureCollection } from 'geojson'
import { AnalyticsSession } from '../../../src/workers/analytics-session'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { emptyReport } from '../../../src/io/import-report'
import { monthPeriod } from '../../../src/core/periods'
import { useDataStore } from '../../../src/stores/data'
import { useAnalyticsStore } from '../../../src/stores/analytics'
import { useFiltersStore } from '../../../src/stores/filters'
import { useTimelineStore } from '../../../src/stores/timeline'

// the view store reads and writes the page's address
vi.stubGlobal('window', { location: { search: '', pathname: '/', hash: '' }, history: { state: null, replaceState: () => {} } })
vi.stubGlobal('document', { documentElement: {} })

vi.mock('../../../src/workers/analytics-client', () => {
  let session: AnalyticsSession | null = null
  return { analyticsWorker: () => (session ??= new AnalyticsSession()) }
})

/** one street, a square holding every incident below, with 10,000 people (per10k = count) */
const STREETS: FeatureCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: 'S1', name: 'S1', population: 10000 },
    geometry: { type: 'Polygon', coordinates: [[[119, 36], [119.2, 36], [119.2, 36.2], [119, 36.2], [119, 36]]] } }],
}
/** criminal incidents at (119.1, 36.1), one per day given */
function incidents(days: string[]) {
  const rows = days.map((d, i) => `i${i},${d}T10:00:00,criminal,theft,119.1,36.1`)
  return readIncidentsCsv(new TextEncoder().encode(`id,time,category,subtype,lon,lat\n${rows.join('\n')}\n`)).columns
}
const KEPT = { at: '2026-12-07T00:00:00.000Z', saved: true, storageError: null }

async function setUp(days: string[]) {
  setActivePinia(createPinia())
  const data = useDataStore()
  data.applyImport('streets', { type: 'features', fc: STREETS }, emptyReport('streets', 's.geojson'), 's.geojson', KEPT)
  data.applyImport('incidents', { type: 'incidents', columns: incidents(days) }, emptyReport('incidents', 'a.csv'), 'a.csv', KEPT)
  const analytics = useAnalyticsStore()
  const timeline = useTimelineStore()
  await vi.waitFor(() => expect(analytics.result?.rows.length).toBe(1))
  return { data, analytics, timeline, filters: useFiltersStore() }
}
const importIncidents = (data: ReturnType<typeof useDataStore>, days: string[]) =>
  data.applyImport('incidents', { type: 'incidents', columns: incidents(days) }, emptyReport('incidents', 'b.csv'), 'b.csv', KEPT)

describe('the ranked month after a change of data', () => {
  it('moves from a picked month the new data lack to their latest month, with its counts', async () => {
    // 2025-05: 1 incident, 2025-06: 2 incidents
    const { data, analytics } = await setUp(['2025-05-10', '2025-06-01', '2025-06-02'])
    analytics.month = '2025-06'
    await vi.waitFor(() => expect(analytics.result?.rows[0].case).toBe(2))
    // December 2025 only, 3 incidents: the June pick would rank 0 everywhere
    importIncidents(data, ['2025-12-01', '2025-12-15', '2025-12-31'])
    await vi.waitFor(() => expect(analytics.result?.period).toEqual(monthPeriod(2025, 12)))
    expect(analytics.month).toBe('')
    expect(analytics.result?.rows[0]).toMatchObject({ case: 3, rank: 1 })
  })

  it('keeps a picked month the new data still hold', async () => {
    const { data, analytics } = await setUp(['2025-05-10', '2025-06-01'])
    analytics.month = '2025-05'
    await vi.waitFor(() => expect(analytics.result?.period).toEqual(monthPeriod(2025, 5)))
    // May to December: May is still held (2 incidents in it now)
    importIncidents(data, ['2025-05-03', '2025-05-04', '2025-12-01'])
    await vi.waitFor(() => expect(analytics.result?.rows[0].case).toBe(2))
    expect(analytics.month).toBe('2025-05')
    expect(analytics.result?.period).toEqual(monthPeriod(2025, 5))
  })

  it('follows the latest month when none was picked, and when the incidents are removed and come back', async () => {
    const { data, analytics } = await setUp(['2025-05-10'])
    expect(analytics.result?.period).toEqual(monthPeriod(2025, 5))
    analytics.month = '2025-05'
    await data.removeDataset('incidents')
    await vi.waitFor(() => expect(analytics.month).toBe(''))
    importIncidents(data, ['2024-02-29'])
    await vi.waitFor(() => expect(analytics.result?.period).toEqual(monthPeriod(2024, 2)))
  })
})

describe('the timeline brush after a change of data', () => {
  it('goes when the new data lack the brushed dates, stays when they reach into them', async () => {
    const { data, filters, timeline } = await setUp(['2025-05-10', '2025-06-01'])
    expect(timeline).toBeTruthy()
    const june = monthPeriod(2025, 6)
    filters.set({ from: june.from, to: june.to })
    // reaches into June (the 30th): the brush stays
    importIncidents(data, ['2025-06-30', '2025-12-01'])
    await Promise.resolve()
    expect([filters.spec.from, filters.spec.to]).toEqual([june.from, june.to])
    // December only: the brush goes
    importIncidents(data, ['2025-12-01', '2025-12-02'])
    await vi.waitFor(() => expect([filters.spec.from, filters.spec.to]).toEqual([null, null]))
  })
})

/**
 * The data-source seam: the two sources the app has (the user's imports in IndexedDB, the demo's
 * files) and a third, in-memory one, through which the data store works the same way.
 */
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import type { FeatureCollection } from 'geojson'
import { openDatasetDb } from '../../../src/io/dataset-db'
import type { DatasetKind } from '../../../src/io/dataset-kinds'
import type { DataSource, LoadedDataset, SourceAnalytics, SourceEntry, SourceKind } from '../../../src/io/data-source'
import { monthPeriod, type Period } from '../../../src/core/periods'
import { createImportsSource } from '../../../src/io/imports-source'
import { createDemoSource } from '../../../src/io/demo-source'
import { DEMO_META, DEMO_URLS } from '../../../src/io/demo-files'
import { decodeIncidentColumns } from '../../../src/io/incident-columns-file'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { emptyReport } from '../../../src/io/import-report'
import { useDataStore } from '../../../src/stores/data'

const square = (id: string): FeatureCollection => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id, name: id }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }],
})
const incidentsOf = (n: number) => {
  const rows = Array.from({ length: n }, (_, i) => `i${i},2025-01-0${1 + (i % 9)}T08:00:00,theft,x,119.1${i},36.7`)
  return readIncidentsCsv(new TextEncoder().encode(`id,time,category,subtype,lon,lat\n${rows.join('\n')}\n`)).columns
}
const AT = '2026-12-07T00:00:00.000Z'

describe('imports source (IndexedDB)', () => {
  it('lists the imports with their data in hand and the removals; keeps a removal; forgets all', async () => {
    const factory = new IDBFactory()
    const db = await openDatasetDb(factory, 'imp1')
    await db.put({ kind: 'incidents', at: AT, fileName: 'i.csv', report: emptyReport('incidents', 'i.csv'), payload: { type: 'incidents', columns: incidentsOf(3) } })
    await db.put({ kind: 'streets', at: AT, fileName: 's.geojson', payload: { type: 'features', fc: square('S') } })
    await db.put({ kind: 'roads', at: AT, removed: true })
    db.close()
    const src = createImportsSource(() => openDatasetDb(factory, 'imp1'))

    const byKind = Object.fromEntries((await src.list()).map((e) => [e.kind, e])) as Record<string, SourceEntry>
    expect(Object.keys(byKind).sort()).toEqual(['incidents', 'roads', 'streets'])
    expect(byKind.roads).toEqual({ kind: 'roads', origin: 'removed', at: AT })
    expect(byKind.streets).toMatchObject({ origin: 'imported', fileName: 's.geojson', at: AT, data: { payload: { type: 'features', fc: square('S') } } })
    const inc = byKind.incidents.data?.payload
    expect(inc?.type === 'incidents' && inc.columns.count).toBe(3)

    expect((await src.load('streets'))?.payload).toEqual({ type: 'features', fc: square('S') })
    expect(await src.load('roads')).toBeNull()
    expect(await src.load('cameras')).toBeNull()
    expect(await src.load('district')).toBeNull()

    await src.keepRemoval!('streets', AT)
    expect((await src.list()).find((e) => e.kind === 'streets')).toEqual({ kind: 'streets', origin: 'removed', at: AT })
    await src.forget!()
    expect(await src.list()).toEqual([])
  })

  it('without a database: listing and keeping a removal fail with the reason, forgetting has nothing to forget', async () => {
    let opens = 0
    const src = createImportsSource(() => {
      opens++
      return Promise.reject(new Error('IndexedDB is not available'))
    })
    await expect(src.list()).rejects.toThrow('IndexedDB is not available')
    await expect(src.keepRemoval!('roads', AT)).rejects.toThrow('IndexedDB is not available')
    await expect(src.forget!()).resolves.toBeUndefined()
    // each call tried again: a browser busy at start may have a database later
    expect(opens).toBe(3)
  })
})

describe('demo source (geodata/demo)', () => {
  const fetched: string[] = []
  beforeEach(() => {
    fetched.length = 0
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url)
      return new Response(readFileSync(`.${url}`))
    })
  })
  afterEach(() => void vi.unstubAllGlobals())

  const readColumns = vi.fn(async (url: string, opts: { fileName: string; onProgress?: (p: { bytesRead: number; totalBytes: number | null; rows: number }) => void }) => {
    const bytes = readFileSync(`.${url}`)
    const r = decodeIncidentColumns(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
    opts.onProgress?.({ bytesRead: bytes.byteLength, totalBytes: bytes.byteLength, rows: r.columns.count })
    return r
  })

  it('has the demo files as the app types, as many as the generator wrote', async () => {
    const src = createDemoSource(readColumns)
    const entries = await src.list()
    expect(entries.map((e) => e.kind).sort()).toEqual(['buildings', 'cameras', 'checkpoints', 'compounds', 'incidents', 'keySites', 'roads', 'stations', 'streets'])
    expect(entries.filter((e) => e.deferred).map((e) => e.kind).sort()).toEqual(['buildings', 'roads'])

    const files: [SourceKind, string][] = [['streets', 'streets.geojson'], ['compounds', 'compounds.geojson'], ['keySites', 'key_sites.geojson'],
      ['stations', 'stations.geojson'], ['checkpoints', 'checkpoints.geojson'], ['roads', 'roads.geojson'], ['buildings', 'buildings.geojson'], ['district', 'district.geojson']]
    for (const [kind, file] of files) {
      const got = await src.load(kind)
      expect(got?.fileName).toBe(file)
      expect(got?.payload.type === 'features' && got.payload.fc.features.length).toBe(DEMO_META.counts[file])
    }
    const cams = await src.load('cameras')
    expect(cams?.fileName).toBe('cameras.csv')
    expect(cams?.payload.type === 'cameras' && cams.payload.columns.count).toBe(DEMO_META.counts['cameras.csv'])
    expect(cams?.report?.rejected).toEqual([])

    const progress: number[] = []
    const inc = await src.load('incidents', { onProgress: (p) => progress.push(p.rows) })
    expect(readColumns).toHaveBeenCalledWith(DEMO_URLS.incidentColumns, expect.objectContaining({ fileName: 'incidents.csv' }))
    expect(inc?.payload.type === 'incidents' && inc.payload.columns.count).toBe(DEMO_META.counts['incidents.csv'])
    expect(progress).toEqual([DEMO_META.counts['incidents.csv']])

    expect(await src.load('grids')).toBeNull()
    expect(await src.load('population')).toBeNull()
    expect(src.urlOf?.('roads')).toBe(DEMO_URLS.roads)
    expect(src.urlOf?.('district')).toBe(DEMO_URLS.district)
  })

  it('fetches a base layer once however often it is asked for', async () => {
    const src = createDemoSource(readColumns)
    const [a, b] = await Promise.all([src.load('roads'), src.load('roads')])
    const fcOf = (x: LoadedDataset | null) => (x?.payload.type === 'features' ? x.payload.fc : null)
    expect(fcOf(a)?.features).toHaveLength(DEMO_META.counts['roads.geojson'])
    expect(fcOf(b)).toBe(fcOf(a))
    await src.load('roads')
    expect(fetched.filter((u) => u === DEMO_URLS.roads)).toHaveLength(1)
  })
})

/** A source held in memory: `held` kinds come with the list, the others are loaded on request. */
function memorySource(id: string, datasets: Partial<Record<SourceKind, LoadedDataset>>, opts: { held?: DatasetKind[]; deferred?: DatasetKind[]; urls?: Partial<Record<'roads' | 'buildings' | 'district', string>>; keeps?: boolean } = {}) {
  const removed = new Map<DatasetKind, string>()
  const loads: SourceKind[] = []
  const source: DataSource = {
    id,
    label: `memory ${id}`,
    async list() {
      const kinds = Object.keys(datasets).filter((k): k is DatasetKind => k !== 'district')
      const entries: SourceEntry[] = kinds.filter((k) => !removed.has(k)).map((kind) => ({
        kind, origin: opts.keeps ? 'imported' : 'demo', fileName: datasets[kind]?.fileName,
        ...(opts.held?.includes(kind) && { data: datasets[kind] }), ...(opts.deferred?.includes(kind) && { deferred: true }),
      }))
      return [...entries, ...[...removed].map(([kind, at]): SourceEntry => ({ kind, origin: 'removed', at }))]
    },
    async load(kind) {
      loads.push(kind)
      return datasets[kind] ?? null
    },
    urlOf: (kind) => opts.urls?.[kind] ?? null,
    ...(opts.keeps && {
      async keepRemoval(kind: DatasetKind, at: string) {
        removed.set(kind, at)
      },
      async forget() {
        removed.clear()
        for (const k of Object.keys(datasets) as SourceKind[]) delete datasets[k]
      },
    }),
  }
  return { source, removed, loads }
}

async function until(ok: () => boolean) {
  while (!ok()) await new Promise((r) => setTimeout(r, 0))
}

describe('data store over any source', () => {
  beforeEach(() => setActivePinia(createPinia()))

  const features = (fc: FeatureCollection, fileName: string): LoadedDataset => ({ payload: { type: 'features', fc }, fileName })

  it('takes each kind from the first source that has it, draws base layers from the source, and keeps removals where changes are kept', async () => {
    const mine = memorySource('mine', { streets: features(square('mine'), 'mine.geojson') }, { held: ['streets'], keeps: true })
    const roads = square('road')
    const theirs = memorySource('theirs', {
      streets: features(square('theirs'), 'theirs.geojson'),
      compounds: features(square('C'), 'c.geojson'),
      incidents: { payload: { type: 'incidents', columns: incidentsOf(5) }, fileName: 'i.csv', report: emptyReport('incidents', 'i.csv') },
      roads: features(roads, 'roads.geojson'),
      district: features(square('D'), 'district.geojson'),
    }, { deferred: ['roads'], urls: { roads: '/r.geojson', district: '/d.geojson' } })
    await mine.source.keepRemoval!('cameras', AT)
    const data = useDataStore()

    await data.init([mine.source, theirs.source])
    await until(() => data.incidentLoad.state === 'done')

    expect(data.streets?.features[0].properties?.id).toBe('mine')
    expect(data.info.streets).toEqual({ origin: 'imported', fileName: 'mine.geojson' })
    expect(data.compounds?.features[0].properties?.id).toBe('C')
    expect(data.info.compounds).toEqual({ origin: 'demo', fileName: 'c.geojson' })
    expect(data.info.cameras).toEqual({ origin: 'removed', at: AT })
    expect(data.cameras).toBeNull()
    expect(data.incidents?.count).toBe(5)
    expect(data.info.incidents.fileName).toBe('i.csv')
    expect(data.reports.map((r) => r.fileName)).toEqual(['i.csv'])
    expect(data.areasState).toBe('done')
    // the held streets were not asked for again, the deferred roads not yet
    expect(theirs.loads.sort()).toEqual(['compounds', 'incidents'])
    expect(data.info.roads).toEqual({ origin: 'demo', fileName: 'roads.geojson' })
    expect(data.count('roads')).toBeNull()
    expect(data.count('compounds')).toBe(1)

    expect(await data.baseSource('roads')).toBe(roads)
    expect(await data.roadLines()).toBe(roads)
    expect(data.baseSource('buildings')).toEqual({ type: 'FeatureCollection', features: [] })
    // imported streets are the district's outline themselves
    expect(data.baseSource('streets')).toBe(data.streets)
    expect(await data.districtOutline()).toBe(data.streets)

    expect(await data.removeDataset('compounds')).toBe(true)
    expect(mine.removed.get('compounds')).toBeDefined()
    expect(data.compounds).toBeNull()
    expect(data.info.compounds.origin).toBe('removed')

    // forgetting what was kept brings the other source's data back, streets and compounds included
    await data.resetToDemo()
    await until(() => data.incidentLoad.state === 'done')
    expect(mine.removed.size).toBe(0)
    expect(data.streets?.features[0].properties?.id).toBe('theirs')
    expect(data.compounds?.features[0].properties?.id).toBe('C')
    expect(data.cameras).toBeNull()
    expect(data.info.cameras.origin).toBe('none')
    expect(data.baseSource('streets')).toBe('/d.geojson')
    expect((await data.districtOutline())?.features[0].properties?.id).toBe('D')
  })

  it('a source that fails to list leaves the others serving, and says why', async () => {
    const broken: DataSource = { id: 'broken', label: 'broken', list: () => Promise.reject(new Error('storage gone')), load: async () => null }
    const other = memorySource('other', { streets: features(square('S'), 's.geojson') })
    const data = useDataStore()
    await data.init([broken, other.source])
    expect(data.storageError).toBe('storage gone')
    expect(data.streets?.features[0].properties?.id).toBe('S')
    // no source keeps changes: a removal holds until reload only
    expect(await data.removeDataset('streets')).toBe(false)
    expect(data.streets).toBeNull()
  })

  it('a failed load of the areas leaves them off and says why, incidents still come', async () => {
    const src = memorySource('s', { incidents: { payload: { type: 'incidents', columns: incidentsOf(2) } } })
    const failing: DataSource = {
      id: 'f', label: 'f',
      list: async () => [{ kind: 'streets', origin: 'demo' }],
      load: () => Promise.reject(new Error('streets.geojson: HTTP 404')),
    }
    const data = useDataStore()
    await data.init([failing, src.source])
    await until(() => data.incidentLoad.state === 'done')
    expect(data.areasState).toBe('error')
    expect(data.areasError).toBe('streets.geojson: HTTP 404')
    expect(data.streets).toBeNull()
    expect(data.incidents?.count).toBe(2)
  })
})

describe('data store over a source that holds more incidents than the page loads', () => {
  beforeEach(() => setActivePinia(createPinia()))

  const month = (y: number, m: number) => monthPeriod(y, m)
  /** incidents on the 10th of every month from 2023-01 to 2025-12, one each */
  const all = (() => {
    const rows: string[] = []
    for (let y = 2023; y <= 2025; y++) for (let m = 1; m <= 12; m++) rows.push(`i${y}${m},${y}-${String(m).padStart(2, '0')}-10T08:00:00,theft,x,119.1,36.7`)
    return readIncidentsCsv(new TextEncoder().encode(`id,time,category,subtype,lon,lat\n${rows.join('\n')}\n`)).columns
  })()
  const extent = { count: all.count, range: [all.time[0], all.time[all.count - 1]] as [number, number] }

  /** a server-like source: the latest 13 months unless a window is asked for; records the windows asked */
  function windowed() {
    const asked: (Period | undefined)[] = []
    const analytics: SourceAnalytics = {
      extent: async () => extent,
      histogram: () => Promise.reject(new Error('not used')),
      safetyIndex: () => Promise.reject(new Error('not used')),
    }
    const source: DataSource = {
      id: 'w', label: 'w', analytics,
      list: async () => [{ kind: 'incidents', origin: 'server' }],
      async load(kind, opts = {}) {
        if (kind !== 'incidents') return null
        asked.push(opts.window)
        const window = opts.window ?? { from: month(2024, 12).from, to: month(2025, 12).to }
        const keep = new Uint8Array(all.count).map((_, i) => (all.time[i] >= window.from && all.time[i] < window.to ? 1 : 0))
        const rows = Array.from(keep.entries()).filter(([, k]) => k).map(([i]) => i)
        const columns = { ...all, count: rows.length, time: Float64Array.from(rows, (i) => all.time[i]) }
        return { payload: { type: 'incidents', columns }, window, extent }
      },
    }
    return { source, asked }
  }

  it('holds the latest months, loads the months asked for when it lacks them, and goes back when nothing is asked', async () => {
    const w = windowed()
    const data = useDataStore()
    await data.init([w.source])
    await until(() => data.incidentLoad.state === 'done')
    expect(data.incidents?.count).toBe(13)
    expect(data.incidentWindow).toEqual({ from: month(2024, 12).from, to: month(2025, 12).to })
    expect(data.incidentExtent).toEqual(extent)
    expect(data.sourceAnalytics).toBe(w.source.analytics)

    // inside what the page holds: nothing loaded
    await data.showIncidentPeriod(month(2025, 3))
    expect(w.asked).toEqual([undefined])
    // March 2023 is not in the page: those months are loaded in place of the others
    await data.showIncidentPeriod(month(2023, 3))
    expect(w.asked).toEqual([undefined, month(2023, 3)])
    expect(data.incidents?.count).toBe(1)
    expect(data.incidentWindow).toEqual(month(2023, 3))
    // nothing asked: back to the first window
    await data.showIncidentPeriod(null)
    expect(data.incidentWindow).toEqual({ from: month(2024, 12).from, to: month(2025, 12).to })
    expect(data.incidents?.count).toBe(13)
    await data.showIncidentPeriod(null)
    expect(w.asked).toHaveLength(3)
  })

  it('a source that holds few enough incidents loads them all and is asked nothing more', async () => {
    const src = memorySource('s', { incidents: { payload: { type: 'incidents', columns: incidentsOf(4) } } })
    const data = useDataStore()
    await data.init([src.source])
    await until(() => data.incidentLoad.state === 'done')
    expect(data.incidentWindow).toBeNull()
    expect(data.sourceAnalytics).toBeNull()
    await data.showIncidentPeriod(month(2019, 1))
    expect(src.loads.filter((k) => k === 'incidents')).toHaveLength(1)
  })
})

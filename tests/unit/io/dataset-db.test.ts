import { describe, expect, it } from 'vitest'
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { openDatasetDb, type StoredDataset } from '../../../src/io/dataset-db'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { emptyReport } from '../../../src/io/import-report'

const square = {
  type: 'FeatureCollection' as const,
  features: [{ type: 'Feature' as const, properties: { id: 'A', name: '<b>甲</b>' }, geometry: { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }],
}

describe('dataset-db', () => {
  it('keeps datasets across a reopen, typed arrays included', async () => {
    const factory = new IDBFactory()
    const db = await openDatasetDb(factory, 't1')
    const { columns } = readIncidentsCsv(new TextEncoder().encode('id,time,category,subtype,lon,lat\na,2025-01-01T08:00:00,fire,x,119.1,36.7\n'))
    await db.put({ kind: 'incidents', at: '2026-11-24T00:00:00Z', fileName: 'i.csv', report: emptyReport('incidents'), payload: { type: 'incidents', columns } })
    await db.put({ kind: 'streets', at: '2026-11-24T00:00:00Z', payload: { type: 'features', fc: square } })
    await db.put({ kind: 'roads', at: '2026-11-24T00:00:00Z', removed: true })
    db.close()

    const again = await openDatasetDb(factory, 't1')
    const list = await again.list()
    const byKind = Object.fromEntries(list.map((d) => [d.kind, d])) as Record<string, StoredDataset>
    expect(Object.keys(byKind).sort()).toEqual(['incidents', 'roads', 'streets'])
    const inc = byKind.incidents.payload
    expect(inc?.type).toBe('incidents')
    if (inc?.type !== 'incidents') throw new Error('unreachable')
    expect(inc.columns.lon).toBeInstanceOf(Float64Array)
    expect(Array.from(inc.columns.lon)).toEqual([119.1])
    expect(inc.columns.category[0]).toBe(2)
    expect(byKind.streets.payload).toEqual({ type: 'features', fc: square })
    expect(byKind.roads.removed).toBe(true)

    await again.delete('roads')
    expect((await again.list()).map((d) => d.kind).sort()).toEqual(['incidents', 'streets'])
    await again.clear()
    expect(await again.list()).toEqual([])
  })

  it('skips records it cannot read instead of failing the start', async () => {
    const factory = new IDBFactory()
    const db = await openDatasetDb(factory, 't2')
    await db.put({ kind: 'nonsense' as never, at: 'x', payload: { type: 'population', rows: [] } })
    await db.put({ kind: 'population', at: 'x', payload: { type: 'population', rows: [['A', 10]] } })
    expect((await db.list()).map((d) => d.kind)).toEqual(['population'])
  })
})

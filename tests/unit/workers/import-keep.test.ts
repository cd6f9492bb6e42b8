import { describe, expect, it } from 'vitest'
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { openDatasetDb } from '../../../src/io/dataset-db'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { emptyReport } from '../../../src/io/import-report'
import { keepImport } from '../../../src/workers/import-keep'

const csv = 'id,time,category,subtype,lon,lat\na,2025-01-01T08:00:00,fire,x,119.1,36.7\nb,2025-01-02T08:00:00,fire,x,119.3,36.6\n'

describe('keepImport (the import worker stores what it read)', () => {
  it('writes the outcome as the record of its kind, with how the CRS was found and the extent', async () => {
    const factory = new IDBFactory()
    const { columns } = readIncidentsCsv(new TextEncoder().encode(csv))
    const kept = await keepImport('incidents', 'i.csv', { payload: { type: 'incidents', columns }, report: emptyReport('incidents', 'i.csv'), count: 2 }, 'chosen', () => openDatasetDb(factory, 'k1'))
    expect(kept.saved).toBe(true)
    expect(kept.storageError).toBeNull()
    // the two points by hand: lon 119.1…119.3, lat 36.6…36.7
    expect(kept.bbox).toEqual([119.1, 36.6, 119.3, 36.7])
    const db = await openDatasetDb(factory, 'k1')
    const [rec] = await db.list()
    expect(rec.kind).toBe('incidents')
    expect(rec.fileName).toBe('i.csv')
    expect(rec.at).toBe(kept.at)
    expect(rec.report?.crs.detection).toBe('chosen')
    expect(rec.payload?.type === 'incidents' && Array.from(rec.payload.columns.lat)).toEqual([36.7, 36.6])
  })

  it('a refused write leaves the old record and says why; the outcome is still handed over', async () => {
    const factory = new IDBFactory()
    const first = await openDatasetDb(factory, 'k2')
    await first.put({ kind: 'population', at: 'old', payload: { type: 'population', rows: [['A', 1]] } })
    first.close()
    const full = async () => {
      const db = await openDatasetDb(factory, 'k2')
      return { ...db, put: () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) }
    }
    const outcome = { payload: { type: 'population' as const, rows: [['B', 2]] as [string, number][] }, report: emptyReport('population'), count: 1 }
    const kept = await keepImport('population', 'p.csv', outcome, 'detected', full)
    expect(kept.saved).toBe(false)
    expect(kept.storageError).toBe('The quota has been exceeded.')
    expect(kept.payload).toBe(outcome.payload)
    const db = await openDatasetDb(factory, 'k2')
    expect((await db.list()).map((d) => d.at)).toEqual(['old'])
  })

  it('nothing read: nothing written', async () => {
    const factory = new IDBFactory()
    const kept = await keepImport('streets', 's.json', { payload: null, report: emptyReport('streets'), count: 0 }, 'undetected', () => openDatasetDb(factory, 'k3'))
    expect(kept.saved).toBe(false)
    expect(await (await openDatasetDb(factory, 'k3')).list()).toEqual([])
  })
})

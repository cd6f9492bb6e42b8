import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Comlink from 'comlink'
import Papa from 'papaparse'
import { addRejected, emptyReport, MAX_LISTED_REJECTS, reportToCsv } from '../../../src/io/import-report'
import { createIncidentLoader } from '../../../src/workers/incidents-loader'
import { makeIncidentsCsv } from '../../bench/make-incidents-csv'

describe('import report', () => {
  it('emptyReport and reportToCsv (CSV-escaped, formulas kept as plain text)', () => {
    const r = emptyReport('incidents-csv', 'a.csv')
    expect(r).toMatchObject({ kind: 'incidents-csv', fileName: 'a.csv', rowsRead: 0, rejected: [], errors: [] })
    addRejected(r, 3, 'bad_time', 'say "hi", then\nleave')
    addRejected(r, 4, 'bad_coordinates', '=HYPERLINK("x")')
    addRejected(r, 5, 'missing_coordinates')
    const csv = reportToCsv(r)
    expect(csv).toBe('line,reason,detail\r\n3,bad_time,"say ""hi"", then\nleave"\r\n4,bad_coordinates,"\'=HYPERLINK(""x"")"\r\n5,missing_coordinates,\r\n')
    const back = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data
    expect(back[1]).toEqual(['3', 'bad_time', 'say "hi", then\nleave'])
    expect(r.rejectedByReason).toEqual({ bad_time: 1, bad_coordinates: 1, missing_coordinates: 1 })
  })
  it('lists at most MAX_LISTED_REJECTS rows and counts all', () => {
    const r = emptyReport('x')
    for (let i = 0; i < MAX_LISTED_REJECTS + 5; i++) addRejected(r, i + 2, 'bad_time')
    expect(r.rejected.length).toBe(MAX_LISTED_REJECTS)
    expect(r.rejectedCount).toBe(MAX_LISTED_REJECTS + 5)
    expect(r.rejectedByReason.bad_time).toBe(MAX_LISTED_REJECTS + 5)
  })
})

describe('incident loader (worker body)', () => {
  const bytes = makeIncidentsCsv(20_000, 7)
  it('reads a Blob in chunks with progress', async () => {
    const progress: { bytesRead: number; totalBytes: number | null; rows: number }[] = []
    const { columns, report } = await createIncidentLoader().load({ blob: new Blob([bytes]) }, { crs: 'wgs84', fileName: 'x.csv' }, (p) => { progress.push(p) })
    expect(columns.count).toBe(20_000)
    expect(report.fileName).toBe('x.csv')
    expect(progress.at(-1)).toEqual({ bytesRead: bytes.length, totalBytes: bytes.length, rows: 20_000 })
  })
  it('reads a URL (data: URL here) and reports HTTP errors', async () => {
    const small = 'id,time,category,subtype,lon,lat\n1,2024-01-01,fire,x,119,36\n'
    const { columns } = await createIncidentLoader().load({ url: 'data:text/csv,' + encodeURIComponent(small) })
    expect(columns.count).toBe(1)
  })
  it('cancel() rejects with an AbortError', async () => {
    const loader = createIncidentLoader()
    let n = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (n++ === 3) loader.cancel()
        ctl.enqueue(bytes.subarray(0, 1000))
      },
    })
    const blob = { size: 1e9, stream: () => stream } as unknown as Blob
    await expect(loader.load({ blob })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('loadIncidents (client) over a MessageChannel worker stand-in', () => {
  afterEach(() => vi.unstubAllGlobals())
  it('loads, transfers buffers, forwards progress, terminates; aborts with AbortError', async () => {
    let terminated = 0
    class FakeWorker {
      constructor() {
        const { port1, port2 } = new MessageChannel()
        const loader = createIncidentLoader()
        Comlink.expose({
          async load(s: never, o: never, p: never) {
            const r = await loader.load(s, o, p)
            return Comlink.transfer(r, [r.columns.lon.buffer])
          },
          cancel: () => loader.cancel(),
        }, port1)
        return Object.assign(port2, {
          terminate() { terminated++; port1.close(); port2.close() },
        })
      }
    }
    vi.stubGlobal('Worker', FakeWorker)
    const { loadIncidents } = await import('../../../src/workers/incidents-client')
    const bytes = makeIncidentsCsv(5000, 3)
    const seen: number[] = []
    const { columns, report } = await loadIncidents({ blob: new Blob([bytes]) }, { onProgress: (p) => { seen.push(p.rows) } })
    expect(columns.count).toBe(5000)
    expect(columns.lon).toBeInstanceOf(Float64Array)
    expect(report.rowsKept).toBe(5000)
    expect(seen.at(-1)).toBe(5000)
    expect(terminated).toBe(1)

    const ctl = new AbortController()
    const p = loadIncidents({ blob: new Blob([makeIncidentsCsv(200_000, 4)]) }, { signal: ctl.signal })
    ctl.abort()
    await expect(p).rejects.toMatchObject({ name: 'AbortError' })
    expect(terminated).toBe(2)
    await expect(loadIncidents({ blob: new Blob([bytes]) }, { signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

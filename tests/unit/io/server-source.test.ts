import { afterEach, describe, expect, it, vi } from 'vitest'
import { createServerSource } from '../../../src/io/server-source'
import { emptyReport } from '../../../src/io/import-report'
import type { IncidentColumns } from '../../../src/core/incidents'

const street = { type: 'Feature', properties: { id: 'S1', name: '城关街道', parent_id: null, population: 1000 }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }

/** a server that answers from a table of paths, recording what was asked */
function server(answers: Record<string, () => Response>) {
  const asked: string[] = []
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url)
    const a = answers[url]
    return a ? a() : new Response(JSON.stringify({ error: 'no such district' }), { status: 404, headers: { 'content-type': 'application/json' } })
  })
  return asked
}
const json = (body: unknown) => () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })

afterEach(() => vi.unstubAllGlobals())

describe('the server as a data source', () => {
  const read = vi.fn(async (url: string, opts: { fileName: string }) => ({ columns: { count: 3 } as IncidentColumns, report: { ...emptyReport('incidents', opts.fileName), url } }))
  const source = () => createServerSource({ base: '/', districtId: 7, districtName: '潍城区', readColumns: read })

  it('has every kind the server keeps; roads and buildings drawn from their URL', async () => {
    const entries = await source().list()
    expect(entries.filter((e) => e.deferred).map((e) => e.kind).sort()).toEqual(['buildings', 'roads'])
    expect(entries.every((e) => e.origin === 'server')).toBe(true)
    expect(source().urlOf!('buildings')).toBe('/api/districts/7/features?kind=buildings')
    expect(source().urlOf!('district')).toBe('/api/districts/7/areas?layer=street')
  })

  it('reads a layer of the district; an empty layer is nothing, a refusal rejects', async () => {
    const asked = server({
      '/api/districts/7/areas?layer=street': json({ type: 'FeatureCollection', features: [street] }),
      '/api/districts/7/areas?layer=grid': json({ type: 'FeatureCollection', features: [] }),
    })
    const got = await source().load('streets')
    expect(got?.payload).toEqual({ type: 'features', fc: { type: 'FeatureCollection', features: [street] } })
    expect(await source().load('grids')).toBeNull()
    await expect(source().load('compounds')).rejects.toThrow('no such district')
    expect(asked).toEqual(['/api/districts/7/areas?layer=street', '/api/districts/7/areas?layer=grid', '/api/districts/7/areas?layer=compound'])
  })

  it('incidents go to the columns reader (the incidents worker) with the API URL, all of them when they fit in the window', async () => {
    const day = (s: string) => Date.parse(`${s}T00:00:00+08:00`)
    const asked = server({ '/api/districts/7/extent': json({ count: 3, range: [day('2025-01-05'), day('2025-12-20')] }) })
    const got = await source().load('incidents')
    expect(read).toHaveBeenCalledWith('/api/districts/7/incidents', expect.objectContaining({ fileName: '潍城区' }))
    expect(got?.payload.type).toBe('incidents')
    expect(got?.window).toBeUndefined()
    expect(asked).toEqual(['/api/districts/7/extent'])
  })

  it('years of incidents: the latest 13 whole local months at first, or the months asked for', async () => {
    const day = (s: string) => Date.parse(`${s}T00:00:00+08:00`)
    server({ '/api/districts/7/extent': json({ count: 3, range: [day('2023-06-01'), day('2025-12-20')] }) })
    read.mockClear()
    const got = await source().load('incidents')
    expect(got?.window).toEqual({ from: day('2024-12-01'), to: day('2026-01-01') })
    expect(read).toHaveBeenCalledWith(`/api/districts/7/incidents?from=${day('2024-12-01')}&to=${day('2026-01-01')}`, expect.anything())
    const march = { from: day('2024-03-01'), to: day('2024-04-01') }
    expect((await source().load('incidents', { window: march }))?.window).toEqual(march)
    expect(read).toHaveBeenLastCalledWith(`/api/districts/7/incidents?from=${march.from}&to=${march.to}`, expect.anything())
  })

  it('asks the server for the bars and the index over all its incidents, subtypes by name', async () => {
    const asked = server({
      '/api/districts/7/histogram?categories=criminal&subtypes=%5B%22fight%22%2C%22a%2Cb%22%5D&hours=22%2C6&weekdays=0%2C6': json({ from: 0, binMs: 86_400_000, range: [0, 5], counts: [4, 0, 1] }),
      '/api/districts/7/safety-index?layer=compound&from=10&to=20&weights=case=2,fire=1,problem=0.5': json({ period: { from: 10, to: 20 }, rows: [], unassigned: 2 }),
    })
    const h = await source().analytics!.histogram({ categories: [0], subtypes: ['fight', 'a,b'], hours: [22, 6], weekdays: [0, 6] })
    expect(h.counts).toEqual(Float64Array.from([4, 0, 1]))
    const r = await source().analytics!.safetyIndex('compounds', { from: 10, to: 20 }, { case: 2, fire: 1, problem: 0.5 })
    expect(r.unassigned).toBe(2)
    expect(asked).toHaveLength(2)
  })

  it('cameras are read from the CSV the server writes', async () => {
    server({ '/api/districts/7/cameras': () => new Response('id,lon,lat,type,azimuth,fov,range,class,status\n"C,1",119.1,36.7,dome,0,360,30,A,online\n') })
    const got = await source().load('cameras')
    expect(got?.payload.type === 'cameras' && got.payload.columns.ids).toEqual(['C,1'])
  })
})

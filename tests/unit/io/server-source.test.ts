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

  it('incidents go to the columns reader (the incidents worker) with the API URL', async () => {
    const got = await source().load('incidents')
    expect(read).toHaveBeenCalledWith('/api/districts/7/incidents', expect.objectContaining({ fileName: '潍城区' }))
    expect(got?.payload.type).toBe('incidents')
  })

  it('cameras are read from the CSV the server writes', async () => {
    server({ '/api/districts/7/cameras': () => new Response('id,lon,lat,type,azimuth,fov,range,class,status\n"C,1",119.1,36.7,dome,0,360,30,A,online\n') })
    const got = await source().load('cameras')
    expect(got?.payload.type === 'cameras' && got.payload.columns.ids).toEqual(['C,1'])
  })
})

import { describe, expect, it } from 'vitest'
import { asFeatureCollection } from '../../../src/io/geojson-layer-file'

const point = (x: number) => ({ type: 'Feature', properties: { name: `站${x}` }, geometry: { type: 'Point', coordinates: [119 + x / 100, 36.7] } })

describe('asFeatureCollection', () => {
  it('returns a valid FeatureCollection unchanged (same object)', () => {
    const fc = { type: 'FeatureCollection', features: [point(1), point(2)] }
    const out = asFeatureCollection(fc, 'stations.geojson')
    expect(out).toBe(fc)
    expect(out.features).toHaveLength(2)
    expect(asFeatureCollection({ type: 'FeatureCollection', features: [] }, 'empty.geojson').features).toEqual([])
  })

  it('rejects anything that is not a FeatureCollection, naming the file', () => {
    const msg = 'compounds.geojson: not a GeoJSON FeatureCollection'
    for (const x of [null, undefined, 'x', 3, [], { type: 'Feature', geometry: null }, { type: 'FeatureCollection' }, { type: 'FeatureCollection', features: {} }]) {
      expect(() => asFeatureCollection(x, 'compounds.geojson')).toThrow(msg)
    }
  })

  it('names the file and the 1-based feature number of a feature without geometry', () => {
    const fc = { type: 'FeatureCollection', features: [point(1), point(2), { type: 'Feature', properties: {}, geometry: null }, point(4)] }
    expect(() => asFeatureCollection(fc, 'key-sites.geojson')).toThrow(new Error('key-sites.geojson: feature 3 has no geometry'))
  })

  it('a first-position non-Feature or null entry is feature 1', () => {
    expect(() => asFeatureCollection({ type: 'FeatureCollection', features: [null] }, 'a.geojson')).toThrow('a.geojson: feature 1 has no geometry')
    expect(() => asFeatureCollection({ type: 'FeatureCollection', features: [{ type: 'Point', coordinates: [0, 0] }] }, 'b.geojson'))
      .toThrow('b.geojson: feature 1 has no geometry')
  })
})

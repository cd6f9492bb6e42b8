import { describe, expect, it } from 'vitest'
import { DEFAULT_LAYERS, LAYER_IDS, isLayerId } from '../../../src/core/layer-ids'

describe('layer ids', () => {
  it('isLayerId accepts exactly the 15 layer ids', () => {
    expect(LAYER_IDS).toEqual(['incidents', 'choropleth', 'hotspots', 'emerging', 'gaps', 'isochrones', 'patrol', 'grids', 'streets', 'compounds', 'keySites', 'nearRepeat', 'repeatPlaces', 'coverage', 'cameras', 'plan', 'checkpoints', 'stations', 'presence', 'response', 'units'])
    for (const id of LAYER_IDS) expect(isLayerId(id)).toBe(true)
  })

  it('isLayerId rejects near misses', () => {
    for (const x of ['', 'Incidents', 'keysites', 'key-sites', 'camera', ' cameras', 'cameras ', 'toString', '__proto__', 'incidents,streets']) {
      expect(isLayerId(x), x).toBe(false)
    }
  })

  it('DEFAULT_LAYERS is a subset of LAYER_IDS, without duplicates, in drawing order', () => {
    expect(DEFAULT_LAYERS).toEqual(['incidents', 'streets', 'keySites', 'stations'])
    for (const id of DEFAULT_LAYERS) expect(LAYER_IDS).toContain(id)
    expect(new Set(DEFAULT_LAYERS).size).toBe(DEFAULT_LAYERS.length)
    const order = DEFAULT_LAYERS.map((id) => LAYER_IDS.indexOf(id))
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })
})

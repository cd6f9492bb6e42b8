/**
 * The feature overlays draw from what they are handed, with no store behind them: plain
 * objects here, the stores in the app (composables/use-map-overlays.ts).
 */
import { describe, expect, it } from 'vitest'
import type { FeatureCollection } from 'geojson'
import type { LayerId } from '../../../src/core/layer-ids'
import { FLASH_MS } from '../../../src/core/live-flash'
import { choroplethOverlay } from '../../../src/map/choropleth-overlay'
import { classColors, FILL_ALPHA } from '../../../src/map/layers/choropleth-layer'
import { liveOverlay } from '../../../src/map/live-overlay'
import { selectionOverlay } from '../../../src/map/selection-overlay'

const shown = (...ids: LayerId[]) => ({ visible: new Set<LayerId>(ids) })
const square = (id: string, x: number): FeatureCollection => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id }, geometry: { type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] } }],
})

describe('feature overlays from their inputs', () => {
  it('selection: a halo and an outline of the picked area, nothing without one', () => {
    expect(selectionOverlay.layers({ feature: square('a', 0) }).map((l) => l.id)).toEqual(['selection-halo', 'selection'])
    expect(selectionOverlay.layers({ feature: null })).toEqual([])
  })

  it('live: only flashes younger than FLASH_MS are drawn', () => {
    const now = 100_000
    const flashes = [{ lon: 1, lat: 2, at: now - FLASH_MS - 1 }, { lon: 3, lat: 4, at: now - FLASH_MS + 1 }, { lon: 5, lat: 6, at: now }]
    const [layer] = liveOverlay.layers({ flashes, now })
    expect((layer.props.data as unknown[]).length).toBe(2)
    expect(liveOverlay.layers({ flashes: [], now })).toEqual([])
  })

  it('choropleth: drawn only when shown and the figures, breaks and areas are there; values joined by area id', () => {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [...square('a', 0).features, ...square('b', 2).features] }
    const areas = {
      stats: { ids: ['b', 'a'] },
      breaks: { method: 'quantile' as const, min: 0, max: 10, thresholds: [5] },
      values: [9, 1],
      choro: { layer: 'streets' as const, metric: 'count' as const },
      layerData: () => fc,
    }
    expect(choroplethOverlay.layers({ view: shown(), areas })).toEqual([])
    expect(choroplethOverlay.layers({ view: shown('choropleth'), areas: { ...areas, breaks: null } })).toEqual([])
    const [layer] = choroplethOverlay.layers({ view: shown('choropleth'), areas })
    expect(layer.id).toBe('choropleth')
    // area a is the second figure (1: class 0, below the threshold 5), b the first (9: class 1)
    const [low, high] = classColors(areas.breaks)
    const fill = (layer.props as unknown as { getFillColor: (f: unknown) => number[] }).getFillColor
    expect(fill(fc.features[0])).toEqual([...low, FILL_ALPHA])
    expect(fill(fc.features[1])).toEqual([...high, FILL_ALPHA])
  })
})

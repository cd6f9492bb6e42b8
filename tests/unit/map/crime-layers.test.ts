/**
 * The crime-analysis layer factories and overlays draw from what they are handed: hand-made
 * results here, the crime-analysis store in the app.
 */
import { describe, expect, it } from 'vitest'
import type { Feature, Polygon } from 'geojson'
import type { LayerId } from '../../../src/core/layer-ids'
import { PATTERN_NAMES } from '../../../src/core/emerging-hotspots'
import { localProjection } from '../../../src/core/local-projection'
import type { SquareGrid } from '../../../src/core/square-grid'
import { emergingOverlay, nearRepeatOverlay, repeatPlacesOverlay, type CrimeOverlayInput } from '../../../src/map/crime-overlays'
import { emergingLayers, PATTERN_ALPHA, PATTERN_COLORS, patternCells, pickEmergingCell } from '../../../src/map/layers/emerging-layer'
import { cellCorners } from '../../../src/map/layers/hotspot-cells-layer'
import { knoxRatioColor, nearRepeatLayers, ROLE_COLORS } from '../../../src/map/layers/near-repeat-layers'

// a 3 × 2 grid of 100 m cells; the cube holds grid cells 0, 4 and 5
const grid: SquareGrid = { proj: localProjection(119, 36.7, 36.7), cell: 100, cols: 3, rows: 2 }
const emerging = { grid, gridIndex: Int32Array.from([0, 4, 5]), patterns: Uint8Array.from([4, 0, 12]) }

describe('emerging pattern colours', () => {
  it('hot patterns are reds and oranges, cold ones blues, all distinct', () => {
    for (let c = 1; c <= 8; c++) expect(PATTERN_COLORS[c][0], PATTERN_NAMES[c]).toBeGreaterThan(PATTERN_COLORS[c][2])
    for (let c = 9; c <= 16; c++) expect(PATTERN_COLORS[c][2], PATTERN_NAMES[c]).toBeGreaterThan(PATTERN_COLORS[c][0])
    expect(new Set(PATTERN_COLORS.slice(1).map((c) => c.join())).size).toBe(16)
  })
})

describe('emergingLayers', () => {
  it('draws the cells with a pattern only, at their grid corners', () => {
    const { cells, positions } = patternCells(emerging)
    // cube cell 1 has no pattern: cube cells 0 and 2 (grid cells 0 and 5)
    expect([...cells]).toEqual([0, 2])
    expect([...positions]).toEqual([...cellCorners(grid, [0, 5])])
    // grid cell 5 is row 1, column 2: its SW corner 200 m east and 100 m north of the origin
    expect(positions[8]).toBeCloseTo(119 + 200 / (111_320 * Math.cos((36.7 * Math.PI) / 180)), 4)
  })

  it('each drawn object is its cube cell, coloured by its pattern; the selected cell outlined', () => {
    const [fill, outline] = emergingLayers(emerging, { selected: 1 })
    const props = fill.props as unknown as { data: number[]; getFillColor: (c: number) => number[] }
    expect(props.data).toEqual([0, 2])
    expect(props.getFillColor(2)).toEqual([...PATTERN_COLORS[12], PATTERN_ALPHA])
    expect(outline.id).toBe('emerging-selected')
    expect(emergingLayers(emerging, { selected: null })).toHaveLength(1)
  })

  it('a click picks in the cells\' layer alone and answers its cube cell', () => {
    const asked: unknown[] = []
    const overlay = (object: unknown) => ({ pickObject: (o: unknown) => (asked.push(o), object === undefined ? null : { object }) })
    expect(pickEmergingCell(overlay(2), 10, 20)).toBe(2)
    expect(asked[0]).toEqual({ x: 10, y: 20, radius: 2, layerIds: ['emerging-cells'] })
    expect(pickEmergingCell(overlay(undefined), 10, 20)).toBeNull()
  })
})

const zone: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }
const near = { zone, lon: Float64Array.from([1, 2, 3]), lat: Float64Array.from([4, 5, 6]), roles: Uint8Array.from([2, 0, 1]) }

describe('nearRepeatLayers', () => {
  it('the zone under the incidents, near repeats drawn last (on top), coloured by role', () => {
    const [z, points] = nearRepeatLayers(near)
    expect(z.id).toBe('near-repeat-zone')
    const p = points.props as unknown as { data: number[]; getFillColor: (i: number) => number[]; getPosition: (i: number) => number[] }
    // roles 2, 0, 1 → drawn isolated (row 1), originator (row 2), near repeat (row 0)
    expect(p.data).toEqual([1, 2, 0])
    expect(p.getFillColor(0).slice(0, 3)).toEqual([...ROLE_COLORS[2]])
    expect(p.getPosition(2)).toEqual([3, 6])
    expect(nearRepeatLayers({ ...near, zone: null }).map((l) => l.id)).toEqual(['near-repeat-incidents'])
  })
})

describe('knoxRatioColor', () => {
  it('white at the expectation, red above and blue below, symmetric in log ratio; none without an expectation', () => {
    const rgb = (s: string) => s.match(/\d+/g)!.map(Number)
    const [r1, g1, b1] = rgb(knoxRatioColor(1))
    expect(Math.min(r1, g1, b1)).toBeGreaterThan(230)
    const hi = rgb(knoxRatioColor(2)), lo = rgb(knoxRatioColor(0.5))
    expect(hi[0]).toBeGreaterThan(hi[2])
    expect(lo[2]).toBeGreaterThan(lo[0])
    // beyond 2 (½) the colour stays at the end of the ramp
    expect(knoxRatioColor(8)).toBe(knoxRatioColor(2))
    expect(knoxRatioColor(NaN)).toBe('transparent')
  })
})

describe('crime overlays', () => {
  const input = (visible: LayerId[], over: Partial<CrimeOverlayInput['crime']> = {}): CrimeOverlayInput => ({
    view: { visible: new Set(visible) },
    crime: { nearDrawn: near, emerging, selectedCell: null, repeat: { lon: Float64Array.from([1]), lat: Float64Array.from([2]), count: Uint32Array.from([3]) }, ...over },
  })
  it('each draws only while its layer is shown and its result is there', () => {
    expect(emergingOverlay.layers(input([])).length).toBe(0)
    expect(emergingOverlay.layers(input(['emerging'])).map((l) => l.id)).toEqual(['emerging-cells'])
    expect(emergingOverlay.layers(input(['emerging'], { emerging: null }))).toEqual([])
    expect(nearRepeatOverlay.layers(input(['nearRepeat'])).map((l) => l.id)).toEqual(['near-repeat-zone', 'near-repeat-incidents'])
    expect(nearRepeatOverlay.layers(input(['emerging']))).toEqual([])
    expect(repeatPlacesOverlay.layers(input(['repeatPlaces'])).map((l) => l.id)).toEqual(['repeat-places'])
    expect(repeatPlacesOverlay.layers(input(['repeatPlaces'], { repeat: null }))).toEqual([])
  })
})

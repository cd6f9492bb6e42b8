import { describe, expect, it } from 'vitest'
import type { Feature, Point } from 'geojson'
import { labelBoxes, symbolBoxes, type LabelSet } from '../../../src/map/layers/label-layer'

const pt = (lon: number, lat: number, name: string): Feature<Point> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { name } })
// a projection by hand: 1 degree = 100 px, north up; the second point is off screen
const project = ([lon, lat]: [number, number]): [number, number] | null => (lon > 10 ? null : [lon * 100, 500 - lat * 100])
const width = (text: string, size: number) => text.length * size

describe('labelBoxes', () => {
  it('centres a name on its point, one em high, with 0.2 em of air; each place shifts it by ems', () => {
    const set: LabelSet = { id: 's', points: [pt(1, 4, '西关街道'), pt(20, 0, 'x')], style: { size: 20 }, priority: 2, places: [[0, 0], [0, 1.3]] }
    const [a, b] = labelBoxes(set, project, width)
    // point (100, 100), text 80 px wide: x 60…140, y 90…110, then 4 px of air; the second place 26 px lower
    expect([...a]).toEqual([56, 86, 144, 114, 56, 112, 144, 140])
    expect([...b].every(Number.isNaN)).toBe(true)
  })

  it('starts a name offset right of its point (station names beside their dot)', () => {
    const [a] = labelBoxes({ id: 'st', points: [pt(1, 4, '派出所')], style: { size: 10, offsetPixels: 13 }, priority: 1 }, project, width)
    expect([...a]).toEqual([111, 93, 145, 107])
  })
})

describe('symbolBoxes', () => {
  it('a square of the radius around each dot', () => {
    expect(symbolBoxes({ points: [pt(1, 4, 'a')], radiusPixels: 10 }, project).map((b) => [...b])).toEqual([[90, 90, 110, 110]])
  })
})

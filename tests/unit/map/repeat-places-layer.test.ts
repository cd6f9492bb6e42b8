import { describe, expect, it } from 'vitest'
import { placeRadiusPixels, repeatPlacesLayer, REPEAT_ALPHA, SINGLE_ALPHA } from '../../../src/map/layers/repeat-places-layer'

const style = { id: 'repeat-places', color: [213, 94, 0] as const, minRadiusPixels: 3, maxRadiusPixels: 23, selected: 1 }

describe('placeRadiusPixels', () => {
  it('grows the area above the smallest circle with the count (by hand)', () => {
    // top 17: (count − 1)/16 = 1 → 23; count 5: √(4/16) = ½ → 3 + 10 = 13; count 1 → 3
    expect(placeRadiusPixels(17, 17, style)).toBe(23)
    expect(placeRadiusPixels(5, 17, style)).toBe(13)
    expect(placeRadiusPixels(1, 17, style)).toBe(3)
    // every place has one incident: all smallest
    expect(placeRadiusPixels(1, 1, style)).toBe(3)
  })
})

describe('repeatPlacesLayer', () => {
  const data = { lon: Float64Array.from([119, 119.01, 119.02]), lat: Float64Array.from([36.7, 36.71, 36.72]), count: Uint32Array.from([17, 5, 1]) }
  const layer = repeatPlacesLayer(data, true, style)
  const props = layer.props as unknown as Record<string, (k: number) => unknown> & { data: number[]; visible: boolean; id: string }

  it('draws every place in rank order, at its anchor, sized by count', () => {
    expect(props.id).toBe('repeat-places')
    expect(props.visible).toBe(true)
    expect(props.data).toEqual([0, 1, 2])
    expect(props.getPosition(1)).toEqual([119.01, 36.71])
    expect(props.data.map((k) => props.getRadius(k))).toEqual([23, 13, 3])
  })

  it('fades single-incident places and outlines the selected one', () => {
    expect(props.getFillColor(0)).toEqual([213, 94, 0, REPEAT_ALPHA])
    expect(props.getFillColor(2)).toEqual([213, 94, 0, SINGLE_ALPHA])
    expect(props.getLineWidth(1)).toBe(3)
    expect(props.getLineWidth(0)).toBe(1)
  })

  it('draws nothing for no places', () => {
    const empty = repeatPlacesLayer({ lon: new Float64Array(0), lat: new Float64Array(0), count: new Uint32Array(0) }, true, style)
    expect((empty.props as unknown as { data: number[] }).data).toEqual([])
  })
})

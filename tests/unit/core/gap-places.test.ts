import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { distanceToArea, gapPlace, gapPlaceLabel, type PlaceWords } from '../../../src/core/gap-places'
import { buildAreaIndex } from '../../../src/core/spatial-join'

const square = (id: string, name: string, x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Feature', properties: { id, name },
  geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
})
const fcOf = (...f: unknown[]) => ({ type: 'FeatureCollection', features: f })
const areas = (...f: unknown[]) => areasFromGeoJson(fcOf(...f)).areas

// At the equator one degree is π·6,371,008.8/180 = 111,194.9 m each way, so distances check by hand.
const DEG = 111_194.93
const streets = buildAreaIndex(areas(square('S1', '新华街道', 0, 0, 0.01, 0.01)))
const compounds = buildAreaIndex(areas(square('C1', '绿苑小区', 0.002, 0.002, 0.004, 0.004)))
const keySites = areas(square('K1', '中心市场', 0.005, 0.002, 0.006, 0.003), square('KS-9', '', 0.0035, 0.004, 0.0045, 0.0041))
const layers = { streets, compounds, keySites }
const words: PlaceWords = { near: (name, m) => `${m} m from ${name}`, at: (name) => `at ${name}`, separator: ' · ' }

describe('gap places', () => {
  it('names the street, the compound and the nearest key site (an unnamed one by its id)', () => {
    // (0.003, 0.0025): the market's west side is 0.002° = 222.4 m east; KS-9's corner (0.0035, 0.004)
    // is √(0.0005² + 0.0015²) = 0.0015811° = 175.8 m away: KS-9 is the nearer
    const p = gapPlace(0.003, 0.0025, layers)
    expect(p.street).toBe('新华街道')
    expect(p.compound).toBe('绿苑小区')
    expect(p.near?.name).toBe('KS-9')
    expect(p.near?.distanceM).toBeCloseTo(0.0015811388 * DEG, 0)
    expect(gapPlaceLabel(p, 0.003, 0.0025, words)).toBe('新华街道 · 绿苑小区 · 180 m from KS-9')
  })

  it('says "at" a key site that holds the point, and leaves out a compound that does not', () => {
    const p = gapPlace(0.0055, 0.0025, layers)
    expect(p).toEqual({ street: '新华街道', compound: null, near: { name: '中心市场', distanceM: 0 } })
    expect(gapPlaceLabel(p, 0.0055, 0.0025, words)).toBe('新华街道 · at 中心市场')
  })

  it('falls back to coordinates when nothing within reach names the point', () => {
    // the nearest key site corner (0.006, 0.003) is √(0.014² + 0.017²) = 0.02202° ≈ 2,449 m away, past 1,000 m
    const p = gapPlace(0.02, 0.02, layers)
    expect(p).toEqual({ street: null, compound: null, near: null })
    expect(gapPlaceLabel(p, 0.02, 0.02, words)).toBe('0.02000, 0.02000')
    expect(gapPlace(0.02, 0.02, layers, 3000).near?.name).toBe('中心市场')
    expect(gapPlace(0.003, 0.0025, {})).toEqual({ street: null, compound: null, near: null })
  })

  it('measures to the outline: 0 inside, the perpendicular to a side, the corner beyond it', () => {
    const k = keySites
    expect(distanceToArea(k, 0, 0.0055, 0.0025)).toBe(0)
    expect(distanceToArea(k, 0, 0.0055, 0.0035)).toBeCloseTo(0.0005 * DEG, 1)
    expect(distanceToArea(k, 0, 0.0063, 0.0034)).toBeCloseTo(0.0005 * DEG, 1) // 3-4-5 from the corner
  })
})

import { describe, expect, it } from 'vitest'
import { bboxesMeet, cityTileQuery, concatIncidents, densityBreaks, densityClass, districtsInView, twoDigits } from '../../../src/core/city-view'
import { NO_FILTER } from '../../../src/core/incident-filter'
import type { IncidentColumns } from '../../../src/core/incidents'

describe('districtsInView', () => {
  const ds = [
    { id: 1, bbox: [119.0, 36.0, 119.2, 36.2] as const },
    { id: 2, bbox: [119.3, 36.0, 119.5, 36.2] as const },
  ]
  it('keeps the districts whose box meets the view, touching included', () => {
    expect(districtsInView(ds, [119.1, 36.1, 119.15, 36.15])).toEqual([1])
    expect(districtsInView(ds, [119.15, 36.1, 119.35, 36.15])).toEqual([1, 2])
    expect(districtsInView(ds, [119.2, 36.2, 119.25, 36.3])).toEqual([1])
    expect(districtsInView(ds, [118, 35, 118.5, 35.5])).toEqual([])
    expect(bboxesMeet([0, 0, 1, 1], [2, 0, 3, 1])).toBe(false)
  })
})

describe('cityTileQuery', () => {
  it('leaves out what is open', () => {
    expect(cityTileQuery({ ...NO_FILTER })).toBe('')
  })
  it('sends categories as indexes, hours and weekdays as masks, the period in ms', () => {
    const q = new URLSearchParams(cityTileQuery({ ...NO_FILTER, categories: [2, 0], subtypes: [3], from: 1000, to: 2000, hours: [22, 6], weekdays: [6, 0] }))
    expect(q.get('categories')).toBe('0,2')
    expect(q.get('from')).toBe('1000')
    expect(q.get('to')).toBe('2000')
    // 22, 23, 0..5
    expect(Number(q.get('hours'))).toBe((1 << 22) + (1 << 23) + 0b111111)
    // Monday and Sunday
    expect(Number(q.get('weekdays'))).toBe(1 + 64)
    expect(q.has('subtypes')).toBe(false)
  })
  it('an empty category list asks for none; a full day or week is no filter', () => {
    const q = new URLSearchParams(cityTileQuery({ ...NO_FILTER, categories: [], hours: [8, 8], weekdays: [0, 1, 2, 3, 4, 5, 6] }))
    expect(q.get('categories')).toBe('')
    expect(q.has('hours')).toBe(false)
    expect(q.has('weekdays')).toBe(false)
    expect(new URLSearchParams(cityTileQuery({ ...NO_FILTER, hours: [8, 17] })).get('hours')).toBe(String(0b11111111100000000))
  })
})

describe('densityBreaks', () => {
  it('rounds to two significant digits', () => {
    expect(twoDigits(1234)).toBe(1200)
    expect(twoDigits(0.0456)).toBe(0.046)
    expect(twoDigits(9.23)).toBe(9.2)
    expect(twoDigits(7)).toBe(7)
  })
  it('splits 1..100 into quartiles', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1)
    // values at ranks 25, 50, 75 (0-based): 26, 51, 76
    expect(densityBreaks(v, 4)).toEqual([0, 26, 51, 76])
  })
  it('drops repeated bounds and ignores empty cells', () => {
    expect(densityBreaks([5, 5, 5, 5, 0, NaN], 4)).toEqual([0, 5])
    expect(densityBreaks([], 6)).toEqual([0])
  })
  it('classes a density by the last bound at or below it', () => {
    const b = [0, 10, 20]
    expect([0, 9.9, 10, 19, 20, 1e6].map((d) => densityClass(d, b))).toEqual([0, 0, 1, 1, 2, 2])
  })
})

describe('concatIncidents', () => {
  const enc = new TextEncoder()
  const packed = (xs: string[]) => {
    const offsets = new Uint32Array(xs.length + 1)
    xs.forEach((x, i) => { offsets[i + 1] = offsets[i] + enc.encode(x).length })
    return { bytes: enc.encode(xs.join('')), offsets }
  }
  const cols = (ids: string[], subs: string[], codes: number[], timeTo?: number[]): IncidentColumns => ({
    count: ids.length, lon: Float64Array.from(ids, (_, i) => i), lat: Float64Array.from(ids, (_, i) => -i), time: Float64Array.from(ids, (_, i) => 100 + i),
    category: Uint8Array.from(ids, (_, i) => i % 5), subtype: Uint16Array.from(codes), subtypes: subs, id: packed(ids), address: packed(ids.map((x) => `at ${x}`)),
    ...(timeTo && { timeTo: Float64Array.from(timeTo) }),
  })
  it('joins rows, ids, addresses and one subtype dictionary', () => {
    const all = concatIncidents([cols(['a', 'bb'], ['theft', 'fight'], [1, 0]), cols(['ccc'], ['fire', 'theft'], [1], [500])])
    expect(all.count).toBe(3)
    expect(Array.from(all.lon)).toEqual([0, 1, 0])
    expect(all.subtypes).toEqual(['theft', 'fight', 'fire'])
    expect(Array.from(all.subtype, (c) => all.subtypes[c])).toEqual(['fight', 'theft', 'theft'])
    expect(Array.from(all.timeTo!)).toEqual([NaN, NaN, 500])
    const dec = new TextDecoder()
    const str = (p: { bytes: Uint8Array; offsets: Uint32Array }, i: number) => dec.decode(p.bytes.subarray(p.offsets[i], p.offsets[i + 1]))
    expect([0, 1, 2].map((i) => str(all.id, i))).toEqual(['a', 'bb', 'ccc'])
    expect(str(all.address, 2)).toBe('at ccc')
  })
})

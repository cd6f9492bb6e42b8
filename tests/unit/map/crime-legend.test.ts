import { describe, expect, it } from 'vitest'
import { emergingBlock, nearRepeatBlock, repeatPlacesBlock } from '../../../src/map/crime-legend'
import { PATTERN_COLORS } from '../../../src/map/layers/emerging-layer'
import { ROLE_COLORS, ZONE_COLOR } from '../../../src/map/layers/near-repeat-layers'
import { REPEAT_PLACES_COLOR } from '../../../src/map/crime-overlays'

/** A translator that shows what was asked: the key, then its values as JSON. */
const t = (key: string, values?: Record<string, unknown>) => (values ? `${key}${JSON.stringify(values)}` : key)
const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`

describe('emerging legend', () => {
  it('lists the patterns present, hot then cold, with their cells, and no pattern last as an outline', () => {
    // 5 without pattern, 3 persistent hot (4), 1 new hot (1), 2 sporadic cold (14)
    const tally = new Uint32Array(17)
    tally[0] = 5; tally[4] = 3; tally[1] = 1; tally[14] = 2
    const b = emergingBlock({ tally, cell: 250, band: 500, step: 'week', computing: false }, t)
    expect(b.items?.map((i) => [i.shape, i.color, i.label, i.count])).toEqual([
      ['square', rgb(PATTERN_COLORS[1]), 'crime.patterns.new_hot_spot', 'crime.legend.cells{"n":1}'],
      ['square', rgb(PATTERN_COLORS[4]), 'crime.patterns.persistent_hot_spot', 'crime.legend.cells{"n":3}'],
      ['square', rgb(PATTERN_COLORS[14]), 'crime.patterns.sporadic_cold_spot', 'crime.legend.cells{"n":2}'],
      ['outline', '#8fa6c1', 'crime.patterns.no_pattern', 'crime.legend.cells{"n":5}'],
    ])
    expect(b.notes).toEqual(['crime.legend.emergingNote{"cell":250,"band":500,"step":"crime.emerging.steps.week"}'])
  })
  it('says when it is computing', () => {
    expect(emergingBlock({ tally: null, cell: 250, band: 500, step: 'month', computing: true }, t).notes?.at(-1)).toBe('crime.legend.computing')
  })
})

describe('near-repeat legend', () => {
  it('the zone (as the outline the map draws) with its radius and window, the roles with their incidents', () => {
    const b = nearRepeatBlock({ zone: { distance: 200, windowDays: 14 }, roles: [7, 2, 1234], computing: false }, 'en', t)
    expect(b.items?.map((i) => [i.shape, i.color, i.label, i.count])).toEqual([
      ['outline', rgb(ZONE_COLOR), 'crime.legend.zone{"d":200,"days":14}', undefined],
      ['dot', rgb(ROLE_COLORS[2]), 'crime.near.roles.near_repeat', '1,234'],
      ['dot', rgb(ROLE_COLORS[1]), 'crime.near.roles.originator', '2'],
      ['dot', rgb(ROLE_COLORS[0]), 'crime.near.roles.isolated', '7'],
    ])
    expect(b.notes).toEqual(['crime.legend.nearNote{"days":14}'])
  })
})

describe('repeat places legend', () => {
  it('circle size = incidents, up to the top place; how places are formed', () => {
    const b = repeatPlacesBlock({ top: 41, by: 'place', snap: 30, computing: false }, t)
    expect(b.items).toEqual([{ shape: 'bigDot', color: rgb(REPEAT_PLACES_COLOR), label: 'crime.legend.places{"n":41}' }])
    expect(b.notes).toEqual(['crime.legend.placesNote{"snap":30}'])
    expect(repeatPlacesBlock({ top: null, by: 'address', snap: 30, computing: false }, t).notes).toEqual(['crime.legend.placesByAddress'])
  })
})

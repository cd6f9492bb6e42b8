import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseLocalDate as p } from '../../../src/core/periods'
import {
  filterAttributes, gpuFilterProps, hourInRange, keepMask, keepsAll, NO_FILTER,
  type FilterableIncidents, type GpuFilterProps, type IncidentFilterAttributes, type IncidentFilterSpec,
} from '../../../src/core/incident-filter'

// Local (Asia/Shanghai) times; 2024-05-06 is a Monday (weekday 0), so 05-05 is Sunday (6),
// 05-08 Wednesday (2), 05-11 Saturday (5). The hours are the clock hours written here.
const ROWS: [string, number, number][] = [
  ['2024-05-05T23:30', 0, 0], // 0: Sun 23h
  ['2024-05-06T00:15', 1, 2], // 1: Mon 0h (Sunday 16:15 UTC: the local day matters)
  ['2024-05-06T05:59', 0, 1], // 2: Mon 5h
  ['2024-05-06T06:00', 2, 3], // 3: Mon 6h
  ['2024-05-06T21:59', 1, 0], // 4: Mon 21h
  ['2024-05-06T22:00', 3, 0], // 5: Mon 22h
  ['2024-05-08T12:00', 0, 0], // 6: Wed 12h
  ['2024-05-11T03:00', 4, 0], // 7: Sat 3h
]
const fixture: FilterableIncidents = {
  count: ROWS.length,
  time: Float64Array.from(ROWS, (r) => p(r[0])),
  category: Uint8Array.from(ROWS, (r) => r[1]),
  subtype: Uint16Array.from(ROWS, (r) => r[2]),
}
const spec = (patch: Partial<IncidentFilterSpec>): IncidentFilterSpec => ({ ...NO_FILTER, ...patch })
const kept = (mask: Uint8Array | undefined) => (mask ? [...mask.keys()].filter((i) => mask[i]) : 'all')

describe('keepMask (hand fixture)', () => {
  it('keeps everything without a filter, and for a full-day hour range', () => {
    expect(keepMask(fixture, NO_FILTER)).toBeUndefined()
    expect(keepMask(fixture, spec({ hours: [0, 24] }))).toBeUndefined()
    // start == end: a full turn from start, i.e. all day (documented on IncidentFilterSpec)
    expect(keepMask(fixture, spec({ hours: [5, 5] }))).toBeUndefined()
    expect(keepsAll(spec({ categories: [0, 1, 2, 3, 4] }))).toBe(false)
  })

  it('hours across midnight and their complement', () => {
    expect(kept(keepMask(fixture, spec({ hours: [22, 6] })))).toEqual([0, 1, 2, 5, 7])
    expect(kept(keepMask(fixture, spec({ hours: [6, 22] })))).toEqual([3, 4, 6])
    expect(hourInRange(23, [22, 6]) && hourInRange(5, [22, 6]) && !hourInRange(6, [22, 6])).toBe(true)
  })

  it('weekdays in ISO order, categories, subtypes', () => {
    expect(kept(keepMask(fixture, spec({ weekdays: [0] })))).toEqual([1, 2, 3, 4, 5])
    expect(kept(keepMask(fixture, spec({ weekdays: [5, 6] })))).toEqual([0, 7])
    expect(kept(keepMask(fixture, spec({ categories: [0] })))).toEqual([0, 2, 6])
    expect(kept(keepMask(fixture, spec({ categories: [] })))).toEqual([])
    expect(kept(keepMask(fixture, spec({ subtypes: [2, 3] })))).toEqual([1, 3])
  })

  it('dates are [from, to) and combine with the rest', () => {
    expect(kept(keepMask(fixture, spec({ from: p('2024-05-06'), to: p('2024-05-06T22:00') })))).toEqual([1, 2, 3, 4])
    expect(kept(keepMask(fixture, spec({ hours: [22, 6], weekdays: [0] })))).toEqual([1, 2, 5])
    expect(kept(keepMask(fixture, spec({ hours: [22, 6], categories: [0], to: p('2024-05-06') })))).toEqual([0])
  })

  it('skips a subtype filter when the columns have no subtypes', () => {
    const { subtype: _, ...noSub } = fixture
    expect(kept(keepMask(noSub, spec({ subtypes: [2] })))).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
})

describe('filterAttributes and gpuFilterProps (hand fixture)', () => {
  const attrs = filterAttributes(fixture)
  it('builds minutes from the local midnight of the first day, and the category channels', () => {
    expect(filterAttributes(fixture)).toBe(attrs) // cached per dataset
    expect(attrs.baseTime).toBe(p('2024-05-05'))
    // 23:30 on the base day = 23 × 60 + 30 = 1410; 2024-05-11T03:00 = 6 days + 3 h = 8820
    expect(attrs.minutes[0]).toBe(1410)
    expect(attrs.minutes[7]).toBe(6 * 1440 + 180)
    expect([...attrs.categories.subarray(0, 8)]).toEqual([23, 6, 0, 0, 0, 0, 1, 2])
  })

  it('turns a spec into ranges and key lists', () => {
    const props = gpuFilterProps(attrs, spec({ from: p('2024-05-06'), to: p('2024-05-06T22:00'), hours: [22, 6], weekdays: [0, 1] }))
    expect(props.filterEnabled).toBe(true)
    expect(props.filterRange).toEqual([1440, 1440 + 22 * 60 - 1])
    expect(props.filterCategories[0]).toEqual([0, 1, 2, 3, 4, 5, 22, 23])
    expect(props.filterCategories[1]).toEqual([0, 1])
    expect(props.exact).toBe(true)
    expect(gpuFilterProps(attrs, NO_FILTER).filterEnabled).toBe(false)
  })

  it('says when the GPU cannot be exact', () => {
    expect(gpuFilterProps(attrs, spec({ from: p('2024-05-06') + 30_000 })).exact).toBe(false)
    // codes 31 and 40 share key 31: taking one of them but not the other cannot be drawn
    const wide: FilterableIncidents = { ...fixture, subtype: Uint16Array.from([31, 40, 0, 0, 0, 0, 0, 0]) }
    const wa = filterAttributes(wide)
    expect(wa.sharedSubtypes).toEqual([31, 40])
    expect(gpuFilterProps(wa, spec({ subtypes: [40] })).exact).toBe(false)
    expect(gpuFilterProps(wa, spec({ subtypes: [31, 40] })).filterCategories[3]).toEqual([31])
    expect(gpuFilterProps(wa, spec({ subtypes: [0] })).exact).toBe(true)
  })
})

/** What the DataFilterExtension vertex shader does (shader-module.ts in @deck.gl/extensions 9.4). */
function gpuKeeps(attrs: IncidentFilterAttributes, props: GpuFilterProps): Uint8Array {
  const out = new Uint8Array(attrs.count)
  // uniforms are float32; step(min, v) * step(v, max): min ≤ v ≤ max
  const min = Math.fround(props.filterRange[0]), max = Math.fround(props.filterRange[1])
  // one 32-bit mask per channel; bit (key & 31)
  const masks = props.filterCategories.map((keys) => keys.reduce((m, k) => m | (1 << (k & 31)), 0))
  for (let i = 0; i < attrs.count; i++) {
    if (!props.filterEnabled) { out[i] = 1; continue }
    const v = attrs.minutes[i]
    let ok = v >= min && v <= max
    for (let c = 0; c < 4 && ok; c++) ok = ((masks[c] >>> (attrs.categories[4 * i + c] & 31)) & 1) === 1
    out[i] = ok ? 1 : 0
  }
  return out
}

describe('the GPU attributes and props select exactly keepMask (property)', () => {
  const T0 = p('2024-01-01'), SPAN = 20 * 86_400_000
  const instant = fc.oneof(
    fc.integer({ min: 0, max: SPAN / 60_000 }).map((m) => T0 + m * 60_000), // whole minutes (as the UI gives)
    fc.integer({ min: 0, max: SPAN }).map((ms) => T0 + ms),
  )
  const list = (max: number) => fc.option(fc.uniqueArray(fc.integer({ min: 0, max }), { maxLength: max + 1 }), { nil: null })
  // date bounds often on an incident's own instant or minute, where an off-by-one would show
  const bound = (inc: FilterableIncidents) => fc.option(fc.oneof(
    instant,
    fc.integer({ min: 0, max: inc.count - 1 }).map((i) => inc.time[i]),
    fc.integer({ min: 0, max: inc.count - 1 }).map((i) => Math.floor(inc.time[i] / 60_000) * 60_000),
  ), { nil: null })
  const specArb = (inc: FilterableIncidents) => fc.record({
    categories: list(4),
    subtypes: list(35),
    from: bound(inc),
    to: bound(inc),
    hours: fc.option(fc.tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 })), { nil: null }),
    weekdays: list(6),
  })
  const incidentsArb = fc.array(fc.tuple(instant, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 35 })), { minLength: 1, maxLength: 60 })
    .map((rows): FilterableIncidents => ({
      count: rows.length,
      time: Float64Array.from(rows, (r) => r[0]),
      category: Uint8Array.from(rows, (r) => r[1]),
      subtype: Uint16Array.from(rows, (r) => r[2]),
    }))

  it('equal whenever gpuFilterProps says exact, and exact for whole-minute bounds and subtypes below 31', () => {
    const cases = incidentsArb.chain((inc) => fc.tuple(fc.constant(inc), specArb(inc)))
    fc.assert(fc.property(cases, ([inc, s]) => {
      const attrs = filterAttributes(inc)
      const props = gpuFilterProps(attrs, s)
      const whole = (t: number | null) => t === null || t % 60_000 === 0
      if (whole(s.from) && whole(s.to) && (s.subtypes === null || s.subtypes.every((c) => c < 31))) expect(props.exact).toBe(true)
      if (!props.exact) return
      const cpu = keepMask(inc, s) ?? new Uint8Array(inc.count).fill(1)
      expect([...gpuKeeps(attrs, props)]).toEqual([...cpu])
    }), { numRuns: 400 })
  })
})

describe('keepMask with time windows', () => {
  // 0: Tue 7 May 22:00 → Wed 8 May 07:00 (a night window); 1: the same start, no end;
  // 2: Sun 12 May 22:00 → Mon 13 May 02:00 (across the week end); 3: Wed 12:00 → 13:00
  const windows: FilterableIncidents = {
    count: 4,
    time: Float64Array.from(['2024-05-07T22:00', '2024-05-07T22:00', '2024-05-12T22:00', '2024-05-08T12:00'], p),
    timeTo: Float64Array.from([p('2024-05-08T07:00'), NaN, p('2024-05-13T02:00'), p('2024-05-08T13:00')]),
    category: new Uint8Array(4),
  }
  it('keeps a row whose window touches the selected hours', () => {
    // 02:00–04:00: the night windows touch it; the row without an end starts at 22h and does not
    expect(kept(keepMask(windows, spec({ hours: [2, 4] })))).toEqual([0])
    // 01:00–04:00: the Sunday→Monday window covers 01:00–02:00 too
    expect(kept(keepMask(windows, spec({ hours: [1, 4] })))).toEqual([0, 2])
    // 07:00–12:00: row 0 ends as 07:00 starts, row 3 starts as 12:00 ends: neither touches
    expect(kept(keepMask(windows, spec({ hours: [7, 12] })))).toEqual([])
  })
  it('tests hours and weekdays together on the window', () => {
    // Monday only: the window from Sunday night reaches Monday 00:00–02:00
    expect(kept(keepMask(windows, spec({ weekdays: [0] })))).toEqual([2])
    // Wednesday 22:00–23:00: row 0 is on Wednesday only before 07:00, so not
    expect(kept(keepMask(windows, spec({ weekdays: [2], hours: [22, 23] })))).toEqual([])
    // Wednesday 05:00–06:00: row 0
    expect(kept(keepMask(windows, spec({ weekdays: [2], hours: [5, 6] })))).toEqual([0])
  })
  it('says the GPU is not exact for hours or weekdays over windows', () => {
    const attrs = filterAttributes(windows)
    expect(attrs.hasWindows).toBe(true)
    expect(gpuFilterProps(attrs, spec({ hours: [2, 4] })).exact).toBe(false)
    expect(gpuFilterProps(attrs, spec({ weekdays: [0] })).exact).toBe(false)
    expect(gpuFilterProps(attrs, spec({ categories: [0] })).exact).toBe(true)
    expect(filterAttributes(fixture).hasWindows).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { inspectedRecords, inspectRows } from '../../../src/core/incident-inspect'
import { packStrings, type IncidentColumns } from '../../../src/core/incidents'
import { gridOverBbox } from '../../../src/core/square-grid'

// 1° of latitude = 111,195 m (R = 6,371,008.8 m); at the equator the same for longitude
const M_PER_DEG = 6371008.8 * Math.PI / 180

function columns(rows: { lon: number; lat: number; time: number; category?: number; subtype?: number }[]): IncidentColumns {
  return {
    count: rows.length,
    lon: Float64Array.from(rows, (r) => r.lon),
    lat: Float64Array.from(rows, (r) => r.lat),
    time: Float64Array.from(rows, (r) => r.time),
    category: Uint8Array.from(rows, (r) => r.category ?? 0),
    subtype: Uint16Array.from(rows, (r) => r.subtype ?? 0),
    subtypes: ['fight', '醉驾'],
    id: packStrings(rows.map((_, i) => `A${i}`)),
    address: packStrings(rows.map((_, i) => `<b>${i}号</b>`)),
  }
}

describe('inspectRows', () => {
  // on the equator, rows 0 m, 5 m, 9 m and 11 m east of the origin
  const inc = columns([
    { lon: 0, lat: 0, time: 100 },
    { lon: 5 / M_PER_DEG, lat: 0, time: 300 },
    { lon: 9 / M_PER_DEG, lat: 0, time: 200 },
    { lon: 11 / M_PER_DEG, lat: 0, time: 400 },
  ])

  it('lists the rows within the radius, nearest first', () => {
    const r = inspectRows(inc, { kind: 'near', lon: 9.8 / M_PER_DEG, lat: 0, radiusM: 5.5 }, undefined)
    // distances 9.8, 4.8, 0.8 and 1.2 m
    expect(r.total).toBe(3)
    expect([...r.rows]).toEqual([2, 3, 1])
  })

  it('lists incidents at one place newest first', () => {
    const same = columns([{ lon: 1, lat: 1, time: 5 }, { lon: 1, lat: 1, time: 7 }, { lon: 1, lat: 1, time: 6 }])
    expect([...inspectRows(same, { kind: 'near', lon: 1, lat: 1, radiusM: 1 }, undefined).rows]).toEqual([1, 2, 0])
  })

  it('leaves out the rows the filter drops and caps the list, counting the rest', () => {
    const keep = Uint8Array.of(1, 1, 0, 1)
    const r = inspectRows(inc, { kind: 'near', lon: 0, lat: 0, radiusM: 100 }, keep, 2)
    expect(r.total).toBe(3)
    expect([...r.rows]).toEqual([0, 1])
  })

  it('lists a grid cell, newest first', () => {
    // 10 m cells from the origin: rows 0 and 1 in cell 0 (0–10 m), row 2 (9 m) too, row 3 in cell 1
    const grid = gridOverBbox([0, 0, 20 / M_PER_DEG, 1 / M_PER_DEG], 10)
    expect(grid.cols).toBe(2)
    expect([...inspectRows(inc, { kind: 'cell', grid, cell: 0 }, undefined).rows]).toEqual([1, 2, 0])
    expect(inspectRows(inc, { kind: 'cell', grid, cell: 1 }, undefined)).toEqual({ total: 1, rows: Uint32Array.of(3) })
  })

  it('maps a filtered layer\'s indices to rows', () => {
    // kept rows are 1 and 3: the layer's index 1 is row 3
    const r = inspectRows(inc, { kind: 'kept', indices: [1] }, Uint8Array.of(0, 1, 0, 1))
    expect([...r.rows]).toEqual([3])
  })
})

describe('inspectedRecords', () => {
  it('reads id, time, category, subtype and address as the file has them', () => {
    const inc = columns([{ lon: 0, lat: 0, time: 5, category: 1, subtype: 1 }, { lon: 0, lat: 0, time: 6, category: 9 }])
    expect(inspectedRecords(inc, [1, 0])).toEqual([
      { row: 1, id: 'A1', time: 6, category: 'other', subtype: 'fight', address: '<b>1号</b>' },
      { row: 0, id: 'A0', time: 5, category: 'public_order', subtype: '醉驾', address: '<b>0号</b>' },
    ])
  })
})

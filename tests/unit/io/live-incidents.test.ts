import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { appendIncidents, liveMessageToCsvLine, readLiveBatch } from '../../../src/io/live-incidents'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { packedString, type IncidentColumns } from '../../../src/core/incidents'
import { parseLocalDate } from '../../../src/core/periods'

const read = (csv: string) => readIncidentsCsv(new TextEncoder().encode(csv)).columns
const rows = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => [
  packedString(c.id, i), c.time[i], c.category[i], c.subtypes[c.subtype[i]], c.lon[i], c.lat[i], packedString(c.address, i),
])

describe('liveMessageToCsvLine', () => {
  it('turns a JSON incident into a contract line, quoting what needs it; epoch ms become ISO', () => {
    expect(liveMessageToCsvLine('{"id":"L1","time":"2025-12-31T23:00:00","category":"刑事","subtype":"theft","lon":119.1,"lat":36.7,"address":"a, \\"b\\""}'))
      .toBe('L1,2025-12-31T23:00:00,刑事,theft,119.1,36.7,"a, ""b"""')
    expect(liveMessageToCsvLine(JSON.stringify({ id: 'L2', time: Date.UTC(2025, 0, 1), category: 'fire', lon: 119, lat: 36 })))
      .toBe('L2,2025-01-01T00:00:00.000Z,fire,,119,36,')
  })

  it('passes a CSV line through and refuses what is no incident', () => {
    expect(liveMessageToCsvLine(' L3,2025-01-01 08:00,fire,smoke,119,36 \n')).toBe('L3,2025-01-01 08:00,fire,smoke,119,36')
    for (const m of ['', '  ', '{bad json', '{"a":1}\n{"b":2}'.replace('{"a":1}', 'x'), 'a,b\nc,d']) expect(liveMessageToCsvLine(m), m).toBe(null)
  })
})

describe('readLiveBatch', () => {
  it('reads JSON and CSV messages as the file reader would, counting what it cannot read', () => {
    const r = readLiveBatch([
      '{"id":"L1","time":"2025-12-31T23:00:00","category":"criminal","subtype":"theft","lon":119.1,"lat":36.7}',
      'L2,2025-12-31T23:30:00,public_order,fight,119.2,36.8,东关',
      'L3,not a time,fire,smoke,119,36',
      'nonsense\nover two lines',
    ])
    expect(r.unreadable).toBe(1)
    expect(r.report.rejectedCount).toBe(1)
    // by hand: 23:00 local = 15:00 UTC
    expect(rows(r.columns)).toEqual([
      ['L1', Date.UTC(2025, 11, 31, 15), 0, 'theft', 119.1, 36.7, ''],
      ['L2', parseLocalDate('2025-12-31T23:30'), 1, 'fight', 119.2, 36.8, '东关'],
    ])
  })
})

describe('appendIncidents', () => {
  const a = read('id,time,category,subtype,lon,lat,address\nA1,2025-01-01T00:00,fire,smoke,119,36,甲\nA2,2025-01-02T00:00,criminal,theft,119.5,36.5,\n')
  const b = read('id,time,category,subtype,lon,lat,address\nB1,2025-01-03T00:00,criminal,fraud,118,35,乙丙\nB2,2025-01-04T00:00,fire,smoke,117,34,\n')

  it('gives a’s rows then b’s, with b’s subtypes moved onto a’s dictionary, and leaves a alone', () => {
    const before = rows(a)
    const c = appendIncidents(a, b)
    expect(c.count).toBe(4)
    expect(rows(c)).toEqual([...rows(a), ...rows(b)])
    // smoke keeps its code; fraud is new and added once
    expect(c.subtypes).toEqual([...a.subtypes, 'fraud'])
    expect(rows(a)).toEqual(before)
    expect(c.lon).not.toBe(a.lon)
  })

  it('appending nothing, or onto nothing, keeps the rows', () => {
    const none = read('id,time,category,subtype,lon,lat\n')
    expect(rows(appendIncidents(a, none))).toEqual(rows(a))
    expect(rows(appendIncidents(none, b))).toEqual(rows(b))
  })

  it('any split of a file appended back together reads as the whole file', () => {
    const line = fc.tuple(fc.constantFrom('fire', 'criminal', 'problem'), fc.constantFrom('x', 'y', 'z', '火'), fc.integer({ min: 0, max: 1000 }), fc.string({ maxLength: 4 }).filter((s) => !/[,"\r\n]/.test(s)))
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.nat(), (ls, k) => {
      const text = ls.map(([c, s, x, addr], i) => `R${i},2025-01-01T00:00,${c},${s},${119 + x / 1e4},36,${addr}`)
      const cut = ls.length ? k % (ls.length + 1) : 0
      const csv = (xs: string[]) => `id,time,category,subtype,lon,lat,address\n${xs.join('\n')}\n`
      expect(rows(appendIncidents(read(csv(text.slice(0, cut))), read(csv(text.slice(cut)))))).toEqual(rows(read(csv(text))))
    }))
  })
})

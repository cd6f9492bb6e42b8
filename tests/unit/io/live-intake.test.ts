import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { LiveIntake, MAX_LIVE_MESSAGE_CHARS, trimLiveWindow } from '../../../src/io/live-intake'
import { takeRows } from '../../../src/io/live-incidents'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { packedString, type IncidentColumns } from '../../../src/core/incidents'

const ids = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => packedString(c.id, i))
const rows = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => [
  packedString(c.id, i), c.time[i], c.category[i], c.subtypes[c.subtype[i]], c.lon[i], c.lat[i], packedString(c.address, i),
])
// CSV messages carry all seven contract columns (the address may be empty)
const line = (id: string, address = '') => `${id},2025-12-31T23:00:00,criminal,theft,119.1,36.7,${address}`
const read = (csv: string) => readIncidentsCsv(new TextEncoder().encode(csv)).columns

describe('LiveIntake', () => {
  it('drops a message one char over the limit unread; one exactly at the limit is read', () => {
    const atLimit = line('L1', 'x'.repeat(MAX_LIVE_MESSAGE_CHARS - line('L1', '').length))
    expect(atLimit.length).toBe(MAX_LIVE_MESSAGE_CHARS)
    const over = line('L2', 'x'.repeat(MAX_LIVE_MESSAGE_CHARS - line('L2', '').length + 1))
    expect(over.length).toBe(MAX_LIVE_MESSAGE_CHARS + 1)
    const r = new LiveIntake().take([atLimit, over])
    expect(r).toMatchObject({ oversized: 1, rejected: 0, replayed: 0 })
    expect(ids(r.columns)).toEqual(['L1'])
    // an oversized message of JSON junk is not even parsed: it counts only as oversized
    expect(new LiveIntake().take([`{${'"'.repeat(MAX_LIVE_MESSAGE_CHARS + 5)}`])).toMatchObject({ oversized: 1, rejected: 0 })
  })

  it('counts malformed JSON, a CSV message over two lines and a row the reader refuses as rejected', () => {
    const r = new LiveIntake().take(['{"id":"L1","time":', `${line('L2')}\n${line('L3')}`, 'L4,not a time,fire,smoke,119,36,', line('L5'), ''])
    expect(r).toMatchObject({ oversized: 0, rejected: 4, replayed: 0 })
    expect(ids(r.columns)).toEqual(['L5'])
  })

  it('a replay within a batch or across batches is counted, not taken; JSON and CSV of one id are one incident', () => {
    const intake = new LiveIntake()
    const a = intake.take([line('L1'), line('L2'), line('L1')])
    expect(ids(a.columns)).toEqual(['L1', 'L2'])
    expect(a.replayed).toBe(1)
    const b = intake.take([JSON.stringify({ id: 'L2', time: '2025-12-31T23:00:00', category: 'fire', lon: 119, lat: 36 }), line('L3'), line('L1')])
    expect(ids(b.columns)).toEqual(['L3'])
    expect(b).toMatchObject({ replayed: 2, rejected: 0 })
    // the kept row is the one that was read, with its fields intact
    expect(rows(b.columns)).toEqual(rows(read(`id,time,category,subtype,lon,lat,address\n${line('L3')}\n`)))
  })

  it('a rejected row does not claim its id: the good row with that id later is taken', () => {
    const intake = new LiveIntake()
    expect(intake.take(['L1,not a time,fire,smoke,119,36,'])).toMatchObject({ rejected: 1, replayed: 0 })
    expect(ids(intake.take([line('L1')]).columns)).toEqual(['L1'])
  })

  it('an id older than the memory is taken again (documented: it left the live window long ago)', () => {
    const intake = new LiveIntake(2)
    intake.take([line('L1'), line('L2'), line('L3')])
    expect(intake.take([line('L2')]).replayed).toBe(1)
    const again = intake.take([line('L1')])
    expect(again.replayed).toBe(0)
    expect(ids(again.columns)).toEqual(['L1'])
  })

  it('every id is taken exactly once across batches however the replays are split, while the memory holds them all', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }), { maxLength: 10 }), (batches) => {
      const intake = new LiveIntake(100)
      const got: string[] = []
      let replays = 0
      for (const b of batches) {
        const r = intake.take(b.map((k) => line(`L${k}`)))
        got.push(...ids(r.columns))
        replays += r.replayed
      }
      const all = batches.flat().map((k) => `L${k}`)
      expect(got).toEqual([...new Set(all)])
      expect(replays).toBe(all.length - got.length)
    }))
  })
})

describe('trimLiveWindow', () => {
  const base = read('id,time,category,subtype,lon,lat,address\nB1,2025-01-01T00:00,fire,smoke,119,36,甲\nB2,2025-01-02T00:00,criminal,theft,119.5,36.5,\n')
  const live = read(`id,time,category,subtype,lon,lat,address\n${[1, 2, 3, 4, 5].map((k) => `L${k},2025-12-0${k}T00:00,problem,noise_${k},119.${k},36.${k},地址${k}`).join('\n')}\n`)
  const both = read(`id,time,category,subtype,lon,lat,address\nB1,2025-01-01T00:00,fire,smoke,119,36,甲\nB2,2025-01-02T00:00,criminal,theft,119.5,36.5,\n${[1, 2, 3, 4, 5].map((k) => `L${k},2025-12-0${k}T00:00,problem,noise_${k},119.${k},36.${k},地址${k}`).join('\n')}\n`)

  it('keeps the newest `keep` live rows and every base row, fields intact', () => {
    const t = trimLiveWindow(both, base.count, 3)
    expect(t.trimmed).toBe(2)
    expect(ids(t.columns)).toEqual(['B1', 'B2', 'L3', 'L4', 'L5'])
    const expected = rows(both).filter((r) => !['L1', 'L2'].includes(r[0] as string))
    expect(rows(t.columns)).toEqual(expected)
  })

  it('leaves the columns alone when the live part fits, and never cuts into the base', () => {
    expect(trimLiveWindow(both, 2, 5)).toEqual({ columns: both, trimmed: 0 })
    expect(ids(trimLiveWindow(both, 2, 1).columns)).toEqual(['B1', 'B2', 'L5'])
    expect(ids(trimLiveWindow(live, 0, 2).columns)).toEqual(['L4', 'L5'])
    // base rows beyond the window: all base rows stay, whatever keep is
    expect(ids(trimLiveWindow(both, 7, 1).columns)).toEqual(ids(both))
  })

  it('any window over any split: base first, then the newest live rows', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (b, keep) => {
      const t = trimLiveWindow(both, b, keep)
      const all = ids(both)
      expect(ids(t.columns)).toEqual([...all.slice(0, b), ...all.slice(b).slice(-keep)])
      expect(t.trimmed).toBe(Math.max(0, all.length - b - keep))
    }))
  })
})

describe('takeRows', () => {
  it('picks rows in the given order and keeps the subtype dictionary', () => {
    const c = read('id,time,category,subtype,lon,lat,address\nA,2025-01-01T00:00,fire,smoke,119,36,甲乙\nB,2025-01-02T00:00,criminal,theft,119.5,36.5,\nC,2025-01-03T00:00,problem,noise,118,35,丙\n')
    const t = takeRows(c, [0, 2])
    expect(rows(t)).toEqual([rows(c)[0], rows(c)[2]])
    expect(t.subtypes).toBe(c.subtypes)
    expect(takeRows(c, []).count).toBe(0)
  })
})

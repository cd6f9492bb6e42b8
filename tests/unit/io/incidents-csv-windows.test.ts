import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { autoMap } from '../../../src/io/field-mapping'
import { appendIncidents, takeRows } from '../../../src/io/live-incidents'
import { decodeIncidentColumns, encodeIncidentColumns } from '../../../src/io/incident-columns-file'

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/io/${name}`, import.meta.url))))
const text = (s: string) => new TextEncoder().encode(s)
/** epoch ms of a Shanghai local wall-clock time (UTC+8 all year) */
const local = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min) - 8 * 3600_000

describe('incident time windows (发案时间起/止, time_from/time_to)', () => {
  it('reads 发案时间起 as the time and 发案时间止 as the window end', () => {
    const { columns: c, report } = readIncidentsCsv(fixture('incidents-windows.csv'))
    // W3 ends before it starts and W4's end is no time: both rejected on their lines (4, 5), the rest kept
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([[4, 'bad_time'], [5, 'bad_time']])
    expect(report.rejected[0].detail).toContain('time_to 2024-05-08 09:00 is before time 2024-05-08 10:00')
    expect(report.rejected[1].detail).toContain('time_to: 昨天')
    expect(c.count).toBe(4)
    expect(Array.from(c.time)).toEqual([local(2024, 5, 7, 22), local(2024, 5, 8, 10), local(2024, 1, 31, 20), local(2024, 5, 8, 10)])
    // W2 has no end (NaN); W6's end equals its start: kept as given, read as an exact time
    expect(Array.from(c.timeTo!)).toEqual([local(2024, 5, 8, 7), NaN, local(2024, 2, 1, 4), local(2024, 5, 8, 10)])
  })

  it('has no timeTo column when the file has no end column', () => {
    const { columns } = readIncidentsCsv(text('id,time,category,lon,lat\na,2024-05-08 10:00,刑事,121,31\n'))
    expect(columns.timeTo).toBeUndefined()
  })

  it('recognises the English names from/to, time_from/time_to and end_time', () => {
    for (const [from, to] of [['from', 'to'], ['time_from', 'time_to'], ['time', 'end_time'], ['Time From', 'Time To']]) {
      const { columns, report } = readIncidentsCsv(text(`id,${from},${to},category,lon,lat\na,2024-05-08 10:00,2024-05-08 12:00,刑事,121,31\n`))
      expect(report.rejectedCount, `${from}/${to}`).toBe(0)
      expect(Array.from(columns.timeTo!), `${from}/${to}`).toEqual([local(2024, 5, 8, 12)])
    }
    expect(autoMap('incidents', ['编号', '案发时间止', '报警时间', '发案时间起', '类别', '经度', '纬度'])).toMatchObject({ time: 3, time_to: 1 })
  })

  it('carries the window ends through append, takeRows and the .cols file', () => {
    const { columns: a, report } = readIncidentsCsv(fixture('incidents-windows.csv'))
    const { columns: b } = readIncidentsCsv(text('id,time,category,lon,lat\nb,2024-05-09 10:00,刑事,121,31\n'))
    const ab = appendIncidents(a, b)
    expect(Array.from(ab.timeTo!)).toEqual([...Array.from(a.timeTo!), NaN])
    expect(appendIncidents(b, b).timeTo).toBeUndefined()
    expect(Array.from(takeRows(ab, [0, 4]).timeTo!)).toEqual([local(2024, 5, 8, 7), NaN])
    const back = decodeIncidentColumns(encodeIncidentColumns(a, report).slice().buffer).columns
    expect(Array.from(back.timeTo!)).toEqual(Array.from(a.timeTo!))
    expect(decodeIncidentColumns(encodeIncidentColumns(b, report).slice().buffer).columns.timeTo).toBeUndefined()
  })
})

describe('exporting windows', () => {
  it('writes time_to when the incidents have window ends, and reads back the same windows', async () => {
    const { incidentsToCsv } = await import('../../../src/io/dataset-export')
    const { columns: a } = readIncidentsCsv(fixture('incidents-windows.csv'))
    const csv = incidentsToCsv(a).join('')
    expect(csv.split('\n')[0]).toContain(',address,time_to')
    const { columns: back } = readIncidentsCsv(text(csv))
    expect(Array.from(back.time)).toEqual(Array.from(a.time))
    expect(Array.from(back.timeTo!)).toEqual(Array.from(a.timeTo!))
    const { columns: b } = readIncidentsCsv(text('id,time,category,lon,lat\nb,2024-05-09 10:00,刑事,121,31\n'))
    expect(incidentsToCsv(b).join('').split('\n')[0]).not.toContain('time_to')
  })
})

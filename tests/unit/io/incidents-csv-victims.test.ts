import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import '../fast-check-seed'
import { incidentBuffers, packedString, type IncidentColumns } from '../../../src/core/incidents'
import { IncidentCsvReader, readIncidentsCsv } from '../../../src/io/incidents-csv'
import { autoMap } from '../../../src/io/field-mapping'
import { appendIncidents, takeRows } from '../../../src/io/live-incidents'
import { decodeIncidentColumns, encodeIncidentColumns } from '../../../src/io/incident-columns-file'
import { incidentsToCsv } from '../../../src/io/dataset-export'
import { previewImport, runImport, sourceFromBytes } from '../../../src/io/dataset-import'

// synthetic people: placeholder names (张三, 李四, 王五 are the Chinese "John Doe"s), no real persons
const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/io/${name}`, import.meta.url))))
const text = (s: string) => new TextEncoder().encode(s)
const victims = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => packedString(c.victim!, i))

function readChunks(bytes: Uint8Array, cuts: number[], opts: { expectedBytes?: number } = {}) {
  const r = new IncidentCsvReader(opts)
  let at = 0
  for (const c of [...cuts].sort((a, b) => a - b)) {
    r.push(bytes.subarray(at, c))
    at = c
  }
  r.push(bytes.subarray(at))
  return r.finish()
}

describe('the victim column (受害人)', () => {
  it('reads 受害人 as the victim, not 报警人 (the caller), as written; an empty cell is an empty victim', () => {
    const { columns: c, report } = readIncidentsCsv(fixture('incidents-victims.csv'))
    expect(report.rejectedCount).toBe(0)
    expect(c.count).toBe(8)
    // V3's trailing ideographic space (U+3000) and V5's double space are kept: the grouping normalises, the reader does not
    expect(victims(c)).toEqual(['张三', '张三', '张三\u3000', 'Li Si', 'li  si', '王五', '', '赵六'])
  })

  it('maps each alias on its own, by exact name only, and never 报警人', () => {
    for (const name of ['受害人', '被害人', '受害人姓名', '受害人身份证号', 'victim', 'Victim ID', 'victim_name']) {
      expect(autoMap('incidents', ['编号', '时间', '类别', '经度', '纬度', name]).victim, name).toBe(5)
    }
    // the caller, and columns about the victim that are not the victim
    for (const name of ['报警人', '受害人电话', '被害人年龄', 'victim age']) {
      expect(autoMap('incidents', ['编号', '时间', '类别', '经度', '纬度', name]).victim, name).toBe(-1)
    }
    // an id number groups better than a name: it wins when the file has both
    expect(autoMap('incidents', ['编号', '时间', '类别', '经度', '纬度', '受害人姓名', '受害人身份证号']).victim).toBe(6)
  })

  it('has no victim column when the file has none', () => {
    const { columns } = readIncidentsCsv(text('id,time,category,lon,lat,报警人\na,2024-05-08 10:00,刑事,121,31,张三\n'))
    expect(columns.victim).toBeUndefined()
  })

  it('gives the same columns wherever the chunks are cut (every byte, and random multi-way cuts)', () => {
    const bytes = fixture('incidents-victims.csv')
    const whole = readIncidentsCsv(bytes)
    for (let k = 0; k <= bytes.length; k++) expect(readChunks(bytes, [k]), `cut at ${k}`).toEqual(whole)
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => {
      expect(readChunks(bytes, cuts.map((c) => c % (bytes.length + 1)))).toEqual(whole)
    }), { numRuns: 100 })
  })

  it('keeps the victims through the buffers\' growth and a size hint, right or wrong', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `r${i},2024-03-05T22:31:00,criminal,119.${i},36.7,${i % 7 === 0 ? '' : `受害人${i % 97}号`}`)
    const file = text(['id,time,category,lon,lat,victim', ...rows].join('\n'))
    const expected = rows.map((r) => r.split(',')[5])
    for (const expectedBytes of [undefined, file.length, file.length / 3, file.length * 3]) {
      const cuts = Array.from({ length: Math.ceil(file.length / 4096) }, (_, k) => k * 4096)
      expect(victims(readChunks(file, cuts, { expectedBytes }).columns), `hint ${expectedBytes}`).toEqual(expected)
    }
  })

  it('carries the victims through append, takeRows and the .cols file', () => {
    const { columns: a, report } = readIncidentsCsv(fixture('incidents-victims.csv'))
    const { columns: b } = readIncidentsCsv(text('id,time,category,lon,lat\nb,2024-05-09 10:00,刑事,121,31\n'))
    const ab = appendIncidents(a, b)
    expect(victims(ab)).toEqual([...victims(a), ''])
    const ba = appendIncidents(b, a)
    expect(victims(ba)).toEqual(['', ...victims(a)])
    expect(appendIncidents(b, b).victim).toBeUndefined()
    expect(victims(takeRows(ab, [8, 3, 0]))).toEqual(['', 'Li Si', '张三'])
    expect(takeRows(b, [0]).victim).toBeUndefined()
    const back = decodeIncidentColumns(encodeIncidentColumns(a, report).slice().buffer).columns
    expect(victims(back)).toEqual(victims(a))
    expect(decodeIncidentColumns(encodeIncidentColumns(b, report).slice().buffer).columns.victim).toBeUndefined()
  })

  it('hands the victim buffers to a transfer, each once', () => {
    const { columns: a } = readIncidentsCsv(fixture('incidents-victims.csv'))
    const buffers = incidentBuffers(a)
    expect(buffers).toContain(a.victim!.bytes.buffer)
    expect(buffers).toContain(a.victim!.offsets.buffer)
    expect(new Set(buffers).size).toBe(buffers.length)
  })

  it('exports a victim column when the incidents name victims, and reads back the same victims', () => {
    const { columns: a } = readIncidentsCsv(fixture('incidents-victims.csv'))
    const csv = incidentsToCsv(a).join('')
    expect(csv.split('\r\n')[0]).toBe('\uFEFFid,time,category,subtype,lon,lat,address,victim')
    // V3's victim ends in an ideographic space, which the reader keeps unquoted (it trims ASCII blanks only)
    expect(csv.split('\r\n')[3]).toMatch(/,和平街2号,张三\u3000$/)
    // V5's inner double space needs no quotes either
    expect(csv.split('\r\n')[5]).toMatch(/,和平街2号,li {2}si$/)
    const { columns: back } = readIncidentsCsv(text(csv))
    expect(victims(back)).toEqual(victims(a))
    const { columns: b } = readIncidentsCsv(text('id,time,category,lon,lat\nb,2024-05-09 10:00,刑事,121,31\n'))
    expect(incidentsToCsv(b).join('').split('\r\n')[0]).not.toContain('victim')
  })
})

describe('importing victims (the import dialog)', () => {
  it('offers the victim field; a column the user maps to it is read, 报警人 left alone', async () => {
    const bytes = text(['警情编号,报警时间,警情类别,经度,纬度,报警人,当事人', 'A1,2025-03-01 22:30,刑事,119.1,36.7,赵六,张三', 'A2,2025-03-02 22:30,刑事,119.2,36.7,钱七,'].join('\n') + '\n')
    const p = await previewImport(sourceFromBytes('警情.csv', bytes), 'incidents')
    if ('error' in p) throw new Error(p.error)
    expect(p.fields.map((f) => f.field)).toContain('victim')
    // neither 报警人 nor 当事人 (a party, not always the victim) is taken by itself
    expect(p.mapping.victim).toBe(-1)
    const none = await runImport(sourceFromBytes('警情.csv', bytes), { kind: 'incidents', encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
    expect(none.payload?.type === 'incidents' && none.payload.columns.victim).toBe(undefined)
    const o = await runImport(sourceFromBytes('警情.csv', bytes), { kind: 'incidents', encoding: 'auto', crs: 'wgs84', mapping: { ...p.mapping, victim: 6 } })
    if (o.payload?.type !== 'incidents') throw new Error('no incidents')
    expect(victims(o.payload.columns)).toEqual(['张三', ''])
  })
})

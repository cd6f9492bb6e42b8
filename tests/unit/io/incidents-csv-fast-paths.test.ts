import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { packedString } from '../../../src/core/incidents'
import { IncidentCsvReader, parseTimeBytes, readIncidentsCsv } from '../../../src/io/incidents-csv'

// The reader's shortcuts against plain oracles: ids that count up by one are held as a run and
// the rest in a hash set (checked with a Set); times of the common 19-character shape are read
// without the general parser (checked with Date.UTC).

const enc = new TextEncoder()

/** Ids drawn so that runs start, continue, break and repeat: few prefixes, small numbers,
 *  leading zeros (another spelling, another id), repeats of earlier ids. */
const idList = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.constant('next') },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', 'A', 'A-', 'B7x', '编号'), fc.nat(40), fc.constantFrom('', '0', '00')) },
    { weight: 1, arbitrary: fc.constant('repeat') },
    { weight: 1, arbitrary: fc.constant('bad') },
    { weight: 1, arbitrary: fc.constantFrom('x', 'A', '0', '1', '-', '999999999999999', '1000000000000000', '1000000000000001') },
  ),
  { maxLength: 120 },
)

function build(spec: (string | [string, number, string])[], seed: number) {
  const rows: { id: string; bad: boolean }[] = []
  let last = 'A-0'
  let r = seed
  for (const s of spec) {
    r = (r * 1103515245 + 12345) >>> 0
    let id: string
    if (s === 'next') {
      const m = /^(.*?)(\d*)$/.exec(last)!
      id = m[1] + String((m[2] === '' ? 0 : Number(m[2])) + 1)
    } else if (s === 'repeat') id = rows.length ? rows[r % rows.length].id : 'A-0'
    else if (s === 'bad') id = last
    else if (Array.isArray(s)) id = s[0] + s[2] + String(s[1])
    else id = s
    rows.push({ id, bad: s === 'bad' })
    last = id
  }
  return rows
}

describe('duplicate ids', () => {
  it('keeps a row unless its id was kept before, as a Set says (runs, breaks, leading zeros, repeats)', () => {
    fc.assert(
      fc.property(idList, fc.nat(), fc.boolean(), (spec, seed, sized) => {
        const rows = build(spec, seed)
        const csv = 'id,time,category,subtype,lon,lat\n' +
          rows.map((x) => `${x.id},2024-03-05 22:31,fire,,${x.bad ? 'nope' : '119.1'},36.7\n`).join('')
        const bytes = enc.encode(csv)
        const got = readIncidentsCsv(bytes, { expectedBytes: sized ? bytes.length : undefined })
        const kept = new Map<string, number>()
        const want: string[] = []
        const rejects: { line: number; reason: string; detail?: string }[] = []
        rows.forEach((x, i) => {
          const line = i + 2
          if (x.bad) rejects.push({ line, reason: 'bad_coordinates', detail: 'nope' })
          else if (kept.has(x.id)) rejects.push({ line, reason: 'duplicate_id', detail: `${x.id} (first on line ${kept.get(x.id)})` })
          else { kept.set(x.id, line); want.push(x.id) }
        })
        const c = got.columns
        expect(Array.from({ length: c.count }, (_, i) => packedString(c.id, i))).toEqual(want)
        expect(got.report.rejected).toEqual(rejects)
      }),
      { numRuns: 400, seed: 20261206 },
    )
  })

  it('findId answers for ids in the run and in the hash set, and not for others', () => {
    const csv = 'id,time,category,subtype,lon,lat\nWF-7,2024-03-05,fire,,119,36\nWF-8,2024-03-05,fire,,119,36\nWF-9,2024-03-05,fire,,119,36\nq,2024-03-05,fire,,119,36\nWF-10,2024-03-05,fire,,119,36\nWF-08,2024-03-05,fire,,119,36\n'
    const r = new IncidentCsvReader({ keepIdIndex: true })
    r.push(enc.encode(csv))
    expect(r.finish().columns.count).toBe(6)
    const find = (id: string) => { const b = enc.encode(id); return r.findId(b, 0, b.length) }
    expect(['WF-7', 'WF-8', 'WF-9', 'q', 'WF-10', 'WF-08'].map(find)).toEqual([0, 1, 2, 3, 4, 5])
    expect(['WF-6', 'WF-11', 'WF-008', 'WF7', 'wf-7', 'Q', ''].map(find)).toEqual([-1, -1, -1, -1, -1, -1, -1])
  })
})

describe('size estimate', () => {
  it('reads on when the first 64 KiB of rows are all rejected and the file size is known', () => {
    const bad = Array.from({ length: 5000 }, (_, i) => `b${i},2024-03-05,fire,,x,36\n`).join('')
    const good = Array.from({ length: 3000 }, (_, i) => `g${i},2024-03-05,fire,,119,36\n`).join('')
    const bytes = enc.encode('id,time,category,subtype,lon,lat\n' + bad + good)
    const step = 4096
    const r = new IncidentCsvReader({ expectedBytes: bytes.length })
    for (let s = 0; s < bytes.length; s += step) r.push(bytes.subarray(s, s + step))
    const got = r.finish()
    expect(got.report.errors).toEqual([])
    expect(got.columns.count).toBe(3000)
    expect(got.report.rejectedByReason).toEqual({ bad_coordinates: 5000 })
  })
})

describe('parseTimeBytes on YYYY-MM-DD HH:MM:SS', () => {
  const pad = (x: number, n: number) => String(x).padStart(n, '0')
  /** Date.UTC's answer, UTC+8, or NaN where a field is out of range (Date.UTC would roll over) */
  const oracle = (y: number, mo: number, d: number, h: number, mi: number, s: number) => {
    const t = Date.UTC(y, mo - 1, d, h, mi, s) - 8 * 3600_000
    const back = new Date(t + 8 * 3600_000)
    const same = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d &&
      back.getUTCHours() === h && back.getUTCMinutes() === mi && back.getUTCSeconds() === s
    return same && y >= 100 ? t : NaN
  }
  it('equals Date.UTC − 8 h for valid times and NaN for out-of-range fields or any stray byte', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }),
        fc.constantFrom('T', ' ', 't'), fc.option(fc.tuple(fc.nat(18), fc.integer({ min: 0, max: 255 })), { freq: 3 }),
        (y, mo, d, h, mi, s, sep, stray) => {
          const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`
          const b = enc.encode(text)
          if (stray) {
            const [at, byte] = stray
            const was = b[at]
            b[at] = byte
            // a changed digit is another time; any other change makes it no time at all
            const ch = String.fromCharCode(byte)
            // '+' or '-' for the last ':' makes the seconds an offset (±HH): the general path's
            // case, tested with the other offsets
            if (at === 16 && (ch === '+' || ch === '-')) return
            if (byte !== was && !(/\d/.test(ch) && /\d/.test(String.fromCharCode(was)))) {
              if (!(at === 10 && 'Tt '.includes(ch))) {
                expect(parseTimeBytes(b, 0, b.length)).toBeNaN()
                return
              }
            }
            const m = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)$/.exec(new TextDecoder().decode(b))!
            const [Y, M, D, H, I, S] = m.slice(1).map(Number)
            expect(parseTimeBytes(b, 0, b.length)).toBe(oracle(Y, M, D, H, I, S))
            return
          }
          expect(parseTimeBytes(b, 0, b.length)).toBe(oracle(y, mo, d, h, mi, s))
        },
      ),
      { numRuns: 3000, seed: 20261206 },
    )
  })
})

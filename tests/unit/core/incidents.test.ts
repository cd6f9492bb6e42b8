import { describe, expect, it } from 'vitest'
import { incidentBuffers, packedString, type IncidentColumns, type PackedStrings } from '../../../src/core/incidents'

function pack(strings: string[]): PackedStrings {
  const enc = new TextEncoder()
  const parts = strings.map((s) => enc.encode(s))
  const offsets = new Uint32Array(strings.length + 1)
  parts.forEach((p, i) => { offsets[i + 1] = offsets[i] + p.length })
  const bytes = new Uint8Array(offsets[strings.length])
  parts.forEach((p, i) => bytes.set(p, offsets[i]))
  return { bytes, offsets }
}

describe('packedString', () => {
  it('decodes Chinese, ASCII and empty rows from a hand-built buffer', () => {
    // UTF-8 bytes: '潍坊' 2×3 = 6, 'A1' 2, '' 0, '奎文区东风街123号' 7×3 + 3 = 24
    const p = pack(['潍坊', 'A1', '', '奎文区东风街123号'])
    expect(Array.from(p.offsets)).toEqual([0, 6, 8, 8, 32])
    expect(packedString(p, 0)).toBe('潍坊')
    expect(packedString(p, 1)).toBe('A1')
    expect(packedString(p, 2)).toBe('')
    expect(packedString(p, 3)).toBe('奎文区东风街123号')
  })

  it('reads exact bytes: E6 BD 8D E5 9D 8A is 潍坊', () => {
    const p: PackedStrings = { bytes: new Uint8Array([0x78, 0xe6, 0xbd, 0x8d, 0xe5, 0x9d, 0x8a]), offsets: new Uint32Array([0, 1, 7]) }
    expect(packedString(p, 0)).toBe('x')
    expect(packedString(p, 1)).toBe('潍坊')
  })
})

describe('incidentBuffers', () => {
  it('returns the 9 distinct column buffers in a fixed order', () => {
    const c: IncidentColumns = {
      count: 1,
      lon: new Float64Array([119.1]),
      lat: new Float64Array([36.7]),
      time: new Float64Array([0]),
      category: new Uint8Array([4]),
      subtype: new Uint16Array([0]),
      subtypes: ['盗窃'],
      id: pack(['J1']),
      address: pack(['潍坊']),
    }
    const b = incidentBuffers(c)
    expect(b).toHaveLength(9)
    expect(new Set(b).size).toBe(9)
    for (const x of b) expect(x).toBeInstanceOf(ArrayBuffer)
    expect(b).toEqual([
      c.lon.buffer, c.lat.buffer, c.time.buffer, c.category.buffer, c.subtype.buffer,
      c.id.bytes.buffer, c.id.offsets.buffer, c.address.bytes.buffer, c.address.offsets.buffer,
    ])
    expect(b[0]).toBe(c.lon.buffer)
    expect(b[8]).toBe(c.address.offsets.buffer)
    // they can be transferred: structuredClone with transfer detaches them
    structuredClone(c, { transfer: b })
    expect(c.lon.buffer.byteLength).toBe(0)
  })

  it('adds the window ends last when the incidents have them', () => {
    const c: IncidentColumns = {
      count: 1, lon: new Float64Array([119.1]), lat: new Float64Array([36.7]), time: new Float64Array([0]),
      timeTo: new Float64Array([3_600_000]), category: new Uint8Array([4]), subtype: new Uint16Array([0]), subtypes: ['盗窃'],
      id: pack(['J1']), address: pack(['潍坊']),
    }
    const b = incidentBuffers(c)
    expect(b).toHaveLength(10)
    expect(new Set(b).size).toBe(10)
    expect(b[9]).toBe(c.timeTo!.buffer)
  })
})

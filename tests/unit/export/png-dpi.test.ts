import { describe, expect, it } from 'vitest'
import { PNG } from 'pngjs'
import { pngDpi, withPngDpi } from '../../../src/export/png-dpi'

function tinyPng(): Uint8Array {
  const png = new PNG({ width: 3, height: 2 })
  png.data.fill(200)
  return new Uint8Array(PNG.sync.write(png))
}

describe('withPngDpi', () => {
  it('writes a pHYs chunk that decoders read back as the same resolution, pixels untouched', () => {
    const src = tinyPng()
    expect(pngDpi(src)).toBeNull()
    const out = withPngDpi(src, 300)
    expect(pngDpi(out)).toBe(300)
    // pngjs checks every chunk's CRC while decoding
    const back = PNG.sync.read(Buffer.from(out), { checkCRC: true } as never)
    expect([back.width, back.height]).toEqual([3, 2])
    expect(Buffer.from(back.data).equals(Buffer.from(PNG.sync.read(Buffer.from(src)).data))).toBe(true)
    // 300 dpi = 11811 pixels per metre
    const i = Buffer.from(out).indexOf('pHYs')
    expect(Buffer.from(out).readUInt32BE(i + 4)).toBe(11811)
  })
  it('replaces an existing pHYs instead of adding a second', () => {
    const twice = withPngDpi(withPngDpi(tinyPng(), 150), 600)
    expect(pngDpi(twice)).toBe(600)
    expect(Buffer.from(twice).toString('latin1').split('pHYs').length - 1).toBe(1)
  })
  it('refuses what is not a PNG, and a bad resolution', () => {
    expect(() => withPngDpi(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 300)).toThrow(/not a PNG/)
    expect(() => withPngDpi(tinyPng(), 0)).toThrow(/dpi/)
    const cut = tinyPng().subarray(0, 40)
    expect(() => withPngDpi(cut, 300)).toThrow(/runs past the end|ends in the middle/)
    expect(() => withPngDpi(tinyPng().subarray(0, 60), 300)).toThrow(/runs past the end|ends in the middle/)
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FOOTER_CSS, HEADER_CSS, scaleBar, snapshotLayout } from '../../../src/export/snapshot-layout'
import { paperPixels, presetSize } from '../../../src/export/snapshot-options'

describe('snapshot sizes', () => {
  it('A4 and A3 landscape at 300 dpi', () => {
    // 297 mm / 25.4 × 300 = 3507.87; 420 mm → 4960.6
    expect(paperPixels('a4')).toEqual({ width: 3508, height: 2480, dpi: 300 })
    expect(paperPixels('a3')).toEqual({ width: 4961, height: 3508, dpi: 300 })
    expect(paperPixels('a3', 150)).toEqual({ width: 2480, height: 1754, dpi: 150 })
  })
  it('screen, 2× and 4K follow the map', () => {
    const screen = { width: 1600, height: 900 }
    expect(presetSize('screen', screen)).toEqual({ width: 1600, height: 900 })
    expect(presetSize('x2', screen)).toEqual({ width: 3200, height: 1800 })
    expect(presetSize('4k', screen)).toEqual({ width: 3840, height: 2160 })
  })
})

describe('snapshotLayout', () => {
  it('a 4K image of a 1920 × 1080 map: the map at the same zoom, 1.8× its pixels, bands around it', () => {
    const l = snapshotLayout(3840, 2160, { width: 1920, height: 1080 })
    // bands of 108 CSS px at ~1.8: the map is 3840 × (2160 − bands) and the height decides the ratio
    expect(l.header.height + l.map.height + l.footer.height).toBe(2160)
    expect(l.map.width).toBe(3840)
    expect(l.pixelRatio).toBeCloseTo(l.map.height / 1080, 10)
    expect(l.unit).toBeCloseTo(l.pixelRatio, 1)
    expect(l.header.height).toBe(Math.round(HEADER_CSS * l.unit))
    expect(l.footer.height).toBe(Math.round(FOOTER_CSS * l.unit))
    // the CSS box holds the whole screen view (same zoom, at least as much ground)
    expect(l.cssHeight).toBe(1080)
    expect(l.cssWidth).toBeGreaterThanOrEqual(1920)
  })
  it('without bands the map is the whole image; 2× of the screen is pixel ratio 2 exactly', () => {
    const l = snapshotLayout(3840, 2160, { width: 1920, height: 1080 }, false)
    expect(l.map).toEqual({ x: 0, y: 0, width: 3840, height: 2160 })
    expect(l.pixelRatio).toBe(2)
    expect([l.cssWidth, l.cssHeight]).toEqual([1920, 1080])
  })
  it('A3 at 300 dpi from a wide screen shows more ground above and below', () => {
    const l = snapshotLayout(4961, 3508, { width: 1920, height: 1080 }, false)
    expect(l.pixelRatio).toBeCloseTo(4961 / 1920, 10)
    expect(l.cssWidth).toBe(1920)
    expect(l.cssHeight).toBe(Math.round(3508 / (4961 / 1920)))
  })
  it('small images never shrink the furniture below one CSS pixel per unit', () => {
    expect(snapshotLayout(800, 450, { width: 1920, height: 1080 }).unit).toBe(1)
  })
  it('the CSS box times the pixel ratio is the map rectangle within a pixel, for any sizes', () => {
    fc.assert(fc.property(fc.integer({ min: 200, max: 8000 }), fc.integer({ min: 300, max: 8000 }), fc.integer({ min: 300, max: 3840 }), fc.integer({ min: 200, max: 2160 }), (w, h, sw, sh) => {
      const l = snapshotLayout(w, h, { width: sw, height: sh })
      expect(Math.abs(l.cssWidth * l.pixelRatio - l.map.width)).toBeLessThanOrEqual(l.pixelRatio)
      expect(Math.abs(l.cssHeight * l.pixelRatio - l.map.height)).toBeLessThanOrEqual(l.pixelRatio)
      // never less ground than the screen shows
      expect(l.cssWidth).toBeGreaterThanOrEqual(sw - 1)
      expect(l.cssHeight).toBeGreaterThanOrEqual(sh - 1)
    }))
  })
  it('refuses sizes with no room', () => {
    expect(() => snapshotLayout(0, 100, { width: 10, height: 10 })).toThrow(/positive/)
    expect(() => snapshotLayout(400, 100, { width: 1920, height: 1080 })).toThrow(/no room/)
  })
})

describe('scaleBar', () => {
  it('picks 1, 2 or 5 × 10^k metres within the length', () => {
    // 2.5 m per pixel, at most 150 px = 375 m → 200 m, 80 px
    expect(scaleBar(2.5, 150)).toEqual({ metres: 200, px: 80, label: '200 m' })
    // 10 m per pixel, 150 px = 1500 m → 1 km
    expect(scaleBar(10, 150)).toEqual({ metres: 1000, px: 100, label: '1 km' })
    expect(scaleBar(40, 150).label).toBe('5 km')
    expect(scaleBar(0.01, 150)).toEqual({ metres: 1, px: 100, label: '1 m' })
  })
  it('is never longer than asked and at least 40 % of it', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 1e5, noNaN: true }), fc.integer({ min: 20, max: 2000 }), (mpp, max) => {
      const b = scaleBar(mpp, max)
      expect(b.px).toBeLessThanOrEqual(max * (1 + 1e-9))
      expect(b.px).toBeGreaterThanOrEqual(max * 0.4 * (1 - 1e-9))
    }))
  })
})

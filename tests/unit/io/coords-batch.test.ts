/**
 * The batched GCJ-02/BD-09 → WGS-84 loop against gcoord itself, one library call per point:
 * the oracle the loop replaced.
 */
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { convertColumnsToWgs84 } from '../../../src/io/coords'
import { prng } from '../../bench/make-incidents-csv'

/** gcoord's China box; within the GCJ offset (< 0.01°) of its edges gcoord never returns */
const EDGES_LON = [72.004, 137.8347], EDGES_LAT = [0.8293, 55.8271]
const nearEdge = (x: number, y: number) => EDGES_LON.some((e) => Math.abs(x - e) < 0.02) || EDGES_LAT.some((e) => Math.abs(y - e) < 0.02)

function randomPoints(n: number, seed: number) {
  const rnd = prng(seed)
  const lon = new Float64Array(n), lat = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const r = rnd()
    if (r < 0.8) {
      // China's box and a margin around it (the conversion leaves points outside unchanged)
      do {
        lon[i] = 65 + rnd() * 80
        lat[i] = -5 + rnd() * 65
      } while (nearEdge(lon[i], lat[i]))
    } else if (r < 0.9) {
      // a city district at street scale
      lon[i] = 119.1 + (rnd() - 0.5) * 0.3
      lat[i] = 36.7 + (rnd() - 0.5) * 0.2
    } else {
      // near (not at) the edges of gcoord's China box: within the GCJ offset of an edge gcoord
      // itself never returns (see the test below)
      const edge = [72.004, 137.8347][Math.floor(rnd() * 2)]
      lon[i] = edge + (rnd() < 0.5 ? -1 : 1) * (0.05 + rnd() * 0.1)
      lat[i] = 0.8293 + rnd() * 55
    }
  }
  return { lon, lat }
}

describe('convertColumnsToWgs84 (batched) equals gcoord.transform point by point', () => {
  for (const crs of ['gcj02', 'bd09'] as const) {
    it(`${crs}: 50,000 random points within 1e-9°`, () => {
      const n = 50_000
      const { lon, lat } = randomPoints(n, crs === 'gcj02' ? 5 : 6)
      const ref = Array.from({ length: n }, (_, i) =>
        gcoord.transform([lon[i], lat[i]] as [number, number], crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84))
      convertColumnsToWgs84(lon, lat, n, crs)
      let worst = 0, moved = 0
      for (let i = 0; i < n; i++) {
        worst = Math.max(worst, Math.abs(lon[i] - ref[i][0]), Math.abs(lat[i] - ref[i][1]))
        if (ref[i][0] !== lon[i] || ref[i][1] !== lat[i]) moved++
      }
      expect(worst).toBeLessThanOrEqual(1e-9)
      // the same operations in the same order: the same doubles, not merely close ones
      expect(moved).toBe(0)
    })
  }

  it('returns where gcoord would loop for ever: a point whose WGS-84 guess leaves the China box', () => {
    // GCJ-02 just inside the west edge (72.004°E): one step back lands outside the box, where
    // the offset is zero, and the next step jumps back in. gcoord.transform never returns here.
    const lon = new Float64Array([72.0045]), lat = new Float64Array([30])
    convertColumnsToWgs84(lon, lat, 1, 'gcj02')
    expect(Number.isFinite(lon[0]) && Number.isFinite(lat[0])).toBe(true)
    expect(Math.abs(lon[0] - 72.0045)).toBeLessThan(0.01)
  })

  it('converts only the first `count` rows and leaves wgs84 alone', () => {
    const lon = new Float64Array([116.4, 116.4]), lat = new Float64Array([39.9, 39.9])
    convertColumnsToWgs84(lon, lat, 1, 'gcj02')
    expect(lon[0]).not.toBe(116.4)
    expect([lon[1], lat[1]]).toEqual([116.4, 39.9])
    convertColumnsToWgs84(lon, lat, 2, 'wgs84')
    expect(lon[1]).toBe(116.4)
  })
})

import { describe, expect, it } from 'vitest'
import {
  EARTH_RADIUS_M, localProjection, projectX, projectY, unprojectLat, unprojectLon,
} from '../../../src/core/local-projection'

const RAD = Math.PI / 180
function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2
    + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a))
}

describe('localProjection', () => {
  // A district at 36.7° N (Weifang-like latitude), reference latitude in its middle.
  const lon0 = 119.0, lat0 = 36.5, latRef = 36.7
  const p = localProjection(lon0, lat0, latRef)
  const planar = (a: [number, number], b: [number, number]) =>
    Math.hypot(projectX(p, b[0]) - projectX(p, a[0]), projectY(p, b[1]) - projectY(p, a[1]))

  it('uses the stated constants', () => {
    expect(p.ky).toBeCloseTo((Math.PI * 6371008.8) / 180, 9) // 111,195.08 m per degree
    expect(p.kx).toBeCloseTo(p.ky * Math.cos(36.7 * RAD), 9)
    expect(projectX(p, lon0)).toBe(0)
    expect(projectY(p, lat0)).toBe(0)
    expect(projectY(p, lat0 + 1)).toBeCloseTo(111195.08, 1)
  })

  it('round-trips', () => {
    for (const [lon, lat] of [[119.123456789, 36.987654321], [118.5, 36.1], [lon0, lat0]]) {
      expect(unprojectLon(p, projectX(p, lon))).toBeCloseTo(lon, 11)
      expect(unprojectLat(p, projectY(p, lat))).toBeCloseTo(lat, 11)
    }
  })

  it('is within 0.07% of haversine for lines up to 30 km from a point on latRef', () => {
    const o: [number, number] = [119.3, latRef]
    let worst = 0
    for (let deg = 0; deg < 360; deg += 5) {
      for (const d of [100, 1000, 10000, 30000]) {
        const t: [number, number] = [
          o[0] + (d * Math.sin(deg * RAD)) / p.kx,
          o[1] + (d * Math.cos(deg * RAD)) / p.ky,
        ]
        const h = haversine(o[0], o[1], t[0], t[1])
        worst = Math.max(worst, Math.abs(planar(o, t) / h - 1))
      }
    }
    // Measured: 0.068% (30 km at a bearing of 55° from north).
    expect(worst).toBeLessThan(0.0007)
  })

  it('states the east–west scale error away from latRef', () => {
    const ew = (lat: number) => {
      const a: [number, number] = [119.3, lat], b: [number, number] = [119.3 + 500 / p.kx, lat]
      return Math.abs(planar(a, b) / haversine(a[0], a[1], b[0], b[1]) - 1)
    }
    expect(ew(latRef)).toBeLessThan(1e-8)
    // 8 km north / south: 0.094%; 15 km: 0.176% (≈ tan(36.7°) · Δlat in radians).
    expect(ew(latRef + 8000 / p.ky)).toBeLessThan(0.001)
    expect(ew(latRef - 8000 / p.ky)).toBeLessThan(0.001)
    expect(ew(latRef + 15000 / p.ky)).toBeLessThan(0.0018)
    expect(ew(latRef + 15000 / p.ky)).toBeGreaterThan(0.0017)
    // North–south lengths are exact on the sphere.
    const a: [number, number] = [119.3, 36.6], b: [number, number] = [119.3, 36.85]
    expect(Math.abs(planar(a, b) / haversine(a[0], a[1], b[0], b[1]) - 1)).toBeLessThan(1e-9)
  })
})

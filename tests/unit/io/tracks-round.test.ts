import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../src/core/seeded-random'
import { readTracksCsv, roundAsCsv, tracksToCsv } from '../../../src/io/tracks-csv'

describe('roundAsCsv', () => {
  it('holds generated fixes to exactly what the CSV reads back', () => {
    const rnd = mulberry32(3)
    const n = 2000
    const f = {
      unitIds: ['C01', 'F01'], unitKind: [0, 1], unit: Uint32Array.from({ length: n }, (_, i) => i % 2),
      time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 11, 31) + Math.floor(i / 2) * 5000),
      // steps of a few metres: a jump faster than 200 km/h would be left out
      lon: Float64Array.from({ length: n }, (_, i) => 119 + i * 1e-5 + rnd() * 1e-4), lat: Float64Array.from({ length: n }, (_, i) => 36.6 + i * 1e-5 + rnd() * 1e-4),
      speed: Float32Array.from({ length: n }, () => rnd() * 60), heading: Float32Array.from({ length: n }, () => rnd() * 360), status: new Uint8Array(n),
    }
    const back = readTracksCsv(new TextEncoder().encode(tracksToCsv(f))).tracks
    roundAsCsv(f)
    // the file's fixes come back grouped by unit: unit 0's are the even rows, in time order
    for (let k = 0; k < back.count; k++) {
      const i = back.unit[k] + 2 * (k - back.unitStart[back.unit[k]])
      expect(back.lon[k]).toBe(f.lon[i])
      expect(back.lat[k]).toBe(f.lat[i])
      expect(back.speed[k]).toBe(f.speed[i])
      expect(back.heading[k]).toBe(f.heading[i])
    }
    expect(back.count).toBe(n)
  })
})

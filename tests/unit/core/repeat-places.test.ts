import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import '../fast-check-seed'
import { packStrings } from '../../../src/core/incidents'
import { EARTH_RADIUS_M } from '../../../src/core/local-projection'
import { concentration, normaliseText, repeatPlaces, type RepeatPlaces } from '../../../src/core/repeat-places'

// North–south offsets are exact in the local projection: 1 m = 1 / M° of latitude.
const M = (Math.PI * EARTH_RADIUS_M) / 180
const LON = 119, LAT = 36.7
const north = (m: number) => LAT + m / M

/** The rows of place k, as a plain array. */
const rowsOf = (r: RepeatPlaces, k: number) => [...r.rows.subarray(r.rowStart[k], r.rowStart[k + 1])]

function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a))
}

describe('repeatPlaces by place', () => {
  // Locations on one meridian, metres north of A:
  //   A 0 m (rows 0, 3, 5)   B 20 m (rows 1, 4)   C 45 m (row 2)
  //   D 1000 m (rows 6, 7)   E 1029 m (row 8)     F 2000 m (row 9)   G 2031 m (row 10)
  // Taken by count: A(3), B(2, first row 1), D(2, first row 6), C, E, F, G (1 each, by first row).
  // A anchors place 0; B is 20 m from A: joins it; D anchors place 1; C is 45 m from A (25 m
  // from B, but B is no anchor: leaders, not chains): place 2; E is 29 m from D: joins place 1;
  // F anchors place 3; G is 31 m from F: place 4. Counts 5, 3, 1, 1, 1 of 11; ties in the order
  // the places were made (C, F, G).
  const metres = [0, 20, 45, 0, 20, 0, 1000, 1000, 1029, 2000, 2031]
  const lon = new Float64Array(metres.length).fill(LON)
  const lat = Float64Array.from(metres, north)
  const address = packStrings(['月河路1号', '', '', '月河路1号 ', 'Yuehe Rd 1', 'Yuehe Rd 1', '', '', '', '', ''])
  const r = repeatPlaces(lon, lat, lon.length, { snap: 30, address })

  it('groups points within the snap distance of the densest locations', () => {
    expect(r.places).toBe(5)
    expect(r.total).toBe(11)
    expect([...r.count]).toEqual([5, 3, 1, 1, 1])
    expect([0, 1, 2, 3, 4].map((k) => rowsOf(r, k))).toEqual([[0, 1, 3, 4, 5], [6, 7, 8], [2], [9], [10]])
    expect([...r.lat]).toEqual([north(0), north(1000), north(45), north(2000), north(2031)])
    expect([...r.placeOf]).toEqual([0, 0, 2, 0, 0, 0, 1, 1, 1, 3, 4])
    expect(r.unplaced.length).toBe(0)
  })

  it('gives shares and cumulative shares of the placed incidents', () => {
    expect([...r.share]).toEqual([5 / 11, 3 / 11, 1 / 11, 1 / 11, 1 / 11])
    expect([...r.cumulativeShare].map((v) => v * 11)).toEqual([5, 8, 9, 10, 11].map((v) => expect.closeTo(v, 12)))
  })

  it('labels a place with its most frequent non-empty address, ties to the one seen first', () => {
    // place 0: 月河路1号 twice (row 3 trimmed), Yuehe Rd 1 twice: 月河路1号 came first
    expect(r.label).toEqual(['月河路1号', '', '', '', ''])
    expect([...r.labelCount]).toEqual([2, 0, 0, 0, 0])
  })

  it('keeps only the kept rows, and lists rows without a location as unplaced', () => {
    const keep = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1])
    const lat2 = lat.slice()
    lat2[9] = NaN
    const k = repeatPlaces(lon, lat2, lon.length, { snap: 30, keep })
    // A and B now have one incident each (rows 0, 1), D two: D anchors first, then A (first
    // row 0), which B joins (20 m); C is 45 m from A; F has no location
    expect([0, 1, 2, 3].map((p) => rowsOf(k, p))).toEqual([[6, 7, 8], [0, 1], [2], [10]])
    expect(k.lat[1]).toBe(north(0))
    expect([...k.unplaced]).toEqual([9])
    expect(k.total).toBe(7)
    expect(k.placeOf[3]).toBe(-1)
  })

  it('seeds from the location seen first when counts tie, and joins the nearest anchor', () => {
    // P 0 m rows 1, 2; Q 20 m rows 0, 3: equal counts, Q's first row comes first: Q anchors
    const tie = repeatPlaces(new Float64Array(4).fill(LON), Float64Array.from([20, 0, 0, 20], north), 4, { snap: 30 })
    expect(tie.places).toBe(1)
    expect(tie.lat[0]).toBe(north(20))
    // anchors at 0 m and 50 m (2 incidents each); a point at 30 m is 30 m from one, 20 m from the other
    const near = repeatPlaces(new Float64Array(5).fill(LON), Float64Array.from([0, 0, 50, 50, 30], north), 5, { snap: 30 })
    expect(rowsOf(near, 0)).toEqual([2, 3, 4])
    expect(rowsOf(near, 1)).toEqual([0, 1])
  })

  it('uses east–west distances too (grid cells in both directions)', () => {
    // 0.0003° of longitude at 36.7° N: 0.0003 · M · cos 36.7° ≈ 26.75 m; 0.0004° ≈ 35.67 m
    const lon2 = Float64Array.from([LON, LON, LON + 0.0003, LON - 0.0004])
    const r2 = repeatPlaces(lon2, new Float64Array(4).fill(LAT), 4, { snap: 30 })
    expect(rowsOf(r2, 0)).toEqual([0, 1, 2])
    expect(rowsOf(r2, 1)).toEqual([3])
  })

  it('refuses a snap distance that is not a positive number of metres', () => {
    expect(() => repeatPlaces(lon, lat, 1, { snap: 0 })).toThrow(/snap distance must be a positive number of metres \(got 0\)/)
    expect(() => repeatPlaces(lon, lat, 1, { snap: NaN })).toThrow(/snap/)
  })

  it('returns no place for no incidents', () => {
    const none = repeatPlaces(new Float64Array(0), new Float64Array(0), 0)
    expect([none.places, none.total, none.rowStart.length]).toEqual([0, 0, 1])
  })
})

describe('repeatPlaces by address', () => {
  it('groups equal normalised texts; rows with an empty address are unplaced', () => {
    const texts = [' 月河路１号 ', 'Main  St', '月河路1号', '', 'main st', '月河路1号', 'Elm Rd']
    // the anchor is the most frequent exact location: rows 2 and 5 share (119.002, 36.7)
    const lon = Float64Array.from([119.001, 119.1, 119.002, 119.2, 119.1, 119.002, 119.3])
    const lat = new Float64Array(7).fill(LAT)
    const r = repeatPlaces(lon, lat, 7, { by: 'address', address: packStrings(texts) })
    expect([0, 1, 2].map((k) => rowsOf(r, k))).toEqual([[0, 2, 5], [1, 4], [6]])
    // labels are the most frequent trimmed text as written: 月河路1号 twice, the full-width form once
    expect(r.label).toEqual(['月河路1号', 'Main  St', 'Elm Rd'])
    expect([...r.lon]).toEqual([119.002, 119.1, 119.3])
    expect([...r.unplaced]).toEqual([3])
    expect(r.total).toBe(6)
    expect(Number.isNaN(r.snap)).toBe(true)
  })

  it('needs the address column', () => {
    expect(() => repeatPlaces(new Float64Array(1), new Float64Array(1), 1, { by: 'address' })).toThrow(/address column/)
  })

  it('normalises width, white space and case', () => {
    expect(normaliseText('  ＭＡＩＮ\t St ')).toBe('main st')
  })
})

describe('repeatPlaces by victim (repeat victims)', () => {
  // Eight incidents naming victims (synthetic placeholder names), one without:
  //   row  victim          location          address
  //   0    张三            (119.470, 31.230)  幸福路1号
  //   1    张三            (119.471, 31.231)  幸福路1号
  //   2    张三 + U+3000   (119.480, 31.240)  和平街2号   same victim: NFKC folds U+3000 to a space, then trimmed
  //   3    Li Si           (119.490, 31.250)  和平街2号
  //   4    li  si          (119.490, 31.250)  和平街2号   same victim: case and inner spaces
  //   5    王五            (119.500, 31.260)  长江路3号
  //   6    (empty)         (119.510, 31.270)  长江路4号   no victim: unplaced
  //   7    赵六            (119.520, 31.280)  黄河路5号
  // Victims by count: 张三 3, Li Si 2, then 王五 and 赵六 1 each in the order first seen.
  const victim = packStrings(['张三', '张三', '张三\u3000', 'Li Si', 'li  si', '王五', '', '赵六'])
  const address = packStrings(['幸福路1号', '幸福路1号', '和平街2号', '和平街2号', '和平街2号', '长江路3号', '长江路4号', '黄河路5号'])
  const lon = Float64Array.from([119.47, 119.471, 119.48, 119.49, 119.49, 119.5, 119.51, 119.52])
  const lat = Float64Array.from([31.23, 31.231, 31.24, 31.25, 31.25, 31.26, 31.27, 31.28])
  const r = repeatPlaces(lon, lat, 8, { by: 'victim', victim, address })

  it('groups the incidents of one victim and ranks the victims', () => {
    expect(r.by).toBe('victim')
    expect([r.places, r.total]).toEqual([4, 7])
    expect([...r.count]).toEqual([3, 2, 1, 1])
    expect([0, 1, 2, 3].map((k) => rowsOf(r, k))).toEqual([[0, 1, 2], [3, 4], [5], [7]])
    expect([...r.unplaced]).toEqual([6])
    expect([...r.placeOf]).toEqual([0, 0, 0, 1, 1, 2, -1, 3])
    // shares of the 7 incidents that name a victim: 3/7, 2/7, 1/7, 1/7
    expect([...r.share]).toEqual([3 / 7, 2 / 7, 1 / 7, 1 / 7])
    expect([...r.cumulativeShare]).toEqual([3 / 7, 5 / 7, 6 / 7, 1])
  })

  it('names each victim as written most often (ties: first seen), with their most frequent location and address', () => {
    // 张三 is written 张三 twice and with the ideographic space once (trimmed when named); Li Si and li  si once each
    expect(r.victim).toEqual(['张三', 'Li Si', '王五', '赵六'])
    // 张三's three locations have one incident each: the first seen; Li Si's two share one location
    expect([...r.lon]).toEqual([119.47, 119.49, 119.5, 119.52])
    expect(r.label).toEqual(['幸福路1号', '和平街2号', '长江路3号', '黄河路5号'])
    expect([...r.labelCount]).toEqual([2, 2, 1, 1])
  })

  it('gives the repeat victimisation figures (by hand)', () => {
    const c = concentration(r.count)
    // victims with 2+ incidents: 张三 and Li Si, holding 5 of 7 incidents
    expect(c.repeatPlaces).toBe(2)
    expect(c.repeatShare).toBeCloseTo(5 / 7, 12)
    // 50 % of 7 = 3.5 incidents: reached within the 2nd victim's segment (3/7 → 5/7) a quarter
    // of the way: (1 + (1/2 − 3/7) / (2/7)) / 4 = 1.25 / 4; 80 % = 5.6: the 3rd victim's
    // segment (5/7 → 6/7), 0.6 along: 2.6 / 4
    expect(c.holding.map((h) => h.places)).toEqual([2, 3])
    expect(c.holding[0].placeShare).toBeCloseTo(0.3125, 12)
    expect(c.holding[1].placeShare).toBeCloseTo(0.65, 12)
    // the top 10 % of 4 victims is 0.4 of the first: 0.4 · 3/7
    expect(c.topPlaces[2].incidentShare).toBeCloseTo(0.4 * (3 / 7), 12)
  })

  it('counts only the kept rows (ties in the order the victims were first seen)', () => {
    const keep = Uint8Array.from([1, 1, 0, 1, 1, 1, 1, 1])
    const k = repeatPlaces(lon, lat, 8, { by: 'victim', victim, keep })
    expect([...k.count]).toEqual([2, 2, 1, 1])
    expect(k.victim).toEqual(['张三', 'Li Si', '王五', '赵六'])
    // without an address column the labels are empty, the victims still named
    expect(k.label).toEqual(['', '', '', ''])
  })

  it('needs the victim column, and leaves `victim` out of other groupings', () => {
    expect(() => repeatPlaces(lon, lat, 8, { by: 'victim', address })).toThrow(/victim column/)
    expect(repeatPlaces(lon, lat, 8, { by: 'address', address, victim }).victim).toBeUndefined()
  })
})

describe('concentration', () => {
  it('reads the headline figures off the curve (by hand)', () => {
    // counts 5, 3, 1, 1, 1 (N = 11, P = 5): curve (0,0) (.2,5/11) (.4,8/11) (.6,9/11) (.8,10/11) (1,1)
    const c = concentration(Uint32Array.from([5, 3, 1, 1, 1]))
    expect([...c.incidentShare].map((v) => v * 11)).toEqual([0, 5, 8, 9, 10, 11].map((v) => expect.closeTo(v, 12)))
    expect([...c.placeShare]).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    // top 1 % of 5 places = 0.05 of the first place: 0.05 · 5/11; top 5 % = 0.25 place: 0.25 · 5/11;
    // top 10 % = 0.5 place: 0.5 · 5/11; and the top 40 % = 2 places: 8/11
    expect(c.topPlaces.map((t) => t.incidentShare * 11)).toEqual([0.25, 1.25, 2.5].map((v) => expect.closeTo(v, 12)))
    expect(concentration(Uint32Array.from([5, 3, 1, 1, 1]), [0.4, 0.5]).topPlaces.map((t) => t.incidentShare * 11))
      .toEqual([8, 8.5].map((v) => expect.closeTo(v, 12)))
    // 50 % = 5.5 incidents: within place 2 (5 → 8), 0.5/3 of it: (1 + 1/6)/5 = 7/30 of places;
    // 80 % = 8.8 incidents: within place 3 (8 → 9), 0.8 of it: 2.8/5
    expect(c.holding.map((h) => h.places)).toEqual([2, 3])
    expect(c.holding[0].placeShare).toBeCloseTo(7 / 30, 12)
    expect(c.holding[1].placeShare).toBeCloseTo(0.56, 12)
    expect(c.repeatPlaces).toBe(2)
    expect(c.repeatShare).toBeCloseTo(8 / 11, 12)
  })

  it('is the diagonal when every place has one incident, and refuses unranked counts', () => {
    const c = concentration(new Uint32Array(10).fill(1))
    expect(c.topPlaces[2].incidentShare).toBeCloseTo(0.1, 12)
    expect(c.holding[1]).toEqual({ incidentShare: 0.8, placeShare: expect.closeTo(0.8, 12), places: 8 })
    expect(c.repeatPlaces).toBe(0)
    expect(() => concentration(Uint32Array.from([1, 2]))).toThrow(/place 2 has 2 > 1/)
  })
})

/** Leader clustering with an all-pairs anchor search (no grid index), haversine distances: the oracle. */
function bruteForce(lon: Float64Array, lat: Float64Array, rows: number[], snap: number): number[][] {
  const locs = new Map<string, number[]>()
  for (const i of rows) {
    const k = `${lon[i]} ${lat[i]}`
    locs.set(k, [...(locs.get(k) ?? []), i])
  }
  const ordered = [...locs.values()].sort((a, b) => b.length - a.length || a[0] - b[0])
  const anchors: { lon: number; lat: number; rows: number[] }[] = []
  for (const loc of ordered) {
    let best = -1, bestD = Infinity
    anchors.forEach((a, k) => {
      const d = haversine(a.lon, a.lat, lon[loc[0]], lat[loc[0]])
      if (d <= snap && d < bestD) { best = k; bestD = d }
    })
    if (best >= 0) anchors[best].rows.push(...loc)
    else anchors.push({ lon: lon[loc[0]], lat: lat[loc[0]], rows: [...loc] })
  }
  return anchors.map((a, k) => ({ r: a.rows.sort((u, v) => u - v), k })).sort((a, b) => b.r.length - a.r.length || a.k - b.k).map((a) => a.r)
}

describe('repeatPlaces properties', () => {
  // points on a 40 m lattice of a 600 m square, so that exact repeats and near misses both happen
  const point = fc.record({ i: fc.integer({ min: 0, max: 15 }), j: fc.integer({ min: 0, max: 15 }), jitter: fc.integer({ min: 0, max: 3 }), kept: fc.boolean() })
  // lattice distances are √(whole² + whole²) metres, a snap of n + ½ is never one of them: the
  // oracle's haversine and the code's distance cannot fall on either side of it by rounding
  const snap = fc.integer({ min: 5, max: 120 }).map((n) => n + 0.5)
  const input = fc.record({ pts: fc.array(point, { minLength: 1, maxLength: 120 }), snap })
  const columns = (pts: { i: number; j: number; jitter: number }[]) => ({
    lon: Float64Array.from(pts, (q) => LON + (q.i * 40 + q.jitter * 7) / (M * Math.cos((LAT * Math.PI) / 180))),
    lat: Float64Array.from(pts, (q) => LAT + (q.j * 40 + q.jitter * 5) / M),
  })

  it('puts every kept incident in exactly one place, within snap of its anchor; anchors are more than snap apart', () => {
    fc.assert(fc.property(input, ({ pts, snap }) => {
      const { lon, lat } = columns(pts)
      const keep = Uint8Array.from(pts, (q) => (q.kept ? 1 : 0))
      const r = repeatPlaces(lon, lat, pts.length, { snap, keep })
      const kept = pts.filter((q) => q.kept).length
      expect(r.total).toBe(kept)
      expect([...r.count].reduce((a, b) => a + b, 0)).toBe(kept)
      expect(new Set(r.rows).size).toBe(kept)
      for (let i = 0; i < pts.length; i++) {
        const k = r.placeOf[i]
        expect(k >= 0).toBe(keep[i] === 1)
        if (k < 0) continue
        expect(rowsOf(r, k)).toContain(i)
        expect(haversine(lon[i], lat[i], r.lon[k], r.lat[k])).toBeLessThanOrEqual(snap * 1.0001 + 1e-9)
      }
      for (let a = 0; a < r.places; a++) {
        if (a > 0) expect(r.count[a]).toBeLessThanOrEqual(r.count[a - 1])
        for (let b = a + 1; b < r.places; b++) expect(haversine(r.lon[a], r.lat[a], r.lon[b], r.lat[b])).toBeGreaterThan(snap * 0.9999)
      }
    }))
  })

  it('equals leader clustering with an all-pairs anchor search', () => {
    fc.assert(fc.property(input, ({ pts, snap }) => {
      const { lon, lat } = columns(pts)
      const r = repeatPlaces(lon, lat, pts.length, { snap })
      const oracle = bruteForce(lon, lat, pts.map((_, i) => i), snap)
      expect(Array.from({ length: r.places }, (_, k) => rowsOf(r, k))).toEqual(oracle)
    }))
  })

  it('by address: one place per distinct normalised text, every addressed incident in it', () => {
    const text = fc.constantFrom('', ' ', '月河路1号', '月河路１号', 'Main St', 'main  st', 'Elm Rd')
    fc.assert(fc.property(fc.array(fc.record({ q: point, t: text }), { minLength: 1, maxLength: 80 }), (items) => {
      const { lon, lat } = columns(items.map((x) => x.q))
      const texts = items.map((x) => x.t)
      const r = repeatPlaces(lon, lat, items.length, { by: 'address', address: packStrings(texts) })
      const keys = texts.map(normaliseText)
      expect(r.places).toBe(new Set(keys.filter((k) => k !== '')).size)
      expect([...r.unplaced]).toEqual(keys.flatMap((k, i) => (k === '' ? [i] : [])))
      for (let k = 0; k < r.places; k++) {
        const rows = rowsOf(r, k)
        expect(new Set(rows.map((i) => keys[i])).size).toBe(1)
        expect(rows.length).toBe(keys.filter((x) => x === keys[rows[0]]).length)
        // the anchor is one of the place's own locations
        expect(rows.some((i) => lon[i] === r.lon[k] && lat[i] === r.lat[k])).toBe(true)
      }
    }))
  })

  it('by victim: the victims and counts of a plain tally of normalised names (ranked by count, then first seen)', () => {
    const name = fc.constantFrom('', '张三', '张三\u3000', '李四', 'Li Si', 'li  si', 'ＬＩ ＳＩ', '王五')
    fc.assert(fc.property(fc.array(fc.record({ q: point, v: name }), { minLength: 1, maxLength: 80 }), (items) => {
      const { lon, lat } = columns(items.map((x) => x.q))
      const keep = Uint8Array.from(items, (x) => (x.q.kept ? 1 : 0))
      const r = repeatPlaces(lon, lat, items.length, { by: 'victim', victim: packStrings(items.map((x) => x.v)), keep })
      // the oracle: a Map in insertion order, then a stable sort by count
      const tally = new Map<string, number[]>()
      items.forEach((x, i) => {
        const key = x.v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
        if (x.q.kept && key !== '') tally.set(key, [...(tally.get(key) ?? []), i])
      })
      const ranked = [...tally.values()].sort((a, b) => b.length - a.length)
      expect(Array.from({ length: r.places }, (_, k) => rowsOf(r, k))).toEqual(ranked)
      expect(r.victim!.map((v, k) => normaliseText(v) === normaliseText(items[ranked[k][0]].v))).toEqual(ranked.map(() => true))
    }))
  })

  it('agrees with its concentration curve', () => {
    fc.assert(fc.property(input, ({ pts, snap }) => {
      const { lon, lat } = columns(pts)
      const r = repeatPlaces(lon, lat, pts.length, { snap })
      const c = concentration(r.count)
      for (let k = 0; k < r.places; k++) expect(c.incidentShare[k + 1]).toBeCloseTo(r.cumulativeShare[k], 12)
      expect(r.cumulativeShare[r.places - 1]).toBeCloseTo(1, 12)
      for (const h of c.holding) {
        expect(r.cumulativeShare[h.places - 1]).toBeGreaterThanOrEqual(h.incidentShare - 1e-12)
        if (h.places > 1) expect(r.cumulativeShare[h.places - 2]).toBeLessThan(h.incidentShare)
      }
    }))
  })
})

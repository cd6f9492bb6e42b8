/**
 * Repeat places on 1,000,000 synthetic incidents (leader clustering with a grid index), against
 * the naive method on a smaller n: the same leader clustering with a scan of every anchor for
 * each location (all pairs). Also exact-coordinate grouping of the 1,000,000 (what a snap of
 * zero would do) and address grouping.
 */
import { packStrings } from '../../src/core/incidents'
import { EARTH_RADIUS_M } from '../../src/core/local-projection'
import { concentration, repeatPlaces } from '../../src/core/repeat-places'
import { measure, type Row } from './harness'
import { mulberry32 } from '../../src/core/seeded-random'

const M_PER_DEG = (Math.PI * EARTH_RADIUS_M) / 180

/**
 * n incidents at 200,000 sites of a 20 km square at 36.7° N, skewed (site = ⌊P·u³⌋: a few
 * sites get many incidents, as crime does); half exactly at the site, half up to 20 m off.
 */
function synthetic(n: number) {
  const r = mulberry32(27)
  const P = 200_000
  const kx = M_PER_DEG * Math.cos((36.7 * Math.PI) / 180)
  const sx = Float64Array.from({ length: P }, () => r() * 20_000)
  const sy = Float64Array.from({ length: P }, () => r() * 20_000)
  const lon = new Float64Array(n), lat = new Float64Array(n)
  const site = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const s = Math.floor(P * r() ** 3)
    site[i] = s
    const off = r() < 0.5 ? 0 : 1
    lon[i] = 119 + (sx[s] + off * (r() - 0.5) * 40) / kx
    lat[i] = 36.7 + (sy[s] + off * (r() - 0.5) * 40) / M_PER_DEG
  }
  return { lon, lat, site }
}

/** The naive method: leader clustering with every anchor scanned for every location. */
function allPairs(lon: Float64Array, lat: Float64Array, n: number, snap: number): number {
  const locs = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    const k = `${lon[i]},${lat[i]}`
    const l = locs.get(k)
    if (l) l.push(i)
    else locs.set(k, [i])
  }
  const ordered = [...locs.values()].sort((a, b) => b.length - a.length || a[0] - b[0])
  const ax: number[] = [], ay: number[] = [], cnt: number[] = []
  const kx = M_PER_DEG * Math.cos((36.7 * Math.PI) / 180)
  for (const loc of ordered) {
    const x = lon[loc[0]] * kx, y = lat[loc[0]] * M_PER_DEG
    let best = -1, bestD = snap * snap
    for (let a = 0; a < ax.length; a++) {
      const d = (ax[a] - x) ** 2 + (ay[a] - y) ** 2
      if (d <= bestD && (best < 0 || d < bestD)) { best = a; bestD = d }
    }
    if (best >= 0) cnt[best] += loc.length
    else { ax.push(x); ay.push(y); cnt.push(loc.length) }
  }
  return ax.length
}

export async function run(): Promise<Row[]> {
  const N = 1_000_000, SMALL = 20_000
  const { lon, lat, site } = synthetic(N)
  const small = synthetic(SMALL)
  const rows: Row[] = []
  const base = `naive all-pairs leader clustering, ${SMALL.toLocaleString('en')} incidents (baseline)`
  rows.push(measure(base, SMALL, () => allPairs(small.lon, small.lat, SMALL, 30), { runs: 3, note: (p) => `${p} places` }))
  rows.push(measure(`grid-index leader clustering, ${SMALL.toLocaleString('en')} incidents`, SMALL,
    () => repeatPlaces(small.lon, small.lat, SMALL, { snap: 30 }), { runs: 3, baseline: base, note: (r) => `${r.places} places` }))
  rows.push(measure('grid-index leader clustering, snap 30 m, + curve', N, () => {
    const r = repeatPlaces(lon, lat, N, { snap: 30 })
    return { r, c: concentration(r.count) }
  }, { runs: 3, baseline: base, note: ({ r, c }) => `${r.places} places; top 10 % hold ${(c.topPlaces[2].incidentShare * 100).toFixed(1)} %` }))
  rows.push(measure('exact-coordinate grouping (snap → 0), Map of "lon,lat"', N, () => {
    const m = new Map<string, number>()
    for (let i = 0; i < N; i++) { const k = `${lon[i]},${lat[i]}`; m.set(k, (m.get(k) ?? 0) + 1) }
    return m.size
  }, { runs: 3, baseline: base, note: (s) => `${s} exact locations` }))
  const address = packStrings(Array.from(site, (s) => `月河路${s}号`))
  rows.push(measure('address grouping (normalised text)', N, () => repeatPlaces(lon, lat, N, { by: 'address', address }),
    { runs: 3, baseline: base, note: (r) => `${r.places} addresses` }))
  return rows
}

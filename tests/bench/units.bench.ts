/**
 * Patrol units (issue 26): who is nearest to an alert among 200 units (target ≤ 50 ms), against
 * one Dijkstra per unit; and a day of 100 units' fixes every 5 s (1.7M) into patrol minutes per
 * grid and hour (target ≤ 2 s), against locating each fix by testing every grid; and the
 * arrivals of 50 alerts in those fixes, against scanning every fix per alert.
 */
import { readFileSync } from 'node:fs'
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from '../../src/core/areas'
import { demoUnits, localMidnight } from '../../src/core/demo-units'
import { patrolGrid } from '../../src/core/patrol-grid'
import { buildRoadNetwork } from '../../src/core/road-network'
import { buildAreaIndex, pointInArea } from '../../src/core/spatial-join'
import { rankUnits, rankUnitsBrute } from '../../src/core/unit-dispatch'
import { patrolPresence } from '../../src/core/unit-presence'
import { detectArrivals, fixIndex } from '../../src/core/unit-arrivals'
import { positionsAt, tracksFromFixes } from '../../src/core/unit-tracks'
import { mulberry32 } from '../../src/core/seeded-random'
import type { Row } from './harness'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const demo = (f: string) => JSON.parse(readFileSync(`geodata/demo/${f}`, 'utf8')) as FeatureCollection

function time(runs: number, fn: (k: number) => void): number {
  const ts: number[] = []
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now()
    fn(k)
    ts.push(performance.now() - t0)
  }
  return median(ts)
}

export async function run(): Promise<Row[]> {
  const net = buildRoadNetwork(demo('roads.geojson'))
  const grids = areasFromGeoJson(patrolGrid(demo('district.geojson'), 'square', 1500), { idOptional: true }).areas
  const index = buildAreaIndex(grids)
  const day = localMidnight(2025, 12, 31)

  // nearest: 200 units' positions at 10:00, alerts at random demo incidents' places
  const f200 = demoUnits(net, index, grids.count, { units: 200, seed: 1, dayStart: day, hours: 10, intervalS: 30 })
  const t200 = tracksFromFixes({ ...f200, unitKind: f200.unitKind })
  const at = positionsAt(t200, day + 10 * 3600_000 - 1)
  const inc = readFileSync('geodata/demo/incidents.csv', 'utf8').split('\n').slice(1, 20_001)
  const rnd = mulberry32(2)
  const alertAt = (_k: number) => { const c = inc[Math.floor(rnd() * inc.length)].split(','); return { lon: Number(c[4]), lat: Number(c[5]) } }
  const alerts = Array.from({ length: 21 }, (_, k) => alertAt(k)).map((a) => [a.lon, a.lat])
  const base = 'nearest of 200 units, one Dijkstra per unit (baseline)'
  const brute = time(5, (k) => rankUnitsBrute(net, at, t200.unitKind, alerts[k][0], alerts[k][1]))
  const fast = time(21, (k) => rankUnits(net, at, t200.unitKind, alerts[k][0], alerts[k][1]))

  // presence: a day of 100 units every 5 s
  const f100 = demoUnits(net, index, grids.count, { units: 100, seed: 3, dayStart: day, hours: 24, intervalS: 5 })
  const tracks = tracksFromFixes({ ...f100, unitKind: f100.unitKind })
  const presence = time(3, () => patrolPresence(tracks, index, grids.count))
  const pBase = 'presence, each fix tested against every grid (baseline)'
  const presenceBrute = time(1, () => {
    const fixGrid = new Int32Array(tracks.count).fill(-1)
    const { bbox } = grids
    for (let i = 0; i < tracks.count; i++) {
      const lon = tracks.lon[i], lat = tracks.lat[i]
      for (let g = 0; g < grids.count; g++) {
        if (lon < bbox[4 * g] || lon > bbox[4 * g + 2] || lat < bbox[4 * g + 1] || lat > bbox[4 * g + 3]) continue
        if (pointInArea(grids, g, lon, lat)) { fixGrid[i] = g; break }
      }
    }
    patrolPresence(tracks, index, grids.count, fixGrid)
  })
  // arrivals: 50 alerts of the day at demo incident places, in the same 1.7M fixes
  const arr = Array.from({ length: 50 }, (_, k) => ({ ...alertAt(k), time: day + (k * 24 * 3600_000) / 50 }))
  const pts = { lon: Float64Array.from(arr.map((a) => a.lon)), lat: Float64Array.from(arr.map((a) => a.lat)), time: Float64Array.from(arr.map((a) => a.time)), count: arr.length }
  let arrived = 0
  const arrivals = time(3, () => { arrived = detectArrivals(tracks, pts).unit.filter((u) => u >= 0).length })
  // the same search with every fix in one bucket: each alert scans all fixes
  const aBase = 'arrivals, each alert scanning every fix (baseline)'
  const arrivalsBrute = time(1, () => detectArrivals(tracks, pts, {}, fixIndex(tracks, 1e9)))
  console.log(`    nearest of ${at.length} units: ${fast.toFixed(1)} ms (one Dijkstra per unit: ${brute.toFixed(0)} ms); presence of ${tracks.count} fixes: ${presence.toFixed(0)} ms (brute ${presenceBrute.toFixed(0)} ms)`)
  return [
    { name: base, n: at.length, medianMs: brute, note: `${net.nodeCount} nodes` },
    { name: 'nearest of 200 units, one Dijkstra from the alert (target ≤ 50 ms)', n: at.length, medianMs: fast, baseline: base },
    { name: pBase, n: tracks.count, medianMs: presenceBrute, note: `${grids.count} grids` },
    { name: 'presence per grid and hour, a day of 100 units every 5 s (target ≤ 2 s)', n: tracks.count, medianMs: presence, baseline: pBase },
    { name: aBase, n: tracks.count, medianMs: arrivalsBrute, note: `${arr.length} alerts` },
    { name: 'arrivals of 50 alerts in a day of 100 units (index + search)', n: tracks.count, medianMs: arrivals, baseline: aBase, note: `${arrived} arrived (units patrol, nobody is dispatched)` },
  ]
}

/**
 * The demo simulator's unit feed (vite.config.ts `GET /live/units`, dev and preview servers
 * only): the demo's units (core/demo-units.ts) for the day of the latest demo incident,
 * answering that day's incidents, as the desk generates them, replayed as fix lines of the
 * tracks contract. The day repeats; each repetition's times are a day later, so that the feed's
 * clock only moves forward.
 */
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from '../core/areas'
import { demoUnits, type DemoFixes } from '../core/demo-units'
import { patrolGrid } from '../core/patrol-grid'
import { buildRoadNetwork } from '../core/road-network'
import { buildAreaIndex } from '../core/spatial-join'
import { localMidnight } from '../core/time-histogram'
import { readIncidentsCsv } from './incidents-csv'
import { roundAsCsv, tracksToCsv } from './tracks-csv'

const DAY_MS = 86_400_000

export interface DemoUnitFeed {
  /** local midnight of the simulated day, epoch ms */
  dayStart: number
  /** ms between a unit's fixes */
  stepMs: number
  /** fixes per unit in the day */
  ticks: number
  fixes: DemoFixes
}

export function demoUnitFeed(district: FeatureCollection, roads: FeatureCollection, incidentsCsv: Uint8Array): DemoUnitFeed {
  const inc = readIncidentsCsv(incidentsCsv).columns
  let latest = -Infinity
  for (let i = 0; i < inc.count; i++) if (inc.time[i] > latest) latest = inc.time[i]
  const dayStart = localMidnight(latest)
  const alerts: { lon: number; lat: number; time: number }[] = []
  for (let i = 0; i < inc.count; i++) {
    if (inc.time[i] >= dayStart && inc.time[i] < dayStart + DAY_MS) alerts.push({ lon: inc.lon[i], lat: inc.lat[i], time: inc.time[i] })
  }
  const grids = areasFromGeoJson(patrolGrid(district, 'square', 1500), { idOptional: true }).areas
  const stepMs = 5000
  const fixes = roundAsCsv(demoUnits(buildRoadNetwork(roads), buildAreaIndex(grids), grids.count, { dayStart, alerts, intervalS: stepMs / 1000 }))
  return { dayStart, stepMs, ticks: fixes.unitIds.length ? fixes.time.length / fixes.unitIds.length : 0, fixes }
}

/**
 * The fix lines of ticks [from, to) counted from the first day's midnight (tick `ticks` is the
 * next day's first), units in order within a tick; `skip` leaves a unit out.
 */
export function feedLines(feed: DemoUnitFeed, from: number, to: number, skip: (unitId: string) => boolean = () => false): string[] {
  const f = feed.fixes
  const nu = f.unitIds.length
  const pick: number[] = []
  const time: number[] = []
  for (let tick = from; tick < to && feed.ticks > 0; tick++) {
    const k = ((tick % feed.ticks) + feed.ticks) % feed.ticks
    const shift = Math.floor(tick / feed.ticks) * DAY_MS
    for (let u = 0; u < nu; u++) {
      if (skip(f.unitIds[u])) continue
      const i = u * feed.ticks + k
      pick.push(i)
      time.push(f.time[i] + shift)
    }
  }
  if (pick.length === 0) return []
  const take = <T extends Float64Array | Float32Array | Uint8Array | Uint32Array>(a: T) => pick.map((i) => a[i])
  const csv = tracksToCsv({
    unitIds: f.unitIds, unitKind: f.unitKind, unit: take(f.unit), time, lon: take(f.lon), lat: take(f.lat),
    speed: take(f.speed), heading: take(f.heading), status: take(f.status),
  })
  // without the header and the closing line end
  return csv.split('\n').slice(1, -1)
}

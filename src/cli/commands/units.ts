/**
 * Patrol units on the command line (issue 26): who is nearest to an alert (`dispatch`), the
 * response the tracks show (`response`), patrol presence against the alert-guided plan
 * (`presence`), and the demo's units (`demo-units`).
 */
import { writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from '../../core/areas'
import { demoUnits, localMidnight } from '../../core/demo-units'
import { CATEGORIES, packedString } from '../../core/incidents'
import { localHour } from '../../core/periods'
import { HOUR_BANDS } from '../../core/patrol-priority'
import { patrolGrid, responsibleStations } from '../../core/patrol-grid'
import { buildRoadNetwork, type RoadNetwork } from '../../core/road-network'
import { TARGET_SECONDS, placeTargets } from '../../core/response-targets'
import { buildAreaIndex, joinPoints } from '../../core/spatial-join'
import { ARRIVAL_RADIUS_M, DWELL_MS, RESPONSE_BINS_MIN, detectArrivals, responseGroups } from '../../core/unit-arrivals'
import { rankUnits } from '../../core/unit-dispatch'
import { BAND_TARGET_MINUTES, MAX_GAP_MS, bandMinutesPerDay, checkPlan, patrolPresence } from '../../core/unit-presence'
import { OFFLINE_AFTER_MS, UNIT_KINDS, UNIT_STATUSES, lastFixTime, positionsAt, type UnitTracks } from '../../core/unit-tracks'
import { toWgs84 } from '../../io/coords'
import { readTracksCsv, tracksToCsv } from '../../io/tracks-csv'
import { parseTimeBytes } from '../../io/time-bytes'
import { reportToCsv } from '../../io/import-report'
import { CliError, parseCrs, readBytesOrFail, readIncidentsFile, reportRejects, requireFlag, round, writeCsv, type Log } from '../cli-io'
import type { Command, Flag, FlagValues } from '../command'
import { DEMO, INPUT_FLAGS, PLAN_FLAGS, planFromFlags, readFeatures, readInputs } from './patrol'

const UNITS_FLAG: Flag = { name: 'units', type: 'string', arg: 'FILE', desc: 'unit tracks CSV: unit_id,time,lon,lat[,speed,heading,status,kind] (in --crs)', required: true }
const REPORT_FLAG: Flag = { name: 'report', type: 'string', arg: 'FILE', desc: 'write the tracks import report (every left-out fix, its line and reason) as CSV' }

const TRACK_NOTES = `
Tracks: fixes with no unit or time, unreadable coordinates, a second fix of a unit at the same
time (duplicate_fix), a jump faster than 200 km/h from the unit's last good fix
(impossible_jump) or a fix more than 5 km outside the district (outside_district) are left
out and listed by line. A unit silent for ${OFFLINE_AFTER_MS / 60_000} minutes is offline.`

function readTracks(v: FlagValues, log: Log, district: FeatureCollection): UnitTracks {
  const path = requireFlag('units', v.units as string | undefined)
  const crs = parseCrs(v.crs as string | undefined)
  const { tracks, report } = readTracksCsv(readBytesOrFail(path), {
    fileName: basename(path), crs, district: areasFromGeoJson(district, { idOptional: true }).areas,
  })
  reportRejects(path, report, log)
  if (v.report) writeFileSync(v.report as string, reportToCsv(report, { info: true }))
  if (tracks.count === 0) throw new CliError(`${path}: ${report.errors[0] ?? 'no fix could be read'}`)
  return tracks
}

/** A time flag in the tracks' format (no offset: Asia/Shanghai). */
function parseTime(name: string, value: string): number {
  const b = new TextEncoder().encode(value.trim())
  const t = parseTimeBytes(b, 0, b.length)
  if (!Number.isFinite(t)) throw new CliError(`--${name} must be a time like 2026-01-05 10:30 (got "${value}")`, 2)
  return t
}

function network(roads: FeatureCollection | null): RoadNetwork {
  if (!roads || roads.features.length === 0) throw new CliError('a road network is needed (--roads; not --no-roads)', 2)
  return buildRoadNetwork(roads)
}

export const dispatchCommand: Command = {
  name: 'dispatch',
  summary: 'who is nearest: units ranked by travel time on the road network to a place, against its response target',
  flags: [
    UNITS_FLAG,
    { name: 'at', type: 'string', arg: 'LON,LAT', desc: 'the alert (in --crs)', required: true },
    { name: 'time', type: 'string', arg: 'TIME', desc: "the units' positions at this time (default: the latest fix in the file)" },
    { name: 'top', type: 'string', arg: 'N', desc: 'list the N fastest (default 5)' },
    { name: 'offline', type: 'boolean', desc: 'also rank offline units' },
    { name: 'out', type: 'string', arg: 'FILE', desc: 'ranked.csv: unit_id,kind,status,eta_s,distance_m,target_s,meets_target (default ranked.csv)' },
    REPORT_FLAG,
    ...INPUT_FLAGS.filter((f) => f.name !== 'stations' && f.name !== 'no-roads'),
  ],
  notes: `
Each unit's position is its last fix at --time, snapped to its nearest road; the alert is
reached on foot from its nearest roads. One Dijkstra from the alert (the roads are two-way)
gives every unit's time: cars at the road's speed (main 40, secondary 30, back 20 km/h), foot
patrols at 5 km/h and e-bikes at 15 km/h along the same route. distance_m is the route's length.
Target: 60 s inside a key site (school, hospital, government), 180 s inside a public place
(plaza, business, station), 600 s elsewhere.
${TRACK_NOTES}`,
  run(v: FlagValues, log: Log) {
    const crs = parseCrs(v.crs as string | undefined)
    const at = requireFlag('at', v.at as string | undefined).split(',').map((s) => Number(s.trim()))
    if (at.length !== 2 || !at.every(Number.isFinite) || Math.abs(at[0]) > 180 || Math.abs(at[1]) > 90) {
      throw new CliError(`--at must be LON,LAT (got "${v.at}")`, 2)
    }
    const [lon, lat] = toWgs84(at[0], at[1], crs)
    const top = v.top === undefined ? 5 : Number(v.top)
    if (!(Number.isInteger(top) && top > 0)) throw new CliError(`--top must be a positive whole number (got "${v.top}")`, 2)
    const inp = readInputs(v)
    const tracks = readTracks(v, log, inp.district)
    const time = v.time ? parseTime('time', v.time as string) : lastFixTime(tracks)
    const net = network(inp.roads)
    const place = placeTargets(inp.keySites).placeAt(lon, lat)
    const target = TARGET_SECONDS[place]
    const t0 = performance.now()
    const ranked = rankUnits(net, positionsAt(tracks, time), tracks.unitKind, lon, lat, { top, offline: v.offline === true })
    const ms = performance.now() - t0
    const pos = new Map(positionsAt(tracks, time).map((p) => [p.unit, p]))
    writeCsv((v.out as string | undefined) ?? 'ranked.csv', ['unit_id', 'kind', 'status', 'eta_s', 'distance_m', 'target_s', 'meets_target'], ranked.map((r) => [
      tracks.unitIds[r.unit], UNIT_KINDS[tracks.unitKind[r.unit]], UNIT_STATUSES[pos.get(r.unit)!.status],
      round(r.seconds, 1), round(r.metres, 0), target, Number.isFinite(r.seconds) ? (r.seconds <= target ? 1 : 0) : 0,
    ]))
    log.info(`alert at ${lon.toFixed(6)},${lat.toFixed(6)}: ${place.replace('_', ' ')}, target ${target} s; ${pos.size} units with a position at ${new Date(time).toISOString()}; ranked in ${ms.toFixed(1)} ms`)
    for (const r of ranked.slice(0, 3)) log.info(`  ${tracks.unitIds[r.unit]}: ${Number.isFinite(r.seconds) ? `${Math.round(r.seconds)} s, ${Math.round(r.metres)} m` : 'unreachable'}`)
  },
}

/** Patrol grids of the flags (imported or generated) with each one's responsible station. */
function gridsOf(v: FlagValues, district: FeatureCollection, stations: FeatureCollection) {
  const size = Number((v['grid-size'] as string | undefined) ?? 1500)
  if (!(size >= 100 && size <= 20000)) throw new CliError(`--grid-size must be metres between 100 and 20000 (got "${v['grid-size']}")`, 2)
  const fc = v.grids ? readFeatures(v.grids as string, parseCrs(v.crs as string | undefined)) : patrolGrid(district, 'square', size)
  const areas = areasFromGeoJson(fc, { idOptional: true }).areas
  return { fc, areas, index: buildAreaIndex(areas), stations: responsibleStations(fc, stations) }
}

export const responseCommand: Command = {
  name: 'response',
  summary: 'response as it happened: the first unit to arrive at each alert, and the response times by grid, station, hour band and category',
  flags: [
    { name: 'incidents', type: 'string', arg: 'FILE', desc: 'alerts: incidents CSV (in --crs)', required: true },
    UNITS_FLAG,
    { name: 'grids', type: 'string', arg: 'FILE', desc: 'patrol grids (GeoJSON polygons); default: 1500 m squares over the district' },
    { name: 'grid-size', type: 'string', arg: 'METRES', desc: 'side of the generated grid cells (default 1500)' },
    { name: 'out', type: 'string', arg: 'FILE', desc: 'per alert: id,time,category,grid_id,station,hour_band,place,target_s,unit_id,response_s,within_target (default response.csv)' },
    { name: 'summary', type: 'string', arg: 'FILE', desc: 'also write the distribution: group,key,alerts,arrived,no_arrival,within_target,share_within,median_s,p90_s,bins' },
    REPORT_FLAG,
    ...INPUT_FLAGS.filter((f) => f.name !== 'no-roads' && f.name !== 'roads'),
  ],
  notes: `
An alert's responder is the first unit that stops within ${ARRIVAL_RADIUS_M} m of it after its time:
its fixes stay within the radius for ${DWELL_MS / 1000} s or more (driving past is not arriving),
within 2 hours. response_s is from the alert's time to the first fix of that stay. Alerts
without an arrival are listed with empty unit_id and response_s and counted as no_arrival;
share_within counts them as not within target (60 s key site, 180 s public place, 600 s elsewhere).
Bins of the distribution, minutes: ${[0, ...RESPONSE_BINS_MIN].map((m, i, a) => (i + 1 < a.length ? `${m}-${a[i + 1]}` : `${m}+`)).join(', ')}.
${TRACK_NOTES}`,
  run(v: FlagValues, log: Log) {
    const crs = parseCrs(v.crs as string | undefined)
    const inp = readInputs(v)
    const incidents = readIncidentsFile(requireFlag('incidents', v.incidents as string | undefined), { crs }, log)
    const tracks = readTracks(v, log, inp.district)
    const grids = gridsOf(v, inp.district, inp.stations)
    const t0 = performance.now()
    const arrivals = detectArrivals(tracks, incidents)
    const ms = performance.now() - t0
    const n = incidents.count
    const grid = joinPoints(grids.index, incidents.lon, incidents.lat, n)
    const places = placeTargets(inp.keySites)
    const place = Array.from({ length: n }, (_, i) => places.placeAt(incidents.lon[i], incidents.lat[i]))
    const target = place.map((p) => TARGET_SECONDS[p])
    const band = (i: number) => HOUR_BANDS[Math.floor(localHour(incidents.time[i]) / 4)].label
    const gridId = (i: number) => (grid[i] >= 0 ? grids.areas.ids[grid[i]] : '')
    writeCsv((v.out as string | undefined) ?? 'response.csv',
      ['id', 'time', 'category', 'grid_id', 'station', 'hour_band', 'place', 'target_s', 'unit_id', 'response_s', 'within_target'],
      Array.from({ length: n }, (_, i) => {
        const u = arrivals.unit[i], s = arrivals.seconds[i]
        return [packedString(incidents.id, i), new Date(incidents.time[i]).toISOString(), CATEGORIES[incidents.category[i]], gridId(i),
          grid[i] >= 0 ? grids.stations[grid[i]] : '', band(i), place[i], target[i], u >= 0 ? tracks.unitIds[u] : null, round(s, 0),
          u >= 0 ? (s <= target[i] ? 1 : 0) : 0]
      }))
    const groupings: [string, (i: number) => string | null][] = [
      ['all', () => 'all'],
      ['grid', (i) => gridId(i) || null],
      ['station', (i) => (grid[i] >= 0 ? grids.stations[grid[i]] || null : null)],
      ['hour_band', band],
      ['category', (i) => CATEGORIES[incidents.category[i]]],
      ['place', (i) => place[i]],
    ]
    const rows: (string | number | null)[][] = []
    for (const [name, keyOf] of groupings) {
      for (const g of responseGroups(arrivals, target, n, keyOf)) {
        rows.push([name, g.key, g.alerts, g.arrived, g.noArrival, g.withinTarget, round(g.shareWithin, 3), round(g.medianS, 0), round(g.p90S, 0), g.histogram.join(' ')])
      }
    }
    if (v.summary) writeCsv(v.summary as string, ['group', 'key', 'alerts', 'arrived', 'no_arrival', 'within_target', 'share_within', 'median_s', 'p90_s', 'bins'], rows)
    const all = responseGroups(arrivals, target, n, () => 'all')[0]
    if (all) {
      log.info(`${n} alerts, ${tracks.count} fixes of ${tracks.unitIds.length} units: ${all.arrived} with an arrival, ${all.noArrival} without; ` +
        `median ${round(all.medianS, 0) ?? '—'} s, ${((100 * all.shareWithin) || 0).toFixed(1)}% within target; arrivals found in ${Math.round(ms)} ms`)
    }
  },
}

export const presenceCommand: Command = {
  name: 'presence',
  summary: 'patrol against plan (警情导巡): patrol minutes per grid and hour band from the tracks, the make-up patrol list (补巡) and 见警率',
  flags: [
    UNITS_FLAG,
    ...PLAN_FLAGS,
    { name: 'out', type: 'string', arg: 'FILE', desc: 'grid_id,hour_band,priority,minutes_per_day,scheduled (default presence.csv)' },
    { name: 'makeup', type: 'string', arg: 'FILE', desc: 'also write the make-up list: rank,grid_id,name,hour_band,priority,minutes_per_day,gap' },
    REPORT_FLAG,
    ...INPUT_FLAGS,
  ],
  notes: `
Presence: the time between two fixes of a unit counts for the grid of the first, split at hour
boundaries (a stretch across midnight counts for both days); a silence over ${MAX_GAP_MS / 60_000} minutes and
time at the station count nothing. minutes_per_day averages over the days the tracks span.
The plan is the \`patrol\` command's for the same flags: its schedule (the grid-bands at or above
the 80th percentile of priority) is checked. Make-up list (补巡): scheduled grid-bands with under
${BAND_TARGET_MINUTES} patrol minutes a day, ranked by priority × (1 − minutes / ${BAND_TARGET_MINUTES}).
见警率: of the scheduled grid-bands' hours (each day), the share with a unit present.
${TRACK_NOTES}`,
  run(v: FlagValues, log: Log) {
    const { plan, inp } = planFromFlags(v, log)
    const tracks = readTracks(v, log, inp.district)
    const areas = areasFromGeoJson(plan.grids, { idOptional: true }).areas
    const t0 = performance.now()
    const presence = patrolPresence(tracks, buildAreaIndex(areas), areas.count)
    const ms = performance.now() - t0
    const perDay = bandMinutesPerDay(presence)
    const check = checkPlan(plan.priority, presence)
    const nb = HOUR_BANDS.length
    const scheduled = new Set(plan.priority.schedule.map((s) => s.grid * nb + s.band))
    const rows: (string | number | null)[][] = []
    for (let g = 0; g < areas.count; g++) {
      for (let b = 0; b < nb; b++) rows.push([areas.ids[g], HOUR_BANDS[b].label, round(plan.priority.priority[g * nb + b], 1), round(perDay[g * nb + b], 1), scheduled.has(g * nb + b) ? 1 : 0])
    }
    writeCsv((v.out as string | undefined) ?? 'presence.csv', ['grid_id', 'hour_band', 'priority', 'minutes_per_day', 'scheduled'], rows)
    if (v.makeup) {
      writeCsv(v.makeup as string, ['rank', 'grid_id', 'name', 'hour_band', 'priority', 'minutes_per_day', 'gap'], check.makeUp.map((m, k) => [
        k + 1, areas.ids[m.grid], areas.names[m.grid] || areas.ids[m.grid], HOUR_BANDS[m.band].label, round(m.priority, 1), round(m.minutesPerDay, 1), round(m.gap, 1),
      ]))
    }
    log.info(`${tracks.count} fixes of ${tracks.unitIds.length} units over ${presence.days} day(s) into ${areas.count} grids in ${Math.round(ms)} ms`)
    log.info(`${plan.priority.schedule.length} scheduled grid-bands, ${check.makeUp.length} short of ${BAND_TARGET_MINUTES} min a day (make-up list); ` +
      `见警率 ${Number.isFinite(check.seenRate) ? `${(100 * check.seenRate).toFixed(1)}%` : '—'} (${check.presentHours}/${check.scheduledHours} grid-hours)`)
  },
}

export const demoUnitsCommand: Command = {
  name: 'demo-units',
  summary: "the demo's patrol units: a day of tracks on the demo roads, deterministic for a seed",
  flags: [
    { name: 'out', type: 'string', arg: 'FILE', desc: 'tracks CSV (default units.csv)' },
    { name: 'units', type: 'string', arg: 'N', desc: 'number of units (default 30)' },
    { name: 'date', type: 'string', arg: 'YYYY-MM-DD', desc: 'the day (local; default 2025-12-31, the demo incidents\u2019 last day)' },
    { name: 'interval', type: 'string', arg: 'SECONDS', desc: 'seconds between fixes (default 5)' },
    { name: 'seed', type: 'string', arg: 'N', desc: 'random seed (default 26)' },
    { name: 'incidents', type: 'string', arg: 'FILE', desc: "alerts the units respond to: that day's incidents of this CSV (default: the demo incidents)" },
    { name: 'no-alerts', type: 'boolean', desc: 'patrol only: respond to no alert' },
  ],
  notes: `
Units are spread over the 1500 m patrol grids with the most road, busiest first; each wanders
its grid's roads (cars at 60–100 % of the road speed, foot 5 km/h, e-bikes 15 km/h), stops for
2–8 minute checks, and is at the station 08:00–08:30 and 20:00–20:30. Kinds: 6 in 10 cars, 2 foot,
1 e-bike, 1 special duty. Each of the day's alerts goes to the free unit with the shortest travel
time (as \`dispatch\` ranks them), which sets off after 30–90 s, drives the fastest route at the
road's speed, stays 10–20 minutes and drives back to its grid; an alert with no free unit gets
none. Written in WGS-84, local time.`,
  run(v: FlagValues, log: Log) {
    const num = (name: string, fallback: number, ok: (x: number) => boolean) => {
      const x = v[name] === undefined ? fallback : Number(v[name])
      if (!ok(x)) throw new CliError(`--${name}: bad value "${v[name]}"`, 2)
      return x
    }
    const units = num('units', 30, (x) => Number.isInteger(x) && x > 0 && x <= 1000)
    const interval = num('interval', 5, (x) => x >= 1 && x <= 3600)
    const seed = num('seed', 26, Number.isInteger)
    const date = ((v.date as string | undefined) ?? '2025-12-31').match(/^(\d{4})-(\d{2})-(\d{2})$/)
    if (!date) throw new CliError(`--date must be YYYY-MM-DD (got "${v.date}")`, 2)
    const inp = readInputs({})
    const grids = areasFromGeoJson(patrolGrid(inp.district, 'square', 1500), { idOptional: true }).areas
    const dayStart = localMidnight(Number(date[1]), Number(date[2]), Number(date[3]))
    const alerts: { lon: number; lat: number; time: number }[] = []
    if (!v['no-alerts']) {
      const inc = readIncidentsFile((v.incidents as string | undefined) ?? join(DEMO, 'incidents.csv'), { crs: parseCrs(v.crs as string | undefined) }, log)
      for (let i = 0; i < inc.count; i++) {
        if (inc.time[i] >= dayStart && inc.time[i] < dayStart + 86_400_000) alerts.push({ lon: inc.lon[i], lat: inc.lat[i], time: inc.time[i] })
      }
    }
    const fixes = demoUnits(network(inp.roads), buildAreaIndex(grids), grids.count, { units, seed, intervalS: interval, dayStart, alerts })
    const out = (v.out as string | undefined) ?? 'units.csv'
    writeFileSync(out, tracksToCsv(fixes))
    log.info(`${out}: ${fixes.time.length} fixes of ${units} units on ${date[0]}, every ${interval} s, responding to ${alerts.length} alerts`)
  },
}

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { convertFeatureCollection } from '../../io/coords'
import { asFeatureCollection } from '../../io/geojson-layer-file'
import { readCamerasCsv } from '../../io/cameras-csv'
import { DEFAULT_MINUTES, patrolPlan, patrolSignals, type PatrolPlan } from '../../core/patrol-plan'
import { DEFAULT_DETOUR, DEFAULT_FALLBACK_KMH } from '../../core/isochrones'
import { DEFAULT_OFF_ROAD_KMH, DEFAULT_SPEEDS_KMH } from '../../core/road-network'
import type { GridShape } from '../../core/patrol-grid'
import { CliError, parseCrs, readIncidentsFile, writeCsv, type Log } from '../cli-io'
import type { IncidentColumns } from '../../core/incidents'
import { REPO_ROOT } from '../repo-root'
import type { Command, Flag, FlagValues } from '../command'
import { errorMessage } from '../../core/text-format'

export const DEMO = join(REPO_ROOT, 'geodata/demo')

/** Inputs shared by `patrol` and `isochrones`; each defaults to the demo district's file. */
export const INPUT_FLAGS: Flag[] = [
  { name: 'district', type: 'string', arg: 'FILE', desc: 'district outline or streets (GeoJSON polygons); default: the demo district' },
  { name: 'roads', type: 'string', arg: 'FILE', desc: 'road lines (GeoJSON) with class main|secondary|back; default: the demo roads' },
  { name: 'stations', type: 'string', arg: 'FILE', desc: 'police stations (GeoJSON points with id, name); default: the demo stations' },
  { name: 'key-sites', type: 'string', arg: 'FILE', desc: 'key sites (GeoJSON with kind school|hospital|government|plaza|business|station); default: the demo key sites' },
  { name: 'no-roads', type: 'boolean', desc: `ignore the road network: straight line × ${DEFAULT_DETOUR} at ${DEFAULT_FALLBACK_KMH} km/h` },
  { name: 'crs', type: 'string', arg: 'wgs84|gcj02|bd09', desc: 'coordinate system of the input files (default wgs84)' },
]

const RESPONSE_NOTES = `
Response times run along the road network: lines are noded where they cross, driven at ${DEFAULT_SPEEDS_KMH.main} km/h on
main roads, ${DEFAULT_SPEEDS_KMH.secondary} on secondary roads and ${DEFAULT_SPEEDS_KMH.back} on back streets, with ${DEFAULT_OFF_ROAD_KMH} km/h off the road from the
nearest road point (Dijkstra from all sources at once). Without roads: straight line × ${DEFAULT_DETOUR} at
${DEFAULT_FALLBACK_KMH} km/h. Isochrones are contours of the travel time on a 25 m raster. Key sites (重点部位:
school, hospital, government) have a 1-minute target, public places (plaza, business, station)
a 3-minute target, from stations and the patrol base of each grid (its centre).`

export interface Inputs {
  district: FeatureCollection
  roads: FeatureCollection | null
  stations: FeatureCollection
  keySites: FeatureCollection
}

export function readFeatures(path: string, crs: ReturnType<typeof parseCrs>): FeatureCollection {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new CliError(`${path}: cannot read (${errorMessage(e)})`)
  }
  try {
    const fc = asFeatureCollection(json, path)
    return crs === 'wgs84' ? fc : (convertFeatureCollection(fc, crs) as FeatureCollection)
  } catch (e) {
    throw new CliError(errorMessage(e))
  }
}

export function readInputs(v: FlagValues): Inputs {
  const crs = parseCrs(v.crs as string | undefined)
  const file = (flag: string, demo: string) => readFeatures((v[flag] as string | undefined) ?? join(DEMO, demo), v[flag] ? crs : 'wgs84')
  return {
    district: file('district', 'district.geojson'),
    roads: v['no-roads'] ? null : file('roads', 'roads.geojson'),
    stations: file('stations', 'stations.geojson'),
    keySites: file('key-sites', 'key_sites.geojson'),
  }
}

function parseMinutes(value: string | undefined): number[] {
  if (!value) return [...DEFAULT_MINUTES]
  const list = value.split(',').map((s) => Number(s.trim()))
  if (list.some((m) => !(m > 0 && m <= 120))) throw new CliError(`--minutes must be minutes between 0 and 120, e.g. 1,3,10 (got "${value}")`, 2)
  return [...new Set(list)].sort((a, b) => a - b)
}

function logResponse(plan: PatrolPlan, log: Log): void {
  const r = plan.response
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—')
  log.info(`key sites within 1 min: ${r.keySites.within}/${r.keySites.total} (${pct(r.keySites.within, r.keySites.total)}); from stations alone ${pct(r.keySites.withinFromStations, r.keySites.total)}`)
  log.info(`public places within 3 min: ${r.publicPlaces.within}/${r.publicPlaces.total} (${pct(r.publicPlaces.within, r.publicPlaces.total)}); from stations alone ${pct(r.publicPlaces.withinFromStations, r.publicPlaces.total)}`)
  for (const s of r.late.slice(0, 10)) log.info(`  over target: ${s.id} ${s.name} (${s.kind}) ${Number.isFinite(s.seconds) ? `${Math.round(s.seconds)} s` : 'unreachable'}`)
  log.info(plan.network.fallback ? 'no road network: straight-line estimate' : `road network: ${plan.network.nodes} nodes, ${plan.network.edges} segments`)
}

const EMPTY_INCIDENTS = { lon: new Float64Array(0), lat: new Float64Array(0), time: new Float64Array(0), count: 0 }

/** Flags of `patrol` that shape the plan (grids and what the priority reads), reused by `presence`. */
export const PLAN_FLAGS: Flag[] = [
  { name: 'grid-size', type: 'string', arg: 'METRES', desc: 'side of the generated grid cells (default 1500)' },
  { name: 'shape', type: 'string', arg: 'square|hex', desc: 'generated cell shape (default square)' },
  { name: 'grids', type: 'string', arg: 'FILE', desc: 'imported patrol areas (GeoJSON polygons; a `level` 1–4 property is kept as the current level) instead of generated cells' },
  { name: 'incidents', type: 'string', arg: 'FILE', desc: 'incidents CSV (default: the demo incidents)' },
  { name: 'cameras', type: 'string', arg: 'FILE', desc: 'cameras CSV for the camera-gap term (default: the demo cameras)' },
]

/** The patrol plan of the flags: the same grids, priorities and schedule as the `patrol` command. */
export function planFromFlags(v: FlagValues, log: Log): { plan: PatrolPlan; inp: Inputs; incidents: IncidentColumns } {
  const size = Number((v['grid-size'] as string | undefined) ?? 1500)
  if (!(size >= 100 && size <= 20000)) throw new CliError(`--grid-size must be metres between 100 and 20000 (got "${v['grid-size']}")`, 2)
  const shape = ((v.shape as string | undefined) ?? 'square') as GridShape
  if (shape !== 'square' && shape !== 'hex') throw new CliError(`--shape must be square or hex (got "${shape}")`, 2)
  const crs = parseCrs(v.crs as string | undefined)
  const inp = readInputs(v)
  const incidents = readIncidentsFile((v.incidents as string | undefined) ?? join(DEMO, 'incidents.csv'), { crs: v.incidents ? crs : 'wgs84' }, log)
  const camPath = (v.cameras as string | undefined) ?? join(DEMO, 'cameras.csv')
  const { cameras } = readCamerasCsv(readFileSync(camPath, 'utf8'), camPath, { crs: v.cameras ? crs : 'wgs84' })
  const { hotspots, seenBy } = patrolSignals(incidents, inp.district, cameras)
  const plan = patrolPlan({
    ...inp, grids: v.grids ? readFeatures(v.grids as string, crs) : null, shape, sizeM: size, incidents, seenBy, hotspots,
  })
  return { plan, inp, incidents }
}

export const patrolCommand: Command = {
  name: 'patrol',
  summary: 'patrol grids with current and suggested levels, alert-guided priority per grid and hour band, response coverage',
  flags: [
    ...PLAN_FLAGS,
    ...INPUT_FLAGS,
    { name: 'out', type: 'string', arg: 'FILE', desc: 'priority table CSV: grid_id,hour_band,priority,level_now,level_suggested (default patrol.csv)' },
    { name: 'schedule', type: 'string', arg: 'FILE', desc: 'also write the recommended schedule: grid_id,name,hour_band,check_at,priority,level_now,level_suggested' },
    { name: 'geojson', type: 'string', arg: 'FILE', desc: 'also write the grids with their levels, station and peak priority as GeoJSON' },
  ],
  notes: `
Priority (0–100) of grid g in hour band b (00-04 … 20-24, Asia/Shanghai):
  100 × (0.5·A(g,b) + 0.3·H(g) + 0.2·G(g)·A'(g))
A = the grid's incidents in the band / the largest such count (where and when alerts happen);
H = share of the grid's 250 m cells that are Gi* hotspots at 95% or more; G = share of its
incidents no camera sees (observe level); A' = its incidents / the largest grid total.
Current level (four-level platform): 1 with a school, hospital, government site or plaza; 2 with
a main road or business district; 3 with other roads; 4 otherwise (an imported level is kept).
Suggested level: quartiles of each grid's highest band priority (top quarter 1 … rest 4; no
incidents 4). The schedule lists grid and band pairs at or above the 80th percentile of
non-zero priorities, with a check at half past the band's busiest hour.
${RESPONSE_NOTES}
Given no input flags, everything comes from the demo district (geodata/demo).`,
  run(v: FlagValues, log: Log) {
    const { plan } = planFromFlags(v, log)
    const p = plan.priority
    const nb = plan.bands.length
    const rows: (string | number)[][] = []
    plan.grids.features.forEach((f, g) => {
      for (let b = 0; b < nb; b++) rows.push([String(f.properties?.id), plan.bands[b], Math.round(p.priority[g * nb + b] * 10) / 10, Number(f.properties?.level_now), Number(f.properties?.level_suggested)])
    })
    writeCsv((v.out as string | undefined) ?? 'patrol.csv', ['grid_id', 'hour_band', 'priority', 'level_now', 'level_suggested'], rows)
    if (v.schedule) {
      writeCsv(v.schedule as string, ['grid_id', 'name', 'hour_band', 'check_at', 'priority', 'level_now', 'level_suggested'], p.schedule.map((s) => {
        const props = plan.grids.features[s.grid].properties ?? {}
        return [String(props.id), String(props.name), plan.bands[s.band], s.checkAt, Math.round(s.priority * 10) / 10, Number(props.level_now), Number(props.level_suggested)]
      }))
    }
    if (v.geojson) writeFileSync(v.geojson as string, JSON.stringify(plan.grids))
    const changes = plan.grids.features.filter((f) => f.properties?.level_change).length
    log.info(`${plan.grids.features.length} grids, ${changes} should change level; ${p.schedule.length} checks scheduled`)
    logResponse(plan, log)
  },
}

export const isochronesCommand: Command = {
  name: 'isochrones',
  summary: 'response isochrones per police station along the road network, and key-site / public-place coverage',
  flags: [
    { name: 'minutes', type: 'string', arg: 'M,M,...', desc: `time bands in minutes (default ${DEFAULT_MINUTES.join(',')})` },
    ...INPUT_FLAGS,
    { name: 'cell', type: 'string', arg: 'METRES', desc: 'raster cell of the travel-time surface (default 25)' },
    { name: 'out', type: 'string', arg: 'FILE', desc: 'GeoJSON, one (Multi)Polygon per station and band with station_id and minutes (default iso.geojson)' },
  ],
  notes: `${RESPONSE_NOTES}
Given no input flags, the demo district's stations, roads and key sites are used.`,
  run(v: FlagValues, log: Log) {
    const minutes = parseMinutes(v.minutes as string | undefined)
    const cell = Number((v.cell as string | undefined) ?? 25)
    if (!(cell >= 5 && cell <= 500)) throw new CliError(`--cell must be metres between 5 and 500 (got "${v.cell}")`, 2)
    const t0 = performance.now()
    const inp = readInputs(v)
    const plan = patrolPlan({
      ...inp, grids: null, shape: 'square', sizeM: 1500, incidents: EMPTY_INCIDENTS, seenBy: null, hotspots: null, minutes, isoCell: cell,
    })
    writeFileSync((v.out as string | undefined) ?? 'iso.geojson', JSON.stringify(plan.stationIsochrones))
    log.info(`${plan.stationIsochrones.features.length} isochrones (${inp.stations.features.length} stations × ${minutes.length} bands) in ${Math.round(performance.now() - t0)} ms (network ${Math.round(plan.ms.network)} ms, isochrones and response ${Math.round(plan.ms.isochrones)} ms)`)
    logResponse(plan, log)
  },
}

import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { CAMERA_DEFAULTS, CAMERA_TYPES, RANGE_DEFAULT, type CameraColumns, type CameraType } from '../../core/cameras'
import { DORI_LEVELS, DORI_PX_PER_M, type DoriLevel } from '../../core/camera-model'
import { DEFAULT_MAX_SITES, DEFAULT_SITE_SPACING_M, DEFAULT_STEP_DEG, posesAtSites, sitesAlongRoads, type SitePoints } from '../../core/candidate-poses'
import { CATEGORIES, type IncidentColumns } from '../../core/incidents'
import { localProjection } from '../../core/local-projection'
import { DEFAULT_PLACEMENT_WEIGHTS, validatePlacementWeights, type PlacementWeights } from '../../core/placement-weights'
import { pointsBbox } from '../../core/square-grid'
import { suggestCameras } from '../../core/suggest-cameras'
import { convertColumnsToWgs84, convertFeatureCollection, type Crs } from '../../io/coords'
import { float32Text } from '../../io/dataset-export'
import { readGeoFile } from '../../io/geo-file'
import { readCandidatesCsv } from '../../io/plan-file'
import { CliError, camerasFromFlags, incidentsFromFlags, parseCrs, parseNumberFlag, requireFlag, round, writeCsv, type Log } from '../cli-io'
import type { Command, FlagValues } from '../command'
import { INCIDENTS_FLAG, READING_FLAGS } from '../flag-groups'
import { onlineKeep, parseDori } from './coverage'
import { errorMessage } from '../../core/text-format'


const weightsText = (w: PlacementWeights) => CATEGORIES.map((c, i) => `${c}=${w.category[i]}`).join(',')

/** `--weights criminal=3,fire=0` over the defaults, `--half-life DAYS` (0: no decay). */
function parseWeights(value: string | undefined, halfLife: string | undefined): PlacementWeights {
  const category = [...DEFAULT_PLACEMENT_WEIGHTS.category]
  for (const pair of value ? value.split(',') : []) {
    const [name, w] = pair.split('=').map((s) => s.trim())
    const k = (CATEGORIES as readonly string[]).indexOf(name)
    const x = Number(w)
    if (k < 0 || w === undefined || w === '' || !(x >= 0) || !Number.isFinite(x)) {
      throw new CliError(`--weights: "${pair}" is not CATEGORY=WEIGHT (a number >= 0; categories ${CATEGORIES.join(', ')})`, 2)
    }
    category[k] = x
  }
  const days = halfLife === undefined ? DEFAULT_PLACEMENT_WEIGHTS.halfLifeDays : Number(halfLife)
  if (!(days >= 0) || !Number.isFinite(days)) throw new CliError(`--half-life must be a number of days >= 0 (got "${halfLife}")`, 2)
  return validatePlacementWeights({ category, halfLifeDays: days })
}

function parseCount(name: string, value: string | undefined, fallback?: number): number {
  const n = parseNumberFlag(name, value, fallback)
  if (!Number.isInteger(n)) throw new CliError(`--${name} must be a whole number (got "${value}")`, 2)
  return n
}

function parseMetres(name: string, value: string | undefined): number {
  if (value === undefined) return 0
  const x = Number(value)
  if (!(x >= 0) || !Number.isFinite(x)) throw new CliError(`--${name} must be a number of metres >= 0 (got "${value}")`, 2)
  return x
}

function parseType(value: string | undefined): CameraType {
  const t = (value ?? 'bullet').toLowerCase()
  if (!(CAMERA_TYPES as readonly string[]).includes(t)) throw new CliError(`--type must be one of ${CAMERA_TYPES.join(', ')} (got "${value}")`, 2)
  return t as CameraType
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new CliError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
}

/** The candidates file: one pose per row, bad rows listed like the other inputs'. */
function readCandidates(path: string, crs: Crs, strict: boolean, log: Log): SitePoints {
  const { sites, report } = readCandidatesCsv(readText(path), basename(path))
  for (const w of [...report.errors, ...report.warnings]) log.warn(`${path}: ${w}`)
  for (const r of report.rejected.slice(0, 20)) log.warn(`${path}:${r.line}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`)
  if (report.rejectedCount > 20) log.warn(`${path}: … ${report.rejectedCount - 20} more rejected rows`)
  if (sites.count === 0) throw new CliError(`${path}: ${report.errors[0] ?? 'no candidate rows could be read'}`)
  if (strict && report.rejectedCount > 0) throw new CliError(`${path}: ${report.rejectedCount} rows rejected (--strict)`)
  if (crs !== 'wgs84') convertColumnsToWgs84(sites.lon, sites.lat, sites.count, crs)
  log.info(`${path}: ${sites.count} candidate rows read, ${report.rejectedCount} rows rejected`)
  return sites
}

/**
 * Sites along the roads, only where a camera of the type could see an incident: within the
 * incidents' bounding box grown by the type's range at the DORI level (a site farther than
 * that from every incident sees none of them).
 */
async function roadSites(path: string, v: FlagValues, type: CameraType, level: DoriLevel, incidents: IncidentColumns, crs: Crs, log: Log): Promise<SitePoints> {
  let roads: FeatureCollection
  try {
    const { fc } = await readGeoFile(new Uint8Array(readFileSync(path)), path)
    roads = (crs === 'wgs84' ? fc : convertFeatureCollection(fc, crs)) as FeatureCollection
  } catch (err) {
    throw new CliError(errorMessage(err))
  }
  const spacing = parseNumberFlag('site-spacing', v['site-spacing'] as string | undefined, DEFAULT_SITE_SPACING_M)
  const bbox = pointsBbox(incidents.lon, incidents.lat, incidents.count)
  if (!bbox) throw new CliError(`${path}: no incident to place cameras for`)
  const reach = CAMERA_DEFAULTS[type].range * (DORI_PX_PER_M.observe / DORI_PX_PER_M[level])
  const p = localProjection(bbox[0], bbox[1], (bbox[1] + bbox[3]) / 2)
  const dLon = reach / p.kx, dLat = reach / p.ky
  try {
    const sites = sitesAlongRoads(roads, spacing, { within: [bbox[0] - dLon, bbox[1] - dLat, bbox[2] + dLon, bbox[3] + dLat], max: DEFAULT_MAX_SITES })
    log.info(`${path}: ${sites.count} sites every ${spacing} m along the roads near the incidents (intersections first)`)
    return sites
  } catch (err) {
    throw new CliError(`${path}: ${(err as Error).message} (--site-spacing)`)
  }
}

/** The range cell of a chosen pose: empty for a type default, which then reads back as one and scales with DORI. */
const rangeCell = (c: CameraColumns, i: number) => (c.rangeSource[i] === RANGE_DEFAULT ? '' : float32Text(c.range[i]))

export const planCommand: Command = {
  name: 'plan',
  summary: 'Suggest the next N cameras: the candidate poses that newly see the most weighted incidents.',
  flags: [
    INCIDENTS_FLAG,
    { name: 'n', type: 'string', arg: 'N', required: true, desc: 'how many cameras to suggest (the budget)' },
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV of the chosen poses, in order of choice' },
    { name: 'cameras', type: 'string', arg: 'FILE', desc: 'the existing cameras CSV: what they see counts as covered already (default: none)' },
    { name: 'candidates', type: 'string', arg: 'FILE', desc: 'candidate poses CSV, one a row: id,lon,lat,azimuth,fov,range[,type] (empty cells: generated or defaulted)' },
    { name: 'roads', type: 'string', arg: 'FILE', desc: 'without --candidates: road lines (GeoJSON or zipped shapefile) to put candidate sites along' },
    { name: 'site-spacing', type: 'string', arg: 'METRES', desc: `with --roads: a site every METRES along each road, plus every intersection (default ${DEFAULT_SITE_SPACING_M})` },
    { name: 'step', type: 'string', arg: 'DEG', desc: `orientations tried at a site without an azimuth: 0, DEG, 2·DEG … (15 to 90, default ${DEFAULT_STEP_DEG})` },
    { name: 'type', type: 'string', arg: CAMERA_TYPES.join('|'), desc: 'camera type of a candidate without one (default bullet); sets the default fov and range' },
    { name: 'spacing', type: 'string', arg: 'METRES', desc: 'minimum distance between two suggested cameras (default 0: several poses at one site allowed)' },
    { name: 'dori', type: 'string', arg: DORI_LEVELS.join('|'), desc: 'DORI level that sets the ranges (default observe)' },
    { name: 'online-only', type: 'boolean', desc: 'existing cameras that are offline do not count as seeing anything' },
    { name: 'weights', type: 'string', arg: 'CAT=W,...', desc: `incident weight per category (default ${weightsText(DEFAULT_PLACEMENT_WEIGHTS)}); the ones not named keep theirs` },
    { name: 'half-life', type: 'string', arg: 'DAYS', desc: `an incident's weight halves every DAYS before the newest incident (default ${DEFAULT_PLACEMENT_WEIGHTS.halfLifeDays}; 0: no decay)` },
    { name: 'seed', type: 'string', arg: 'N', desc: 'seed of the swap search order (default 1); the same seed gives the same plan' },
    { name: 'no-swap', type: 'boolean', desc: 'greedy choice only, without the swap search that improves on it' },
    ...READING_FLAGS,
  ],
  notes: `
What counts: each incident weighs its category's weight × 0.5^(age / half-life), age counted back
from the newest incident. An incident an existing camera already sees weighs 0 (cameras of
--cameras, at the --dori level, sectors without occlusion). A candidate pose's gain is the weight
it newly brings into view; the plan is the set of at most N poses whose union sees the most.

How it chooses: greedy (each step takes the pose with the largest gain given those before),
then a swap search that trades a chosen pose for another while the total grows. Without
--spacing, greedy alone is guaranteed to reach at least 1 − 1/e ≈ 63% of the best possible total
(the objective is monotone and submodular: Nemhauser, Wolsey and Fisher 1978). With --spacing
that guarantee does not carry over, and none is claimed. What is printed either way is an upper
bound on the best possible total (without the spacing rule, hence also with it): total ≤ best ≤
bound, so total / bound is a guaranteed lower limit on how close the plan is to the optimum, for
this run, with or without --spacing.

Candidates: --candidates gives one pose per row; a row with an empty azimuth is tried at every
--step, domes and fov 360 once; empty fov or range take the type's default (a default range
scales with --dori). Without --candidates, --roads puts a site at every intersection and every
--site-spacing metres along the roads within reach of the incidents; at most ${DEFAULT_MAX_SITES} sites.

Output: id,lon,lat,azimuth,fov,range,type,gain,newly_covered — one row per chosen pose, in order
of choice; gain is its marginal weight, newly_covered the incidents it newly sees. A range cell is
empty where the range is the type default. The file reads as a cameras CSV (--cameras) for the
next round. stderr: chosen count, total, bound and ratio, incidents newly covered, timings.`,
  async run(v, log) {
    const out = requireFlag('out', v.out as string | undefined)
    const n = parseCount('n', v.n as string | undefined)
    const minSpacing = parseMetres('spacing', v.spacing as string | undefined)
    const level = parseDori(v.dori as string | undefined)
    const weights = parseWeights(v.weights as string | undefined, v['half-life'] as string | undefined)
    const seed = v.seed === undefined ? undefined : Number(v.seed)
    if (seed !== undefined && !Number.isInteger(seed)) throw new CliError(`--seed must be a whole number (got "${v.seed}")`, 2)
    const type = parseType(v.type as string | undefined)
    const stepDeg = v.step === undefined ? DEFAULT_STEP_DEG : Number(v.step)
    if (!(stepDeg >= 15 && stepDeg <= 90)) throw new CliError(`--step must be 15 to 90 degrees (got "${v.step}")`, 2)
    if (v.candidates && v.roads) throw new CliError('give --candidates or --roads, not both', 2)
    if (!v.candidates && !v.roads) throw new CliError('--candidates FILE or --roads FILE is required: where could a camera go?', 2)
    const crs = parseCrs(v.crs as string | undefined)

    const cameras = v.cameras ? camerasFromFlags(v, log) : null
    const incidents = incidentsFromFlags(v, log)
    const sites = v.candidates
      ? readCandidates(v.candidates as string, crs, v.strict === true, log)
      : await roadSites(v.roads as string, v, type, level, incidents, crs, log)
    const poses = posesAtSites(sites, { type, stepDeg })
    log.info(`${poses.count} candidate poses at ${sites.count} sites`)

    let r
    try {
      r = suggestCameras(
        { incidents, cameras, cameraKeep: cameras ? onlineKeep(cameras, v['online-only'] === true) : undefined, candidates: poses },
        { n, level, minSpacing, weights, seed, swap: v['no-swap'] !== true },
      )
    } catch (err) {
      throw new CliError((err as Error).message, 2)
    }
    writeCsv(out, ['id', 'lon', 'lat', 'azimuth', 'fov', 'range', 'type', 'gain', 'newly_covered'], Array.from(r.chosen, (c, j) => [
      poses.ids[c], poses.lon[c].toFixed(7), poses.lat[c].toFixed(7), float32Text(poses.azimuth[c]), float32Text(poses.fov[c]),
      rangeCell(poses, c), CAMERA_TYPES[poses.type[c]], round(r.gains[j], 4), r.newlyCovered[j],
    ]))
    const f = (x: number) => String(round(x, 2))
    if (r.chosen.length < n) log.info(`only ${r.chosen.length} of ${n} poses add any weight: the rest would see nothing new`)
    log.info(`chose ${r.chosen.length} cameras at the ${level} level; total gain ${f(r.total)} (greedy ${f(r.greedyTotal)}, ${r.swaps} swaps)`)
    log.info(`upper bound on the best possible total ${f(r.upperBound)}: this plan reaches at least ${(r.ratio * 100).toFixed(1)}% of the optimum`)
    log.info(`incidents newly covered: ${r.incidentsCovered}`)
    log.info(`ms: sets ${r.ms.sets.toFixed(0)}, greedy ${r.ms.greedy.toFixed(0)}, swap ${r.ms.swap.toFixed(0)}, bound ${r.ms.bound.toFixed(0)}, total ${r.ms.total.toFixed(0)}`)
    log.info(`${out}: ${r.chosen.length} poses`)
  },
}

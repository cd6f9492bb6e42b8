import { cameraCoverage, coverageByArea, type CoverageResult } from '../../core/camera-coverage'
import { CAMERA_STATUSES, type CameraColumns } from '../../core/cameras'
import { DEFAULT_DORI_LEVEL, DORI_LEVELS, DORI_PX_PER_M, type DoriLevel } from '../../core/camera-model'
import type { AreaSet } from '../../core/areas'
import {
  CliError, areasFromFlags, buildingsFromFlags, camerasFromFlags, incidentsFromFlags, parseNumberFlag, readAreasFile,
  parseCrs, requireFlag, round, writeCsv, type Log,
} from '../cli-io'
import type { Command, Flag, FlagValues } from '../command'
import { ID_FIELD_FLAGS, INCIDENTS_FLAG, READING_FLAGS } from '../flag-groups'

/** Flags and notes shared by `coverage` and `gaps`. */
export const COVERAGE_FLAGS: Flag[] = [
  { name: 'cameras', type: 'string', arg: 'FILE', required: true, desc: 'cameras CSV: id,lon,lat,type,azimuth,fov,range[,class,status][,focal_mm,sensor_mm,resolution_px]' },
  INCIDENTS_FLAG,
  { name: 'buildings', type: 'string', arg: 'FILE', desc: 'building footprints (GeoJSON polygons): a camera then sees only what walls leave open (2D visibility); without it, plain sectors' },
  { name: 'dori', type: 'string', arg: DORI_LEVELS.join('|'), desc: `DORI level that sets each camera's range (default ${DEFAULT_DORI_LEVEL})` },
  { name: 'online-only', type: 'boolean', desc: 'leave offline cameras out' },
  { name: 'raster', type: 'string', arg: 'METRES', desc: 'coverage raster cell (default 2)' },
  { name: 'cell', type: 'string', arg: 'METRES', desc: 'grid cell for gaps and per-cell coverage, a whole multiple of --raster (default 250)' },
  { name: 'band', type: 'string', arg: 'METRES', desc: 'Gi* distance band for the hotspot strength of grid cells (default 500)' },
]

export const COVERAGE_NOTES = `
Camera model: a sector from position, azimuth (degrees clockwise from north), field of view
and range; domes and fisheyes see 360°. Range by DORI pixel density (detect 25, observe 62.5,
recognise 125, identify 250 px/m): with a lens (focal_mm, sensor_mm, resolution_px) the range is
resolution_px · focal_mm / (px_per_m · sensor_mm) and the field of view 2·atan(sensor_mm /
(2·focal_mm)); without one, a range given in the file is kept, and a missing one takes the
type's default (bullet 60 m, dome 30 m, PTZ 150 m at observe), scaled by 62.5 / px_per_m.
A camera with no usable azimuth whose field of view is under 360° has an unknown heading: it is
not counted (counted as a full circle it would claim several times what it sees, counted facing
north it would be a guess), and stderr names it so that its azimuth can be filled in.

Area coverage is RASTERISED, not exact: the district is cut into --raster cells and a cell is
covered when its centre is inside a camera's view. The error of a covered area is bounded by the
cells that boundaries cross: |error| ≤ √2 · L · cell + 3 · P · cell², L = the total length of
the coverage boundaries and P their pieces (straight edges, quarter arcs); printed for each run.
This is a worst case: errors of either sign cancel and the real error is far smaller. The
expected (root-mean-square) error printed beside it treats the cells an arc cuts as independent
(each off by up to half a cell², variance cell⁴/12; an arc of length A cuts about 4A/(π·cell)
cells) and each straight side of length l as wrong by the same offset all along (variance
(l·cell)²/12, the case of sides along the grid's axes or diagonals); different cameras'
errors add as independent: RMS = √(cell³·ΣA/(3π) + cell²·Σl²/12). Simulated sectors came out at
0.07 to 1.06 times that figure.
With --buildings each view is its 2D visibility polygon (walls opaque and infinitely high; the
arc drawn in 2° steps) instead of the exact sector.
Area sizes (area_m2) are exact for the polygons in the local projection. Incidents in view are
exact: each incident is tested against every camera within range.`

export function parseDori(value: string | undefined): DoriLevel {
  const v = (value ?? DEFAULT_DORI_LEVEL) as DoriLevel
  if (!DORI_LEVELS.includes(v)) throw new CliError(`--dori must be one of ${DORI_LEVELS.join(', ')} (got "${value}")`, 2)
  return v
}

export function onlineKeep(cameras: CameraColumns, onlineOnly: boolean): Uint8Array | undefined {
  if (!onlineOnly) return undefined
  const online = CAMERA_STATUSES.indexOf('online')
  return Uint8Array.from(cameras.status, (s) => (s === online ? 1 : 0))
}

/** Reads the inputs and runs the coverage analysis over `district`. */
export function runCoverage(v: FlagValues, district: AreaSet, log: Log): { result: CoverageResult; incidents: ReturnType<typeof incidentsFromFlags> } {
  const level = parseDori(v.dori as string | undefined)
  const rasterCell = parseNumberFlag('raster', v.raster as string | undefined, 2)
  const gridCell = parseNumberFlag('cell', v.cell as string | undefined, 250)
  const band = parseNumberFlag('band', v.band as string | undefined, 500)
  const cameras = camerasFromFlags(v, log)
  const buildings = buildingsFromFlags(v, log)
  const incidents = incidentsFromFlags(v, log)
  let result: CoverageResult
  try {
    result = cameraCoverage(
      { cameras, district, incidents, buildings },
      { level, rasterCell, gridCell, band, cameraKeep: onlineKeep(cameras, v['online-only'] === true) },
    )
  } catch (err) {
    throw new CliError((err as Error).message, 2)
  }
  const km2 = (m2: number) => (m2 / 1e6).toFixed(3)
  log.info(`${result.views.count} cameras at the ${level} level (${DORI_PX_PER_M[level]} px/m)${buildings ? `, occluded by ${buildings.count} buildings` : ', plain sectors'}`)
  const noHeading = result.withoutHeading
  if (noHeading.length > 0) {
    const listed = noHeading.slice(0, 10).map((i) => cameras.ids[i]).join(', ')
    log.warn(`${noHeading.length} camera(s) without heading, not counted in coverage (fill in their azimuth and run again): ${listed}${noHeading.length > 10 ? ', …' : ''}`)
  }
  log.info(`covered ${km2(result.coveredM2)} km² on ${rasterCell} m cells (expected error ±${km2(result.expectedErrorM2)} km², worst case ≤ ${km2(result.errorBoundM2)} km²; see --help); incidents in view ${(result.inViewRate * 100).toFixed(2)}%`)
  return { result, incidents }
}

export const coverageCommand: Command = {
  name: 'coverage',
  summary: 'Camera coverage per area: covered area and the incidents cameras see.',
  flags: [
    { name: 'areas', type: 'string', arg: 'FILE', required: true, desc: 'areas to report (streets, compounds, grid cells)' },
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV' },
    { name: 'district', type: 'string', arg: 'FILE', desc: 'the district outline that bounds the raster and the grid (default: the areas)' },
    ...COVERAGE_FLAGS,
    ...ID_FIELD_FLAGS,
    ...READING_FLAGS,
  ],
  notes: `${COVERAGE_NOTES}

Output: id,area_m2,covered_m2,fraction,incidents,incidents_covered — one row per area in file
order; fraction = covered_m2 / area_m2; incidents_covered = incidents seen by at least one
camera. stderr gives the district's incidents-in-view rate.`,
  run(v, log) {
    const out = requireFlag('out', v.out as string)
    const areas = areasFromFlags(v, log)
    const district = v.district ? readAreasFile(v.district as string, { crs: parseCrs(v.crs as string | undefined) }, log) : areas
    const { result, incidents } = runCoverage(v, district, log)
    if (result.views.count === 0) throw new CliError('no camera left to compute coverage with (all offline?)')
    const rows = coverageByArea(result, areas, incidents)
    writeCsv(out, ['id', 'area_m2', 'covered_m2', 'fraction', 'incidents', 'incidents_covered'], rows.map((r) => [
      areas.ids[r.area], round(r.areaM2, 1), round(r.coveredM2, 1), round(r.fraction, 4), r.incidents, r.incidentsCovered,
    ]))
    log.info(`${out}: ${areas.count} areas`)
  },
}

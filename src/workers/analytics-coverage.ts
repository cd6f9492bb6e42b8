/**
 * The camera network's coverage: what each camera sees, incidents in view, the gap grid and
 * each reported layer's areas ranked as gaps. The coverage of one request is kept while the
 * data and the request stay the same, so that each camera plan edit (analytics-plans.ts)
 * reuses it.
 */
import type { AreaSet } from '../core/areas'
import { cameraCoverage, coverageByArea } from '../core/camera-coverage'
import { cameraRange } from '../core/camera-model'
import { CAMERA_STATUSES } from '../core/cameras'
import { gapAnalysis } from '../core/coverage-gaps'
import { gapPlace } from '../core/gap-places'
import { cellCentreLonLat } from '../core/square-grid'
import { obstaclesFromAreas } from '../core/visibility'
import type { AnalyticsData, NetworkCoverage } from './analytics-data'
import type { CoverageRequest, CoverageSummary, NetworkRequest } from './contracts'
import { gapCells, viewRings } from './coverage-geometry'

/** The existing network's coverage for `req`, computed once per data version and request. */
export function networkCoverage(d: AnalyticsData, req: NetworkRequest): NetworkCoverage {
  const key = JSON.stringify([d.version, req.level, req.occlusion, req.onlineOnly, req.district, req.rasterCell, req.gridCell, req.band,
    req.categories ?? null, req.period ?? null])
  if (d.network?.key === key) return d.network
  const inc = d.requireIncidents()
  const cameras = d.requireCameras()
  const district = d.requireLayer(req.district).areas
  const buildings: AreaSet | null = req.occlusion ? d.requireLayer('buildings').areas : null
  const online = CAMERA_STATUSES.indexOf('online')
  const keep = d.keep(req)
  const cameraKeep = req.onlineOnly ? Uint8Array.from(cameras.status, (s) => (s === online ? 1 : 0)) : undefined
  const result = cameraCoverage(
    { cameras, district, buildings, incidents: { lon: inc.lon, lat: inc.lat, count: inc.count, keep } },
    { level: req.level, rasterCell: req.rasterCell ?? 2, gridCell: req.gridCell ?? 250, band: req.band ?? 500, cameraKeep },
  )
  const obstacles = buildings ? obstaclesFromAreas(buildings, result.hotspots.grid.proj) : null
  d.network = { key, result, keep, cameraKeep, obstacles, base: null }
  return d.network
}

/** Camera coverage, incidents in view and the gap grid, shaped for drawing. */
export function coverage(d: AnalyticsData, req: CoverageRequest): CoverageSummary {
  const t0 = performance.now()
  const inc = d.requireIncidents()
  const cameras = d.requireCameras()
  const { result: r, keep } = networkCoverage(d, req)
  const { grid } = r.hotspots
  // the layers that name a gap's place, those loaded (a district may have no compounds or key sites)
  const places = { streets: d.layer('streets')?.index, compounds: d.layer('compounds')?.index, keySites: d.layer('keySites')?.areas }
  const areas: CoverageSummary['areas'] = {}
  const areaGaps: CoverageSummary['areaGaps'] = {}
  for (const name of req.report) {
    const layer = d.requireLayer(name)
    const l = layer.areas
    // the layer's cached join, shared with the safety index
    const rows = coverageByArea(r, l, { lon: inc.lon, lat: inc.lat, count: inc.count, keep }, d.assignOf(layer))
    areas[name] = rows.map((row) => ({ ...row, id: l.ids[row.area], name: l.names[row.area] }))
    areaGaps[name] = gapAnalysis({
      incidents: Float64Array.from(rows, (x) => x.incidents),
      unseen: Float64Array.from(rows, (x) => x.incidents - x.incidentsCovered),
      coverage: Float64Array.from(rows, (x) => x.fraction),
    }).slice(0, req.topGaps ?? 20).map((g) => ({
      ...g, id: l.ids[g.unit], name: l.names[g.unit],
      // the bbox centre: enough to fly to an area
      lon: (l.bbox[4 * g.unit] + l.bbox[4 * g.unit + 2]) / 2, lat: (l.bbox[4 * g.unit + 1] + l.bbox[4 * g.unit + 3]) / 2,
    }))
  }
  return {
    cameras: r.views.count,
    occluded: r.rings !== null,
    inViewRate: r.inViewRate,
    coveredM2: r.coveredM2,
    expectedErrorM2: r.expectedErrorM2,
    errorBoundM2: r.errorBoundM2,
    views: viewRings(r),
    cells: gapCells(r),
    gaps: r.gaps.slice(0, req.topGaps ?? 20).map((g) => {
      const [lon, lat] = cellCentreLonLat(grid, g.unit)
      return { ...g, lon, lat, place: gapPlace(lon, lat, places) }
    }),
    gapCount: r.gaps.length,
    blindCells: r.gaps.filter((g) => g.coverage === 0).length,
    areaGaps,
    areas,
    withoutHeading: r.withoutHeading.map((i) => ({ id: cameras.ids[i], lon: cameras.lon[i], lat: cameras.lat[i], range: cameraRange(cameras, i, req.level) })),
    ms: performance.now() - t0,
  }
}

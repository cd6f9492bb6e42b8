/**
 * Camera coverage at city scale: a demo district generated with 20,000 cameras, 20,000
 * buildings and 1,000,000 incidents (geodata/generate-demo.ts, seeded). Each figure has a
 * simple baseline measured in the same run.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { areasFromGeoJson, areaSetBbox } from '../../src/core/areas'
import { cameraViews, inSector, sectorRing } from '../../src/core/camera-model'
import { addSector, areaCoverage, coverageRaster, coveredCells } from '../../src/core/coverage-raster'
import { projectPoints, viewCounts } from '../../src/core/incidents-in-view'
import { gridOverBbox } from '../../src/core/square-grid'
import { obstaclesFromAreas, visibleRings } from '../../src/core/visibility'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { measure, type Row } from './harness'

const RASTER = 2
const NAIVE_CAMERAS = 500
const NAIVE_POINTS = 2_000

export async function run(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-coverage-'))
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'geodata/generate-demo.ts', '--incidents', '1000000', '--cameras', '20000', '--buildings', '20000', '--out', dir], { stdio: 'ignore' })
    const read = (f: string) => readFileSync(join(dir, f))
    const streets = areasFromGeoJson(JSON.parse(read('streets.geojson').toString())).areas
    const compounds = areasFromGeoJson(JSON.parse(read('compounds.geojson').toString())).areas
    const buildings = areasFromGeoJson(JSON.parse(read('buildings.geojson').toString()), { idOptional: true }).areas
    const { cameras } = readCamerasCsv(read('cameras.csv').toString())
    const { columns: inc } = readIncidentsCsv(read('incidents.csv'))
    const grid = gridOverBbox(areaSetBbox(streets)!, 250)
    const proj = grid.proj
    const W = grid.cols * grid.cell, H = grid.rows * grid.cell
    const views = cameraViews(cameras, proj, 'observe')
    const rows: Row[] = []

    // coverage: a naive raster (every cell of every camera's bbox tested with inSector) on 500 cameras, scaled
    const naiveCoverage = `naive raster: per-cell inSector (${NAIVE_CAMERAS} cameras, ×${views.count / NAIVE_CAMERAS})`
    const naive = measure(naiveCoverage, views.count, () => {
      const bits = new Uint8Array(Math.ceil(W / RASTER) * Math.ceil(H / RASTER))
      const cols = Math.ceil(W / RASTER)
      for (let i = 0; i < NAIVE_CAMERAS; i++) {
        const r = views.range[i]
        const c0 = Math.max(0, Math.floor((views.x[i] - r) / RASTER)), c1 = Math.min(cols - 1, Math.floor((views.x[i] + r) / RASTER))
        const r0 = Math.max(0, Math.floor((views.y[i] - r) / RASTER)), r1 = Math.floor((views.y[i] + r) / RASTER)
        for (let row = r0; row <= r1; row++) {
          for (let col = c0; col <= c1; col++) {
            if (inSector(views.x[i], views.y[i], views.azimuth[i], views.fov[i], r, (col + 0.5) * RASTER, (row + 0.5) * RASTER)) bits[row * cols + col] = 1
          }
        }
      }
      return bits
    }, { runs: 3 })
    naive.medianMs *= views.count / NAIVE_CAMERAS
    rows.push(naive)
    rows.push(measure(`coverage: ${views.count.toLocaleString('en')} cameras, ${RASTER} m raster, per street + compound`, views.count, () => {
      const raster = coverageRaster(0, 0, W, H, RASTER)
      for (let i = 0; i < views.count; i++) addSector(raster, views.x[i], views.y[i], views.azimuth[i], views.fov[i], views.range[i])
      areaCoverage(raster, streets, proj)
      areaCoverage(raster, compounds, proj)
      return coveredCells(raster)
    }, { baseline: naiveCoverage, runs: 3, note: (c) => `${(c * RASTER * RASTER / 1e6).toFixed(2)} km² covered of ${(W * H / 1e6).toFixed(0)} km² raster` }))

    // incidents in view: brute force over all cameras on 2,000 incidents, scaled
    const { x, y } = projectPoints(proj, inc.lon, inc.lat, inc.count)
    const naiveView = `brute force: every camera per incident (${NAIVE_POINTS.toLocaleString('en')}, ×${inc.count / NAIVE_POINTS})`
    const brute = measure(naiveView, inc.count, () => {
      let seen = 0
      for (let p = 0; p < NAIVE_POINTS; p++) {
        for (let i = 0; i < views.count; i++) {
          if (inSector(views.x[i], views.y[i], views.azimuth[i], views.fov[i], views.range[i], x[p], y[p])) { seen++; break }
        }
      }
      return seen
    }, { runs: 3 })
    brute.medianMs *= inc.count / NAIVE_POINTS
    rows.push(brute)
    rows.push(measure(`incidents in view: ${inc.count.toLocaleString('en')} × ${views.count.toLocaleString('en')} cameras`, inc.count,
      () => viewCounts(views, x, y, inc.count), {
        baseline: naiveView, runs: 3,
        note: (c) => `in-view rate ${(c.reduce((s, v) => s + (v > 0 ? 1 : 0), 0) / inc.count * 100).toFixed(2)}%`,
      }))

    // occlusion: every 10th camera (2,000) among the 20,000 buildings, against their plain sectors
    const sub = cameraViews(cameras, proj, 'observe', Uint8Array.from({ length: cameras.count }, (_, i) => (i % 10 === 0 ? 1 : 0)))
    const plain = `plain sectors: ${sub.count.toLocaleString('en')} cameras, no walls`
    rows.push(measure(plain, sub.count, () => Array.from({ length: sub.count }, (_, i) => sectorRing(sub.x[i], sub.y[i], sub.azimuth[i], sub.fov[i], sub.range[i], 2)), { runs: 5 }))
    const obstacles = obstaclesFromAreas(buildings, proj)
    rows.push(measure(`occlusion: ${sub.count.toLocaleString('en')} cameras × ${buildings.count.toLocaleString('en')} buildings (visibility polygons)`, sub.count,
      () => visibleRings(obstacles, sub, 2), { baseline: plain, runs: 3, note: () => `${obstacles.count.toLocaleString('en')} wall edges; index build below` }))
    rows.push(measure(`occlusion index: ${buildings.count.toLocaleString('en')} buildings → wall edges`, buildings.count, () => obstaclesFromAreas(buildings, proj), { runs: 3 }))
    return rows
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

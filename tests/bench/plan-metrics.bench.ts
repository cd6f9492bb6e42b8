/**
 * The figures after each hand edit of a camera plan (src/core/plan-metrics.ts) on the demo
 * district generated with 20,000 cameras and 1,000,000 incidents (geodata/generate-demo.ts,
 * seeded): 2 m raster, 250 m gap grid, a street selected. An edit moves one plan camera 15 m
 * and turns it 20°; its row is the median over 25 edits. The baseline, in the same run, is
 * what the edit would cost without a base: cameraCoverage of network + plan and coverageByArea
 * of the streets.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { areasFromGeoJson } from '../../src/core/areas'
import { cameraCoverage, coverageByArea, type CoverageOptions } from '../../src/core/camera-coverage'
import { concatCameraColumns } from '../../src/core/cameras'
import { EARTH_RADIUS_M } from '../../src/core/local-projection'
import { newPlanCamera, planCameraColumns, type PlanCamera } from '../../src/core/plan-cameras'
import { planBase, planMetrics } from '../../src/core/plan-metrics'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { measure, type Row } from './harness'
import { prng } from './make-incidents-csv'

const OPTS: CoverageOptions = { level: 'observe', rasterCell: 2, gridCell: 250, band: 500 }
const EDITS = 25
const PLAN_SIZES = [1, 10, 50]
/** metres per degree of latitude, to nudge a camera by metres */
const M_PER_DEG = (Math.PI * EARTH_RADIUS_M) / 180

export async function run(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-plan-'))
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'geodata/generate-demo.ts', '--incidents', '1000000', '--cameras', '20000', '--out', dir], { stdio: 'ignore' })
    const read = (f: string) => readFileSync(join(dir, f))
    const district = areasFromGeoJson(JSON.parse(read('district.geojson').toString())).areas
    const streets = areasFromGeoJson(JSON.parse(read('streets.geojson').toString())).areas
    const compounds = areasFromGeoJson(JSON.parse(read('compounds.geojson').toString())).areas
    const { cameras } = readCamerasCsv(read('cameras.csv').toString())
    const { columns: inc } = readIncidentsCsv(read('incidents.csv'))
    const incidents = { lon: inc.lon, lat: inc.lat, count: inc.count }
    const coverage = cameraCoverage({ cameras, district, incidents }, OPTS)
    const areas = { streets, compounds }
    const rows: Row[] = []

    rows.push(measure(`planBase once: ${cameras.count.toLocaleString('en')} cameras, ${inc.count.toLocaleString('en')} incidents, ${streets.count} streets + ${compounds.count} compounds`,
      inc.count, () => planBase({ coverage, incidents, areas }), { runs: 3 }))
    const base = planBase({ coverage, incidents, areas })

    // Plan cameras stand where incidents happen (a planner's first guess), mostly bullets.
    const rnd = prng(7)
    const plan: PlanCamera[] = []
    for (let k = 0; k < Math.max(...PLAN_SIZES); k++) {
      const i = Math.floor(rnd() * inc.count)
      plan.push(newPlanCamera(inc.lon[i], inc.lat[i], k % 7 === 0 ? 'dome' : k % 5 === 0 ? 'ptz' : 'bullet', plan.map((c) => c.id), rnd() * 360))
    }
    const selected = { layer: 'streets', index: 0 }

    const full = `baseline: cameraCoverage of network + ${plan.length} plan cameras, coverageByArea of the streets`
    rows.push(measure(full, cameras.count + plan.length, () => {
      const r = cameraCoverage({ cameras: concatCameraColumns(cameras, planCameraColumns(plan)), district, incidents }, OPTS)
      return coverageByArea(r, streets, incidents)
    }, { runs: 3 }))

    for (const size of PLAN_SIZES) {
      const cams = plan.slice(0, size).map((c) => ({ ...c }))
      planMetrics(base, planCameraColumns(cams), OPTS.level, selected) // the street's mask, once per selection
      let edit = 0
      const times: number[] = []
      const row = measure(`planMetrics per edit: plan of ${size} camera${size > 1 ? 's' : ''} (median of ${EDITS} edits)`, size, () => {
        const c = cams[edit % size]
        const east = edit % 2 === 0 ? 15 : -15
        c.lon += east / (M_PER_DEG * Math.cos((c.lat * Math.PI) / 180))
        c.lat += 15 / M_PER_DEG
        c.azimuth = (c.azimuth + 20) % 360
        edit++
        const m = planMetrics(base, planCameraColumns(cams), OPTS.level, selected)
        times.push(m.ms)
        return m
      }, {
        runs: EDITS, baseline: full,
        note: (m) => `+${m.newlyCovered} incidents, ${(m.inViewAfter * 100).toFixed(2)}% in view, blind hot ${m.blindHotBefore} → ${m.blindHotAfter}, ` +
          `street ${(m.area!.before * 100).toFixed(3)} → ${(m.area!.after * 100).toFixed(3)}%; max ${Math.max(...times).toFixed(1)} ms`,
      })
      rows.push(row)
    }

    // Selecting another street builds its mask once (the first edit after the selection pays it):
    // streets 1, 2, … (street 0 is selected above), each for the first time.
    let street = 1
    const ten = planCameraColumns(plan.slice(0, 10))
    rows.push(measure('planMetrics, first edit after selecting another street (builds its area mask): plan of 10', 10,
      () => planMetrics(base, ten, OPTS.level, { layer: 'streets', index: street++ }),
      { runs: streets.count - 1, note: () => `streets 1…${streets.count - 1}, one each` }))
    return rows
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

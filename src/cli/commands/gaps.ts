import { HOTSPOT_CLASS_NAMES, type HotspotClass } from '../../core/getis-ord'
import { cellCentreLonLat, cellCentreX, cellCentreY } from '../../core/square-grid'
import { areasFromFlags, parseNumberFlag, requireFlag, round, writeCsv } from '../cli-io'
import type { Command } from '../command'
import { ID_FIELD_FLAGS, READING_FLAGS } from '../flag-groups'
import { COVERAGE_FLAGS, COVERAGE_NOTES, runCoverage } from './coverage'

const BIVARIATE_NOTE = 'bivariate = hot·3 + covered: hot 0/1/2 = Gi* z below 1.645 / 1.645–2.576 / above 2.576; covered 0/1/2 = covered fraction below 1/3 / below 2/3 / above; 6 = hot and uncovered'

export const gapsCommand: Command = {
  name: 'gaps',
  summary: 'Coverage gaps: grid cells ranked by the incidents no camera sees, with hotspot strength and coverage.',
  flags: [
    { name: 'areas', type: 'string', arg: 'FILE', required: true, desc: 'the district (outline or its streets): the grid covers its extent and cells whose centre is inside' },
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV, ranked gap cells' },
    { name: 'top', type: 'string', arg: 'N', desc: 'write only the first N gaps (default: all with a score above 0)' },
    ...COVERAGE_FLAGS,
    ...ID_FIELD_FLAGS,
    ...READING_FLAGS,
  ],
  notes: `${COVERAGE_NOTES}

Gap score = the incidents in a cell that no camera sees (the incident weight not covered).
${BIVARIATE_NOTE}.
Output: rank,id,x,y,lon,lat,incidents,unseen,coverage,z,hotspot,score,bivariate — id, x, y as in
"hotspots" (cell index, centre in metres of the local projection), ranked by score.`,
  run(v, log) {
    const out = requireFlag('out', v.out as string)
    const top = v.top === undefined ? Infinity : parseNumberFlag('top', v.top as string)
    const district = areasFromFlags(v, log)
    const { result } = runCoverage(v, district, log)
    const { grid, classes } = result.hotspots
    const rows = result.gaps.slice(0, top).map((g, k) => {
      const [lon, lat] = cellCentreLonLat(grid, g.unit)
      return [k + 1, g.unit, round(cellCentreX(grid, g.unit), 1), round(cellCentreY(grid, g.unit), 1), round(lon, 7), round(lat, 7),
        g.incidents, g.unseen, round(g.coverage, 4), round(g.z, 4), HOTSPOT_CLASS_NAMES[classes[g.unit] as HotspotClass], g.score, g.bivariate]
    })
    writeCsv(out, ['rank', 'id', 'x', 'y', 'lon', 'lat', 'incidents', 'unseen', 'coverage', 'z', 'hotspot', 'score', 'bivariate'], rows)
    const hotUncovered = result.gaps.filter((g) => g.bivariate === 6).length
    log.info(`${out}: ${result.gaps.length} cells with unseen incidents, ${hotUncovered} hot (99%) and barely covered`)
  },
}

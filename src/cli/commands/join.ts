import { countByAreaCategory, unassignedCount } from '../../core/area-counts'
import { CATEGORIES } from '../../core/incidents'
import { buildAreaIndex, joinPoints } from '../../core/spatial-join'
import { areasFromFlags, incidentsFromFlags, requireFlag, writeCsv } from '../cli-io'
import type { Command } from '../command'
import { AREA_FIELD_FLAGS, INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS } from '../flag-groups'
import { phase } from '../timings'

export const joinCommand: Command = {
  name: 'join',
  summary: 'Count incidents per area and category (point in polygon through a spatial index).',
  flags: [
    { name: 'areas', type: 'string', arg: 'FILE', required: true, desc: 'areas: GeoJSON FeatureCollection (or DataV array) of Polygon/MultiPolygon' },
    INCIDENTS_FLAG,
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV' },
    ...periodFlags({ from: 'count only incidents at or after this local date (Asia/Shanghai)', to: 'count only incidents before this local date' }),
    ...AREA_FIELD_FLAGS,
    ...READING_FLAGS,
  ],
  notes: `
Output: id,count,${CATEGORIES.join(',')} — one row per area in file order, areas with no
incidents included (zero counts).

Edge rule: a point exactly on a boundary shared by two areas is counted once, in the area
that lies immediately east of it (for an east-west boundary: north of it); decided with exact
orientation predicates, so it holds for any coordinates. Where areas overlap, the one earlier
in the file wins. Incidents in no area are counted on stderr.`,
  run(v, log) {
    const out = requireFlag('out', v.out as string)
    const period = periodFromFlags(v)
    const areas = areasFromFlags(v, log)
    phase('read areas')
    const inc = incidentsFromFlags(v, log)
    phase('read incidents')
    const index = buildAreaIndex(areas)
    phase('index')
    const assign = joinPoints(index, inc.lon, inc.lat, inc.count)
    phase('join')
    const counts = countByAreaCategory(assign, inc.category, inc.count, areas.count, CATEGORIES.length,
      period ? { time: inc.time, from: period.from, to: period.to } : undefined)
    phase('count')
    const nc = CATEGORIES.length
    writeCsv(out, ['id', 'count', ...CATEGORIES], areas.ids.map((id, a) => {
      const row = Array.from(counts.subarray(a * nc, a * nc + nc))
      return [id, row.reduce((s, x) => s + x, 0), ...row]
    }))
    phase('write')
    log.info(`${out}: ${areas.count} areas; ${unassignedCount(assign, inc.count)} of ${inc.count} incidents in no area`)
  },
}

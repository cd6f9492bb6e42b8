import { countByAreaCategory, unassignedCount } from '../../core/area-counts'
import { CATEGORIES } from '../../core/incidents'
import { buildAreaIndex, joinPoints } from '../../core/spatial-join'
import type { Period } from '../../core/periods'
import { areasFromFlags, incidentsFromFlags, requireFlag, writeCsv, type Log } from '../cli-io'
import type { Command, FlagValues } from '../command'
import { AREA_FIELD_FLAGS, INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS, SERVER_FLAGS, SERVER_LAYER_FLAG } from '../flag-groups'
import { openServerSession, serverLayer } from '../server-client'
import { phase } from '../timings'

async function joinOnServer(v: FlagValues, out: string, period: Period | null, log: Log): Promise<void> {
  const layer = serverLayer(v)
  const session = await openServerSession(v, v.server as string)
  const q = new URLSearchParams({ layer })
  if (period) {
    q.set('from', String(period.from))
    q.set('to', String(period.to))
  }
  const rows = await session.call(`/api/districts/${session.district.id}/counts?${q}`) as { id: string; count: number; byCategory: number[] }[]
  phase('server counts')
  writeCsv(out, ['id', 'count', ...CATEGORIES], rows.map((r) => [r.id, r.count, ...r.byCategory]))
  phase('write')
  log.info(`${out}: ${rows.length} areas of layer ${layer} in ${session.district.code}`)
}

export const joinCommand: Command = {
  name: 'join',
  summary: 'Count incidents per area and category (point in polygon through a spatial index).',
  flags: [
    { name: 'areas', type: 'string', arg: 'FILE', desc: 'areas: GeoJSON FeatureCollection (or DataV array) of Polygon/MultiPolygon (required without --server)' },
    { ...INCIDENTS_FLAG, required: false, desc: `${INCIDENTS_FLAG.desc} (required without --server)` },
    SERVER_LAYER_FLAG,
    ...SERVER_FLAGS,
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
in the file wins. Incidents in no area are counted on stderr.

With --server URL --layer NAME the counts come from the server's database (the layer and the
incidents loaded there with \`load\`; the same edge rule assigned them at load): the same
output as on the files.`,
  run(v, log) {
    const out = requireFlag('out', v.out as string)
    const period = periodFromFlags(v)
    if (v.server !== undefined) return joinOnServer(v, out, period, log)
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

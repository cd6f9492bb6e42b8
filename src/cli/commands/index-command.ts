import { areaSafetyIndex, latestTime } from '../../core/area-safety'
import { monthOf, formatLocalDate, previousPeriod, sameperiodLastYear, type Period } from '../../core/periods'
import { DEFAULT_WEIGHTS, validateWeights, type SafetyIndexRow, type SafetyWeights } from '../../core/safety-index'
import { buildAreaIndex, joinPoints } from '../../core/spatial-join'
import {
  CliError, applyPopulationFile, areasFromFlags, incidentsFromFlags, requireFlag, round, writeCsv, type Log,
} from '../cli-io'
import type { Command, FlagValues } from '../command'
import { AREA_FIELD_FLAGS, INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS, SERVER_FLAGS, SERVER_LAYER_FLAG } from '../flag-groups'
import { openServerSession, serverLayer } from '../server-client'
import { phase } from '../timings'

function parseWeights(value: string | undefined): SafetyWeights {
  const w = { ...DEFAULT_WEIGHTS }
  if (!value) return w
  for (const pair of value.split(',')) {
    const [key, num] = pair.split('=').map((s) => s.trim())
    if (!(key === 'case' || key === 'fire' || key === 'problem') || num === undefined || num === '' || !Number.isFinite(Number(num))) {
      throw new CliError(`--weights: "${pair}" is not case=N, fire=N or problem=N`, 2)
    }
    w[key] = Number(num)
  }
  try {
    return validateWeights(w)
  } catch (err) {
    throw new CliError(`--weights: ${(err as Error).message}`, 2)
  }
}

const span = (p: Period) => `${formatLocalDate(p.from)} – ${formatLocalDate(p.to)}`

type NamedRow = Omit<SafetyIndexRow, 'area'> & { id: string; name: string }

/** The one writer of the output, for files and server alike, so the two cannot drift apart. */
function writeIndex(out: string, rows: NamedRow[], period: Period, log: Log): void {
  writeCsv(out, ['id', 'name', 'population', 'case', 'fire', 'problem', 'per10k', 'rank', 'mom', 'yoy'], rows.map((r) => [
    r.id, r.name, r.population, r.case, r.fire, r.problem,
    round(r.per10k, 4), r.rank, round(r.mom, 4), round(r.yoy, 4),
  ]))
  phase('write')
  const unranked = rows.filter((r) => r.rank === null).length
  log.info(`${out}: period ${span(period)}, 环比 base ${span(previousPeriod(period))}, 同比 base ${span(sameperiodLastYear(period))}`)
  log.info(`${out}: ${rows.length - unranked} areas ranked${unranked ? `, ${unranked} without population (not ranked)` : ''}`)
}

async function indexOnServer(v: FlagValues, out: string, period: Period | null, weights: SafetyWeights, log: Log): Promise<void> {
  const layer = serverLayer(v)
  const session = await openServerSession(v, v.server as string)
  const q = new URLSearchParams({ layer, weights: `case=${weights.case},fire=${weights.fire},problem=${weights.problem}` })
  if (period) {
    q.set('from', String(period.from))
    q.set('to', String(period.to))
  }
  const answer = await session.call(`/api/districts/${session.district.id}/safety-index?${q}`) as { period: Period | null; rows: NamedRow[] }
  phase('server safety index')
  if (!answer.period) throw new CliError('no incident has a time: give --from and --to')
  writeIndex(out, answer.rows, answer.period, log)
}

export const indexCommand: Command = {
  name: 'index',
  summary: 'Safety index (平安指数) per area for a period: weighted alerts per 10,000 residents, ranked.',
  flags: [
    { name: 'areas', type: 'string', arg: 'FILE', desc: 'areas GeoJSON with a population property (streets, compounds, grid cells, key sites; required without --server)' },
    { ...INCIDENTS_FLAG, required: false, desc: `${INCIDENTS_FLAG.desc} (required without --server)` },
    SERVER_LAYER_FLAG,
    ...SERVER_FLAGS,
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV' },
    ...periodFlags({
      from: 'period start, local date (default: the first of the month of the latest incident)',
      to: 'period end, exclusive (default: the first of the next month)',
    }),
    { name: 'population', type: 'string', arg: 'FILE', desc: 'population CSV area_id,population (also id / 人口 / 实有人口 headers); replaces the areas\' population property' },
    { name: 'weights', type: 'string', arg: 'case=N,fire=N,problem=N', desc: `indicator weights (default case=${DEFAULT_WEIGHTS.case},fire=${DEFAULT_WEIGHTS.fire},problem=${DEFAULT_WEIGHTS.problem})` },
    ...AREA_FIELD_FLAGS,
    ...READING_FLAGS,
  ],
  notes: `
Formula: per10k = (w_case·(criminal + public_order) + w_fire·fire + w_problem·problem)
                  / population × 10,000
rank 1 = lowest per10k (safest); equal values share a rank (1,2,2,4). Areas without a
population (missing, 0 or negative) get no per10k and no rank and are listed last.
mom (环比) = per10k / per10k of the previous period − 1; yoy (同比) = per10k / per10k of
the same period a year earlier − 1; both as fractions (−0.125 = −12.5%), empty when the base
is 0 or missing. Whole calendar months shift by calendar months; other ranges by their length
(环比) and by one calendar year (同比). Dates are Asia/Shanghai local dates; the period is
[from, to).

Output: id,name,population,case,fire,problem,per10k,rank,mom,yoy in rank order.

With --server URL --layer NAME the index is the server's, over the layer, its population and
the incidents loaded there with \`load\` (counted in the database): the same output as on the
files.`,
  run(v, log) {
    const weights = parseWeights(v.weights as string | undefined)
    const out = requireFlag('out', v.out as string)
    let period = periodFromFlags(v)
    if (v.server !== undefined) return indexOnServer(v, out, period, weights, log)
    const areas = areasFromFlags(v, log)
    if (v.population) applyPopulationFile(v.population as string, areas, v.strict === true, log)
    phase('read areas')
    const inc = incidentsFromFlags(v, log)
    phase('read incidents')
    if (!period) {
      const t = latestTime(inc.time, inc.count)
      if (t === null) throw new CliError('no incident has a time: give --from and --to')
      period = monthOf(t)
    }
    const index = buildAreaIndex(areas)
    phase('index')
    const assign = joinPoints(index, inc.lon, inc.lat, inc.count)
    phase('join')
    const rows = areaSafetyIndex({
      assign, category: inc.category, time: inc.time, count: inc.count, population: areas.population, period, weights,
    })
    phase('safety index')
    writeIndex(out, rows.map((r) => ({ ...r, id: areas.ids[r.area], name: areas.names[r.area] })), period, log)
  },
}

import { buildAreaIndex, joinPoints } from '../../core/spatial-join'
import { DEFAULT_NIGHT, monthlyTrend, nightShare, timeProfile, type NightHours } from '../../core/time-profile'
import {
  CliError, areasFromFlags, categoryKeep, incidentsFromFlags, requireFlag, round, writeCsv,
} from '../cli-io'
import type { Command } from '../command'
import { ID_FIELD_FLAGS, INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS } from '../flag-groups'

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const HOURS = Array.from({ length: 24 }, (_, h) => `h${String(h).padStart(2, '0')}`)

function parseNight(value: string | undefined): NightHours {
  if (!value) return DEFAULT_NIGHT
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(value.trim())
  const start = m ? Number(m[1]) : NaN, end = m ? Number(m[2]) : NaN
  if (!(start >= 0 && start <= 23 && end >= 0 && end <= 23 && start !== end)) {
    throw new CliError(`--night must be START-END hours, e.g. 18-6 (got "${value}")`, 2)
  }
  return { start, end }
}

export const profileCommand: Command = {
  name: 'profile',
  summary: 'Time profiles: hour-of-day × weekday counts per area, night share and monthly trend.',
  flags: [
    INCIDENTS_FLAG,
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV: hour × weekday matrix, 7 rows per area' },
    { name: 'summary', type: 'string', arg: 'FILE', desc: 'also write id,total,night,night_share,trend_per_month,trend_relative,spread and one column per month' },
    { name: 'areas', type: 'string', arg: 'FILE', desc: 'profile each of these areas (default: the whole file as one area "all")' },
    { name: 'category', type: 'string', arg: 'CAT,...', desc: 'count only these categories' },
    ...periodFlags(),
    { name: 'night', type: 'string', arg: 'START-END', desc: `night hours, local time, wrapping midnight (default ${DEFAULT_NIGHT.start}-${DEFAULT_NIGHT.end}: ${DEFAULT_NIGHT.start}:00 to ${DEFAULT_NIGHT.end}:00)` },
    ...ID_FIELD_FLAGS,
    ...READING_FLAGS,
  ],
  notes: `
Hours and weekdays are Asia/Shanghai local time; weekday mon..sun (ISO order).
Output: id,weekday,h00..h23,total — 7 rows per area.
Summary: night_share = night / total; trend_per_month = least-squares slope of the monthly
counts (incidents per month, per month); trend_relative = slope / mean monthly count.

Uncertain times (aoristic): an incident whose file gives a window end (time_to, 发案时间止,
to, end_time) is known only to lie in [time, time_to). It is spread over its window: each
hour, night and month gets the share of the window it holds (22:00–07:00 adds 1/9 to each of
nine hours), so counts may have decimals; a row without an end (or end = start) counts 1 at
its time as before. With --from/--to a window counts the share inside the period.
spread = how many of the counted incidents were spread over a window.`,
  run(v, log) {
    const out = requireFlag('out', v.out as string)
    const period = periodFromFlags(v)
    const night = parseNight(v.night as string | undefined)
    const areas = v.areas ? areasFromFlags(v, log) : null
    const inc = incidentsFromFlags(v, log)
    const keep = categoryKeep(v.category as string | undefined, inc)
    const assign = areas ? joinPoints(buildAreaIndex(areas), inc.lon, inc.lat, inc.count) : new Int32Array(inc.count)
    const ids = areas ? areas.ids : ['all']
    const p = timeProfile(assign, inc.time, inc.count, ids.length, { keep, night, from: period?.from, to: period?.to, timeTo: inc.timeTo })
    // spread incidents give shares of an incident: 4 decimals, whole counts print as before
    const r4 = (x: number) => round(x, 4)
    const rows: (string | number | null)[][] = []
    ids.forEach((id, a) => {
      for (let d = 0; d < 7; d++) {
        const base = a * 168 + d * 24
        const hours = Array.from(p.hourWeekday.subarray(base, base + 24))
        rows.push([id, WEEKDAYS[d], ...hours.map(r4), r4(hours.reduce((s, x) => s + x, 0))])
      }
    })
    writeCsv(out, ['id', 'weekday', ...HOURS, 'total'], rows)
    if (v.summary) {
      const m = p.months.length
      writeCsv(v.summary as string, ['id', 'total', 'night', 'night_share', 'trend_per_month', 'trend_relative', 'spread', ...p.months],
        ids.map((id, a) => {
          const t = monthlyTrend(p, a)
          return [id, r4(p.total[a]), r4(p.night[a]), round(nightShare(p, a), 4), round(t.slope, 3), round(t.relative, 4), p.spread[a],
            ...Array.from(p.monthly.subarray(a * m, a * m + m), r4)]
        }))
    }
    const total = p.total.reduce((s, x) => s + x, 0)
    const nightTotal = p.night.reduce((s, x) => s + x, 0)
    const spread = p.spread.reduce((s, x) => s + x, 0)
    log.info(`${out}: ${ids.length} areas, ${r4(total)} incidents, night (${night.start}:00–${night.end}:00) share ${total ? (nightTotal / total * 100).toFixed(1) : '–'}%` +
      (spread > 0 ? `; ${spread} spread over their time window` : ''))
  },
}

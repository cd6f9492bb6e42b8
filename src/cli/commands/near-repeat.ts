import { writeFileSync } from 'node:fs'
import {
  knoxTest, nearRepeatWindow, ROLE_NAMES, type KnoxTable,
} from '../../core/near-repeat'
import { packedString, type IncidentColumns } from '../../core/incidents'
import { riskZonePolygon } from '../../core/near-repeat-zone'
import { parseLocalDate, SHANGHAI_OFFSET_MS } from '../../core/periods'
import {
  CliError, categoryKeep, incidentsFromFlags, parseNumberFlag, periodKeep, requireFlag, round, significant, writeCsv,
} from '../cli-io'
import type { Command, Log } from '../command'
import { INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS } from '../flag-groups'
import { phase } from '../timings'

function edgesFlag(name: string, value: string | undefined, fallback: string): number[] {
  const edges = (value ?? fallback).split(',').map((s) => Number(s.trim()))
  if (edges.some((e) => !Number.isFinite(e))) throw new CliError(`--${name}: "${value}" is not a list of numbers`, 2)
  return edges
}

function wholeFlag(name: string, value: string | undefined, fallback: number, min: number): number {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isInteger(n) || n < min) throw new CliError(`--${name} must be a whole number ≥ ${min} (got "${value}")`, 2)
  return n
}

/** Rows whose subtype label is one of `value`'s (and that `keep` keeps). */
function subtypeKeep(value: string | undefined, inc: IncidentColumns, keep?: Uint8Array): Uint8Array | undefined {
  if (!value) return keep
  const names = value.split(',').map((x) => x.trim())
  const unknown = names.filter((x) => !inc.subtypes.includes(x))
  if (unknown.length === names.length) throw new CliError(`--subtype: no incident has subtype ${unknown.map((x) => `"${x}"`).join(', ')} (there are ${inc.subtypes.slice(0, 12).join(', ')}${inc.subtypes.length > 12 ? ', …' : ''})`)
  const codes = new Set(names.map((x) => inc.subtypes.indexOf(x)))
  return Uint8Array.from({ length: inc.count }, (_, i) => ((!keep || keep[i]) && codes.has(inc.subtype[i]) ? 1 : 0))
}

/** Local (Asia/Shanghai) time YYYY-MM-DDThh:mm:ss, as the importer reads it back. */
const localTime = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)

function printTable(t: KnoxTable, log: Log): void {
  const nt = t.dayEdges.length - 1
  const head = ['metres \\ days', ...t.dayEdges.slice(0, -1).map((d, k) => `${d}–${t.dayEdges[k + 1]}`)]
  const lines = t.distanceEdges.slice(0, -1).map((d, i) => [
    `${d}–${t.distanceEdges[i + 1]}`,
    ...Array.from({ length: nt }, (_, k) => {
      const c = i * nt + k
      const mark = t.p[c] < 0.01 ? '**' : t.p[c] < 0.05 ? '*' : ''
      return `${t.observed[c]} ${Number.isNaN(t.ratio[c]) ? '–' : t.ratio[c].toFixed(2)}${mark}`
    }),
  ])
  const w = head.map((h, k) => Math.max(h.length, ...lines.map((l) => l[k].length)))
  for (const l of [head, ...lines]) log.info('  ' + l.map((x, k) => x.padEnd(w[k])).join('  '))
}

export const nearRepeatCommand: Command = {
  name: 'near-repeat',
  summary: 'Near-repeat analysis (Knox test): pairs by distance × time band against random timing, roles, risk zone.',
  flags: [
    INCIDENTS_FLAG,
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV, one row per distance band × time band' },
    { name: 'distance-bands', type: 'string', arg: 'M,M,...', desc: 'distance band edges in metres, increasing (default 0,100,200,300,400)' },
    { name: 'time-bands', type: 'string', arg: 'D,D,...', desc: 'time band edges in days, increasing (default 0,7,14,21,28)' },
    { name: 'permutations', type: 'string', arg: 'N', desc: 'Monte Carlo permutations of the times (default 999)' },
    { name: 'seed', type: 'string', arg: 'N', desc: 'seed of the permutations (default 1): the same seed gives the same table' },
    { name: 'category', type: 'string', arg: 'CAT,...', desc: 'analyse only these categories (criminal,public_order,fire,problem,other)' },
    { name: 'subtype', type: 'string', arg: 'NAME,...', desc: 'analyse only these subtypes (the file\'s subtype labels, e.g. burglary)' },
    ...periodFlags({ from: 'analyse only incidents from this local date (inclusive)', to: 'until this local date (exclusive)' }),
    { name: 'roles-out', type: 'string', arg: 'FILE', desc: 'write the incidents of the recent window with their role: id,lon,lat,time,role' },
    { name: 'zone-out', type: 'string', arg: 'FILE', desc: 'write the risk zone as GeoJSON: the union of the circles, with radius_m, from and to' },
    { name: 'as-of', type: 'string', arg: 'YYYY-MM-DD[THH:MM]', desc: 'end of the recent window, local time (default: the latest analysed incident)' },
    { name: 'window', type: 'string', arg: 'DAYS', desc: 'the recent window of --roles-out and the risk zone (default: the significant days)' },
    ...READING_FLAGS,
  ],
  notes: `
Pairs: every pair of analysed incidents (kept by --category, --subtype and --from/--to, with
a position and a time) is counted in distance band [from, to) × time band [from, to) when
from ≤ value < to. Distance: metres on the WGS-84 ellipsoid, by the local ellipsoidal
approximation at the pair's mid latitude φm (dy = M(φm)·Δφ, dx = N(φm)·cos φm·Δλ with the
meridian and prime-vertical radii of curvature), within 0.1 mm of the geodesic up to 2 km.
Time: days = |Δt| / 86,400 s. Several records of one event (one per victim) are pairs at 0 m
and 0 days: a first time edge above 0 (e.g. 0.001 days, 86 s) leaves them out of the table.

Expected: the times are shuffled over the places (Fisher–Yates, mulberry32 seeded by --seed)
--permutations times and the table recounted; expected = the mean count. ratio = observed /
expected (empty when expected is 0). p = (1 + number of permutations with a count ≥ the
observed) / (permutations + 1): one-sided, the smallest possible is 1/(permutations + 1).
This is the Near Repeat Calculator's method (Ratcliffe 2009). The pairs closer than the last
distance edge are found once (grid index); each permutation re-bins only their time gaps.

Output: distance_from,distance_to,days_from,days_to,observed,expected,ratio,p per cell.

Significant distance: the upper edge of the furthest distance band such that every band from
the nearest up to it has, in the first time band, p < 0.05 and ratio > 1 (none when the
nearest is not). Significant days: likewise over the time bands of the first distance band.

Roles (--roles-out): over all analysed incidents, a pair closer than the significant distance
and the significant days makes its earlier incident an originator and its later one a
near_repeat (a near repeat that is followed too stays near_repeat; equal times: the earlier
row is the earlier); isolated: neither. Without a significant distance or days, the first
band's upper edges are used (and said). The file lists the incidents of the recent window:
the last --window days up to the latest analysed incident or --as-of, (end − days, end].

Risk zone: circles of the significant distance around the incidents of the window; printed
as their number and radius; --zone-out writes their union (48-gons inscribed in the circles,
on the ellipsoid as above) as GeoJSON.`,
  run(v, log) {
    const out = requireFlag('out', v.out as string)
    const distanceEdges = edgesFlag('distance-bands', v['distance-bands'] as string | undefined, '0,100,200,300,400')
    const dayEdges = edgesFlag('time-bands', v['time-bands'] as string | undefined, '0,7,14,21,28')
    const permutations = wholeFlag('permutations', v.permutations as string | undefined, 999, 1)
    const seed = wholeFlag('seed', v.seed as string | undefined, 1, 0)
    const period = periodFromFlags(v)
    const asOf = v['as-of'] === undefined ? undefined : parseLocalDate(v['as-of'] as string)
    if (Number.isNaN(asOf)) throw new CliError(`--as-of is not a date YYYY-MM-DD[THH:MM] (got "${v['as-of']}")`, 2)
    const windowDays = v.window === undefined ? undefined : parseNumberFlag('window', v.window as string)
    const inc = incidentsFromFlags(v, log)
    phase('read incidents')
    const keep = periodKeep(inc, period, subtypeKeep(v.subtype as string | undefined, inc, categoryKeep(v.category as string | undefined, inc)))
    let r
    try {
      r = knoxTest(inc.lon, inc.lat, inc.time, inc.count, { distanceEdges, dayEdges, permutations, seed, keep })
    } catch (err) {
      throw new CliError((err as Error).message, 2)
    }
    phase('Knox test')
    const { table, pairs } = r
    const nt = dayEdges.length - 1
    const rows: (string | number | null)[][] = []
    for (let d = 0; d + 1 < distanceEdges.length; d++) {
      for (let t = 0; t < nt; t++) {
        const c = d * nt + t
        rows.push([distanceEdges[d], distanceEdges[d + 1], dayEdges[t], dayEdges[t + 1], table.observed[c],
          round(table.expected[c], 4), Number.isNaN(table.ratio[c]) ? null : round(table.ratio[c], 4), significant(table.p[c], 6)])
      }
    }
    writeCsv(out, ['distance_from', 'distance_to', 'days_from', 'days_to', 'observed', 'expected', 'ratio', 'p'], rows)
    phase('write')
    log.info(`${out}: ${table.incidents} incidents, ${table.closePairs} pairs closer than ${distanceEdges.at(-1)} m, ${permutations} permutations (seed ${seed})`)
    log.info('observed and Knox ratio per cell (* p < 0.05, ** p < 0.01):')
    printTable(table, log)
    const { distance, days } = table.significant
    log.info(`significant distance: ${distance === null ? 'none' : `${distance} m`}; significant days: ${days === null ? 'none' : days}`)
    if (table.incidents === 0) return

    const w = nearRepeatWindow(table, pairs, inc.count, windowDays, asOf)
    const { zone, roles } = w
    if (w.fallback) log.warn(`roles and risk zone: no significant ${distance === null ? 'distance' : 'days'}; using the first bands, ${w.distance} m and ${w.days} days`)
    log.info(`risk zone: ${zone.rows.length} incidents of ${localTime(zone.from)} – ${localTime(zone.to)} (the last ${windowDays ?? w.days} days), radius ${w.distance} m`)
    if (v['zone-out']) {
      const shape = riskZonePolygon(inc.lon, inc.lat, zone.rows, w.distance)
      const properties = { radius_m: w.distance, from: localTime(zone.from), to: localTime(zone.to), incidents: zone.rows.length }
      writeFileSync(v['zone-out'] as string, JSON.stringify({ type: 'FeatureCollection', features: shape ? [{ ...shape, properties }] : [] }))
      log.info(`${v['zone-out']}: risk zone, ${zone.rows.length} circles of ${w.distance} m`)
    }
    if (v['roles-out']) {
      const tally = [0, 0, 0]
      const roleRows = [...zone.rows].map((i) => {
        tally[roles[i]]++
        return [packedString(inc.id, i), round(inc.lon[i], 7), round(inc.lat[i], 7), localTime(inc.time[i]), ROLE_NAMES[roles[i]]]
      })
      writeCsv(v['roles-out'] as string, ['id', 'lon', 'lat', 'time', 'role'], roleRows)
      log.info(`${v['roles-out']}: ${ROLE_NAMES.map((n, k) => `${n} ${tally[k]}`).join(', ')} (pairs within ${w.distance} m and ${w.days} days)`)
    }
  },
}

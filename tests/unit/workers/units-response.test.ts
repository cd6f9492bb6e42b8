import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { worstGroups } from '../../../src/core/unit-arrivals'
import { AnalyticsSession } from '../../../src/workers/analytics-session'
import { cliSync as cli, csvRows as csvArrays } from '../cli/run-cli'

const DEMO = join(resolve(__dirname, '../../..'), 'geodata/demo')
const demo = (f: string) => JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as FeatureCollection
const round = (x: number, d: number) => (Number.isFinite(x) ? String(Number(x.toFixed(d))) : '')

describe('the desk\'s response to the units\' day', () => {
  it('gives the figures of `response` on the demo-units file and that day\'s incidents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pingan-resp-'))
    // the day's alerts, picked by their local time as the demo file writes it: an oracle independent of the desk's day
    const csv = readFileSync(join(DEMO, 'incidents.csv'), 'utf8').split('\n')
    const day = csv.filter((l) => l.split(',')[1]?.startsWith('2025-12-31T'))
    writeFileSync(join(dir, 'day.csv'), [csv[0], ...day].join('\n'))
    expect(cli('demo-units', '--out', join(dir, 'units.csv')).code).toBe(0)
    const run = cli('response', '--incidents', join(dir, 'day.csv'), '--units', join(dir, 'units.csv'), '--out', join(dir, 'resp.csv'), '--summary', join(dir, 'sum.csv'))
    expect(run.code, run.err).toBe(0)
    const [head, ...rows] = csvArrays(join(dir, 'sum.csv'))
    const sum = rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])))

    const s = new AnalyticsSession()
    s.setIncidents(readIncidentsCsv(readFileSync(join(DEMO, 'incidents.csv'))).columns)
    s.setFeatures('district', demo('district.geojson'))
    s.setFeatures('roads', demo('roads.geojson'))
    s.setFeatures('keySites', demo('key_sites.geojson'))
    s.demoUnitTracks()
    const r = s.unitResponse(NO_FILTER)
    const line = (group: string, g: { key: string; alerts: number; arrived: number; noArrival: number; withinTarget: number; shareWithin: number; medianS: number; p90S: number; histogram: number[] }) => ({
      group, key: g.key, alerts: String(g.alerts), arrived: String(g.arrived), no_arrival: String(g.noArrival), within_target: String(g.withinTarget),
      share_within: round(g.shareWithin, 3), median_s: round(g.medianS, 0), p90_s: round(g.p90S, 0), bins: g.histogram.join(' '),
    })
    expect(r.all!.alerts).toBe(day.length)
    expect(r.all!.arrived).toBeGreaterThan(day.length / 2)
    expect([line('all', r.all!)]).toEqual(sum.filter((x) => x.group === 'all'))
    expect(r.byGrid.map((g) => line('grid', g))).toEqual(sum.filter((x) => x.group === 'grid'))
    expect(r.byPlace.map((g) => line('place', g))).toEqual(sum.filter((x) => x.group === 'place'))
    // every grid with alerts is drawn
    const ids = new Set(r.grids.features.map((f) => f.properties?.id))
    for (const g of r.byGrid) expect(ids.has(g.key)).toBe(true)

    // a filter keeps fewer alerts: only the fires
    const fires = s.unitResponse({ ...NO_FILTER, categories: [2] })
    expect(fires.all?.alerts ?? 0).toBe(day.filter((l) => l.split(',')[2] === 'fire').length)
  }, 120_000)
})

describe('worstGroups', () => {
  const g = (key: string, shareWithin: number, noArrival: number, alerts: number) =>
    ({ key, shareWithin, noArrival, alerts, arrived: alerts - noArrival, withinTarget: 0, medianS: NaN, p90S: NaN, histogram: [], lon: 0, lat: 0 })
  it('lowest share within target first, then most alerts without an arrival', () => {
    const list = [g('a', 0.9, 0, 10), g('b', 0.2, 1, 5), g('c', 0.2, 3, 5), g('d', 0.5, 0, 2)]
    expect(worstGroups(list, 3).map((x) => x.key)).toEqual(['c', 'b', 'd'])
  })
})

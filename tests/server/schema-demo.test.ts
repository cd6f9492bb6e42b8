import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../src/core/areas'
import { countByAreaCategory } from '../../src/core/area-counts'
import { CATEGORIES } from '../../src/core/incidents'
import { buildAreaIndex, joinPoints } from '../../src/core/spatial-join'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { countByArea } from '../../src/server/area-counts'
import { asOwner } from '../../src/server/db'
import { DEMO_AREA_FILES, DEMO_DIR, seedDemoIfEmpty } from '../../src/server/demo-seed'
import { migrate, readMigrations } from '../../src/server/migrate'
import { freshDatabase, type TestDb } from './db'

let t: TestDb
let districtId: number

beforeAll(async () => {
  t = await freshDatabase('demo')
  expect(await asOwner(t.db, (c) => seedDemoIfEmpty(c))).toBe(true)
  districtId = (await t.db.query('select id from districts where code = $1', ['demo'])).rows[0].id
})
afterAll(() => t.close())

/** The core on the demo's source files, as the CLI's join computes it. */
function coreCounts(areaFile: string) {
  const areas = areasFromGeoJson(JSON.parse(readFileSync(join(DEMO_DIR, areaFile), 'utf8'))).areas
  const inc = readIncidentsCsv(readFileSync(join(DEMO_DIR, 'incidents.csv'))).columns
  const assign = joinPoints(buildAreaIndex(areas), inc.lon, inc.lat, inc.count)
  return { areas, inc, counts: countByAreaCategory(assign, inc.category, inc.count, areas.count, CATEGORIES.length) }
}

describe('schema and demo district', () => {
  it('names the demo district in Chinese, as the header of the Chinese UI shows it', async () => {
    const { rows } = await t.db.query<{ name: string }>('select name from districts where id = $1', [districtId])
    expect(rows[0].name).toMatch(/潍城区/)
    expect(rows[0].name).not.toMatch(/[A-Za-z]/)
  })

  it('migrations are recorded once and a second run applies nothing', async () => {
    const c = await t.db.connect()
    try {
      expect(await migrate(c)).toEqual([])
      const { rows } = await c.query('select version from schema_migrations order by version')
      expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version))
    } finally {
      c.release()
    }
  })

  it('a seeded database is not seeded again', async () => {
    expect(await asOwner(t.db, (c) => seedDemoIfEmpty(c))).toBe(false)
    expect((await t.db.query('select count(*)::int as n from incidents')).rows[0].n).toBe(200_000)
  })

  for (const [layer, file] of DEMO_AREA_FILES) {
    it(`counts per ${layer} equal the core's join of incidents.csv and ${file}`, async () => {
      const core = coreCounts(file)
      const rows = await countByArea(t.db, { districtId, layer })
      expect(rows.map((r) => r.id)).toEqual(core.areas.ids)
      const nc = CATEGORIES.length
      expect(rows.map((r) => r.byCategory)).toEqual(core.areas.ids.map((_, a) => Array.from(core.counts.subarray(a * nc, a * nc + nc))))
      // not vacuous: the demo's incidents do fall in these areas
      expect(rows.reduce((s, r) => s + r.count, 0)).toBeGreaterThan(1000)
    })
  }

  it('counts for a period and categories equal the core with the same period filter', async () => {
    const core = coreCounts('streets.geojson')
    const from = Date.parse('2024-03-01T00:00:00+08:00'), to = Date.parse('2024-04-01T00:00:00+08:00')
    const assign = joinPoints(buildAreaIndex(core.areas), core.inc.lon, core.inc.lat, core.inc.count)
    const counts = countByAreaCategory(assign, core.inc.category, core.inc.count, core.areas.count, CATEGORIES.length, { time: core.inc.time, from, to })
    const rows = await countByArea(t.db, { districtId, layer: 'street', from, to, categories: [0, 2] })
    const nc = CATEGORIES.length
    expect(rows.map((r) => r.count)).toEqual(core.areas.ids.map((_, a) => counts[a * nc] + counts[a * nc + 2]))
    expect(rows.reduce((s, r) => s + r.count, 0)).toBeGreaterThan(0)
  })
})

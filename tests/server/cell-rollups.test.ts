/**
 * The cell rollups (migration 011) behind the incident tiles: a tile read from the rollups for
 * the whole months of its period and from the incidents for the rest must be the tile counted
 * from the incidents alone (incidentTile's `raw`), cell by cell (its hexagon, n and c0..c4), on
 * the demo and after a live insert, an update moving an incident in space and time, and a
 * delete; the rollups kept by the triggers must equal the rollups counted again from scratch.
 */
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asOwner } from '../../src/server/db'
import { seedDemoIfEmpty } from '../../src/server/demo-seed'
import { hexEdge, incidentTile, tileSources, TILE_MAX_ZOOM, TILE_MIN_ZOOM, type TileFilter } from '../../src/server/incident-tiles'
import { parseLocalDate } from '../../src/core/periods'
import { freshDatabase, type TestDb } from './db'
import { tilesOver } from './tile-grid'

let t: TestDb
let demo: number

const DEMO_BOX: [number, number, number, number] = [118.94, 36.58, 119.11, 36.83]

beforeAll(async () => {
  t = await freshDatabase('cells')
  await asOwner(t.db, async (c) => {
    await seedDemoIfEmpty(c)
    demo = (await c.query("select id from districts where code = 'demo'")).rows[0].id
  })
  await t.db.query('analyze incidents')
})
afterAll(async () => {
  await t?.close()
})

/** a tile's cells as sorted 'ring | n c0..c4' lines: two tiles are the same when these are */
function cellsOf(bytes: Buffer): string[] {
  if (bytes.length === 0) return []
  const layer = new VectorTile(new PbfReader(bytes)).layers.incidents
  const out: string[] = []
  for (let k = 0; k < layer.length; k++) {
    const f = layer.feature(k)
    const p = f.properties
    out.push(`${JSON.stringify(f.loadGeometry())} | ${p.n} ${p.c0} ${p.c1} ${p.c2} ${p.c3} ${p.c4}`)
  }
  return out.sort()
}

/** every tile over the demo at zoom z, from the rollups and from the incidents; the cells and n compared */
async function compare(z: number, filter: TileFilter): Promise<{ tiles: number; cells: number; n: number }> {
  let cells = 0, n = 0, tiles = 0
  await asOwner(t.db, async (c) => {
    for (const [x, y] of tilesOver(DEMO_BOX, z)) {
      const q = { ...filter, z, x, y }
      const fast = cellsOf(await incidentTile(c, q))
      const raw = cellsOf(await incidentTile(c, q, { raw: true }))
      expect(fast, `${z}/${x}/${y} ${JSON.stringify(filter)}`).toEqual(raw)
      if (raw.length > 0) tiles++
      cells += raw.length
      n += raw.reduce((s, l) => s + Number(l.split(' | ')[1].split(' ')[0]), 0)
    }
  })
  return { tiles, cells, n }
}

// months of the demo (2024-2025) with partial months at both ends, and whole months only
const PARTIAL = { from: parseLocalDate('2024-03-10T12:30'), to: parseLocalDate('2024-08-20') }
const WHOLE = { from: parseLocalDate('2024-03'), to: parseLocalDate('2024-06') }

describe('cell rollups', () => {
  it('say which parts of a period come from the rollups and which from the incidents', () => {
    expect(tileSources(WHOLE)).toEqual({ raw: [], months: ['2024-03-01', '2024-06-01'] })
    expect(tileSources(PARTIAL)).toEqual({ raw: [[PARTIAL.from, parseLocalDate('2024-04')], [parseLocalDate('2024-08'), PARTIAL.to]], months: ['2024-04-01', '2024-08-01'] })
    expect(tileSources({})).toEqual({ raw: [], months: [null, null] })
    // inside one month: no whole month, the incidents only
    const inJune = { from: parseLocalDate('2024-06-03'), to: parseLocalDate('2024-06-20') }
    expect(tileSources(inJune)).toEqual({ raw: [[inJune.from, inJune.to]], months: null })
    // hours or weekdays: the rollups have neither
    expect(tileSources({ ...WHOLE, hours: 1 })).toEqual({ raw: [[WHOLE.from, WHOLE.to]], months: null })
    expect(tileSources({ ...WHOLE, weekdays: 1 })).toEqual({ raw: [[WHOLE.from, WHOLE.to]], months: null })
  })

  it("compute the hexagon's edge in SQL as the server does", async () => {
    for (let z = TILE_MIN_ZOOM; z <= TILE_MAX_ZOOM; z++) {
      const { rows } = await t.db.query<{ e: number }>('select pingan_hex_edge($1) as e', [z])
      expect(rows[0].e).toBe(hexEdge(z))
    }
  })

  it('give the tiles counted from the incidents, cell by cell, under every kind of period and filter', async () => {
    const all = await compare(8, {})
    console.log(`    z8, all: ${all.tiles} tiles, ${all.cells} cells, n = ${all.n}`)
    expect(all.n).toBe(200_000)
    const cases: [number, TileFilter][] = [[10, PARTIAL], [13, PARTIAL], [11, WHOLE], [12, { from: PARTIAL.from }], [9, { to: PARTIAL.to, categories: [0, 3] }]]
    for (const [z, f] of cases) {
      const r = await compare(z, f)
      console.log(`    z${z}: ${r.tiles} tiles, ${r.cells} cells, n = ${r.n}`)
      expect(r.n).toBeGreaterThan(1000)
    }
  })

  it('follow a live insert, an incident moved in space and time, and a delete', async () => {
    const rebuiltEqual = async () => asOwner(t.db, async (c) => {
      const snap = async () => (await c.query("select district_id, z, tx, ty, month, i, j, category, n from incident_cells where n <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8")).rows
      const kept = await snap()
      await c.query('begin')
      await c.query('select pingan_cells_rebuild($1)', [demo])
      const again = await snap()
      await c.query('rollback')
      expect(kept).toEqual(again)
      return kept.length
    })
    // one incident in April 2024 and one more in a cell of its own far from the others
    await t.db.query(`insert into incidents (district_id, source_id, time, category, lon, lat) values
      ($1, 'x1', '2024-04-15T10:00:00+08', 2, 119.0, 36.7), ($1, 'x2', '2024-05-02T10:00:00+08', 4, 119.105, 36.59)`, [demo])
    // an incident moved to another cell and into another month; another given a new category
    await t.db.query("update incidents set lon = lon + 0.02, lat = lat - 0.01, time = time + interval '40 days' where district_id = $1 and source_id = 'I100000'", [demo])
    await t.db.query("update incidents set category = (category + 1) % 5 where district_id = $1 and source_id = 'I100001'", [demo])
    // an address changed counts nothing
    await t.db.query("update incidents set address = 'x' where district_id = $1 and source_id = 'I100002'", [demo])
    await t.db.query("delete from incidents where district_id = $1 and source_id in ('I050000', 'I150000', 'x1')", [demo])
    const rows = await rebuiltEqual()
    console.log(`    ${rows} rollup rows, as counted again from scratch`)
    const all = await compare(8, {})
    expect(all.n).toBe(200_000 + 2 - 3)
    const cases: [number, TileFilter][] = [[10, PARTIAL], [13, WHOLE], [11, { from: parseLocalDate('2024-04') }]]
    for (const [z, f] of cases) await compare(z, f)
  })
})
